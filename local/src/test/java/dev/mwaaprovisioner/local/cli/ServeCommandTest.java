package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

    @Test
    void servesUntilStoppedAndTellsHowToPointTheAwsCliAtIt() throws Exception {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cli.execute("serve", "--port", "0", "--time-scale", "1000", "--log-requests"));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!out.toString().contains("Press Ctrl-C to stop.") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String banner = out.toString();
        Matcher endpoint = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)").matcher(banner);
        assertThat(endpoint.find()).as(banner).isTrue();
        assertThat(banner).contains("time scale 1000").contains("AWS_ENDPOINT_URL=" + endpoint.group(1))
                .contains("AWS_DISABLE_HOST_PREFIX_INJECTION=true").contains("--endpoint-url " + endpoint.group(1))
                .containsPattern("Ready \\d+ ms after JVM start");

        HttpResponse<String> health = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(endpoint.group(1) + "/_local/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).contains("\"timeScale\":1000.0");

        // An AWS request shows in the request log, with the caller's User-Agent.
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(endpoint.group(1) + "/"))
                        .header("Authorization", "AWS4-HMAC-SHA256 Credential=k/20260101/eu-west-1/sts/aws4_request, SignedHeaders=host, Signature=0")
                        .header("User-Agent", "test-agent/1.0")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("Action=GetCallerIdentity&Version=2011-06-15")).build(),
                HttpResponse.BodyHandlers.ofString());
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!out.toString().contains("sts GetCallerIdentity") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(out.toString()).contains("sts GetCallerIdentity eu-west-1 200 test-agent/1.0");

        serve.stop.countDown();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(serve.cloud.isClosed()).isTrue();
    }

    @Test
    void aBadTimeScaleIsAUsageError() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("serve", "--time-scale", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--time-scale 0.0 must be a positive number");
    }
}
