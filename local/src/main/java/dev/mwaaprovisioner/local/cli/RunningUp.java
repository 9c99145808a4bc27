package dev.mwaaprovisioner.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Tells whether an endpoint is a running {@code up}: a local cloud (it answers
 * {@code GET /_local/inventory}) holding the application's stack. Provisioning against it with
 * {@code provision --endpoint} would run a second workflow here, on this command's clock, beside
 * the one {@code up} runs itself for the same upload on its own (accelerated) clock.
 */
final class RunningUp {

    private RunningUp() {
    }

    /** Whether {@code endpoint} is a local cloud with the application's stack; false for anything else. */
    static boolean at(URI endpoint) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/_local/inventory"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return false;
            }
            for (JsonNode stack : Json.MAPPER.readTree(response.body()).path("cloudformation").path("stacks")) {
                if (stack.path("stackName").asText().equals(LocalApplication.STACK_NAME)
                        && !stack.path("status").asText().startsWith("DELETE_")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | IllegalArgumentException e) {
            return false; // not a local cloud, or not answering: the provisioning itself will say what is wrong
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
