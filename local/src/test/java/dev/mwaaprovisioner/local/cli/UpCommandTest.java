package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code up}: the deployed application runs until stopped, and a file dropped into its bucket is provisioned. */
class UpCommandTest {

    @Test
    void aRequestDroppedIntoTheBucketIsProvisionedAndShown() throws Exception {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        UpCommand command = commandLine.getSubcommands().get("up").getCommand();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> commandLine.execute("up", "--port", "0"));
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!out.toString().contains("Press Ctrl-C to stop.") && !running.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            LocalApplication app = command.application;
            assertThat(app).as(out.toString()).isNotNull();
            String banner = out.toString();
            assertThat(banner).contains("MWAA Provisioner is up on " + app.cloud().endpoint())
                    .containsPattern("ConfigBucketName +" + app.configBucket())
                    .containsPattern("ProvisioningStateMachineArn +arn:aws:states:us-east-1:000000000000:stateMachine:")
                    .contains("export AWS_ENDPOINT_URL=" + app.cloud().endpoint())
                    .contains("aws s3 cp examples/minimal.yaml s3://" + app.configBucket() + "/requests/minimal.yaml");

            try (S3Client s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud())) {
                s3.createBucket(r -> r.bucket("airflow-analytics-dev"));
                s3.putBucketVersioning(r -> r.bucket("airflow-analytics-dev").versioningConfiguration(v -> v.status("Enabled")));
                s3.putPublicAccessBlock(r -> r.bucket("airflow-analytics-dev").publicAccessBlockConfiguration(b -> b
                        .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
                s3.putObject(r -> r.bucket(app.configBucket()).key("requests/minimal.yaml"),
                        RequestBody.fromFile(CommandLineUsageTest.ROOT.resolve(Path.of("examples", "minimal.yaml"))));
            }
            while (!out.toString().contains("SUCCEEDED") && !out.toString().contains("FAILED")
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(out.toString()).contains("started  ", "from s3://" + app.configBucket() + "/requests/minimal.yaml")
                    .containsPattern("SUCCEEDED +[A-Za-z0-9_-]+: environment analytics-dev AVAILABLE, ");

            // The same request again changes nothing; deleting it forgets it (DeletionPolicy Retain by default).
            try (S3Client s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud())) {
                s3.putObject(r -> r.bucket(app.configBucket()).key("requests/minimal.yaml"),
                        RequestBody.fromFile(CommandLineUsageTest.ROOT.resolve(Path.of("examples", "minimal.yaml"))));
                awaitPrinted(out, "unchanged", deadline);
                s3.deleteObject(r -> r.bucket(app.configBucket()).key("requests/minimal.yaml"));
                awaitPrinted(out, "deprovisioned", deadline);
            }
            assertThat(out.toString()).containsPattern("SUCCEEDED +[A-Za-z0-9_-]+: environment analytics-dev unchanged\n")
                    .containsPattern("SUCCEEDED +[A-Za-z0-9_-]+: environment analytics-dev deprovisioned, kept "
                            + "\\(DeletionPolicy: Retain\\)")
                    .doesNotContain("null", " ?");
        } finally {
            command.stop.countDown();
        }
        assertThat(running.get()).isZero();
    }

    private static void awaitPrinted(StringWriter out, String text, long deadline) throws InterruptedException {
        while (!out.toString().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
