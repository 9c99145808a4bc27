package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.request.InvalidRequestException;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.request.RequestParser;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.cloud.s3.S3Object;
import dev.mwaaprovisioner.local.cloud.s3.S3Store;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The main job on the embedded cloud: puts a request file under {@code requests/} in the deployed
 * config bucket, exactly as a user's upload would, and follows the execution that the
 * {@code Object Created} rule starts, state by state, to its end.
 */
public final class EmbeddedProvisioning {

    public static final String REQUEST_PREFIX = "requests/";
    /** How long to wait, in real time, for the rule to start the execution after the upload. */
    private static final Duration START_LIMIT = Duration.ofSeconds(10);

    private final LocalApplication application;
    private final PrintWriter out;

    public EmbeddedProvisioning(LocalApplication application, PrintWriter out) {
        this.application = application;
        this.out = out;
    }

    /**
     * The embedded cloud starts empty; what the request names and MWAA needs to exist (the source
     * bucket, existing subnets and security groups, a key, a role) is created when the request is
     * valid and the resource missing, each in one line (see {@link ReferencedResources}). An
     * invalid request is left to the workflow to refuse.
     */
    public void createReferencedResources(byte[] request, String fileName) {
        ProvisioningRequest parsed;
        try {
            parsed = RequestParser.standard().parse(request, fileName);
        } catch (InvalidRequestException e) {
            return;
        }
        new ReferencedResources(application.cloud(), out).createMissing(parsed);
    }

    /**
     * Uploads the request and follows the execution it starts.
     *
     * @param key the object key, under {@value #REQUEST_PREFIX}
     * @return how the execution ended, with its last state document
     */
    public Outcome provision(byte[] request, String key) throws InterruptedException {
        StateMachines machines = application.cloud().service(StateMachines.class);
        String bucket = application.configBucket();
        CompletableFuture<Execution> started = new CompletableFuture<>();
        try (AutoCloseable watch = machines.onExecutionStarted(execution -> {
            if (execution.stateMachineArn().equals(application.stateMachineArn()) && startedBy(execution, bucket, key)) {
                started.complete(execution);
            }
        })) {
            S3Object uploaded = application.cloud().service(S3Store.class).putObject(bucket, key, request,
                    Map.of("Content-Type", key.endsWith(".json") ? "application/json" : "application/yaml"), Map.of(),
                    "local-provision");
            out.printf("Uploaded the request to s3://%s/%s (version %s)%n", bucket, key, uploaded.versionId());
            out.flush();
            Execution execution = started.get(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return Outcome.follow(execution, out);
        } catch (TimeoutException e) {
            throw new IllegalStateException("No execution of " + application.stateMachineArn() + " started within "
                    + START_LIMIT.toSeconds() + " s of the upload of s3://" + bucket + "/" + key
                    + ": the rule for requests did not match it.");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the execution's input is the Object Created event of this upload. */
    private static boolean startedBy(Execution execution, String bucket, String key) {
        JsonNode input = execution.input();
        return "Object Created".equals(input.path("detail-type").asText())
                && bucket.equals(input.path("detail").path("bucket").path("name").asText())
                && key.equals(input.path("detail").path("object").path("key").asText());
    }
}
