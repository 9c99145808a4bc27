package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code plan}, {@code status} and {@code list} as users run them: {@code java -jar
 * local/target/mwaa-local.jar}, against a running {@code up} of the same jar, before and after a
 * request is uploaded there with the AWS SDK; and {@code plan} on the embedded cloud.
 */
class PlanStatusListJarIT {

    private static final Path ROOT = CommandLineUsageTest.ROOT;
    private static final Path JAR = ROOT.resolve("local/target/mwaa-local.jar");
    private static final Pattern CONFIG_BUCKET = Pattern.compile("(?m)^  ConfigBucketName +(\\S+)$");

    @Test
    void planStatusAndListAgainstARunningUp(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("the packaged jar").isRegularFile();
        int port = freePort();
        String endpoint = "http://127.0.0.1:" + port;
        Path upOutput = dir.resolve("up.out");
        Process up = new ProcessBuilder(List.of(java(), "-jar", JAR.toString(), "up", "--port", String.valueOf(port)))
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(upOutput.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(upOutput).contains("Press Ctrl-C to stop.") && up.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            String banner = Files.readString(upOutput);
            Matcher bucket = CONFIG_BUCKET.matcher(banner);
            assertThat(bucket.find()).as(banner).isTrue();
            String configBucket = bucket.group(1);

            Run create = run("plan", "examples/minimal.yaml", "--endpoint", endpoint);
            assertThat(create.exitCode()).as(create.toString()).isZero();
            assertThat(create.out()).as(create.toString())
                    .contains("Plan for examples/minimal.yaml as s3://" + configBucket + "/requests/minimal.yaml on "
                            + endpoint + " (us-east-1), config bucket s3://" + configBucket + " (stack mwaa-provisioner):")
                    .contains("Create: environment analytics-dev is provisioned:");

            Run unknown = run("status", "analytics-dev", "--endpoint", endpoint);
            assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(4);
            assertThat(unknown.out()).contains("error: no environment analytics-dev in the deployment");

            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build()) {
                s3.createBucket(r -> r.bucket("airflow-analytics-dev"));
                s3.putBucketVersioning(r -> r.bucket("airflow-analytics-dev").versioningConfiguration(v -> v.status("Enabled")));
                s3.putObject(r -> r.bucket(configBucket).key("requests/minimal.yaml"),
                        RequestBody.fromFile(ROOT.resolve("examples/minimal.yaml")));
                String status = "";
                while (!status.contains("\"SUCCEEDED\"") && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(60)) {
                    Thread.sleep(200);
                    try {
                        status = s3.getObjectAsBytes(r -> r.bucket(configBucket).key("status/analytics-dev.json"))
                                .asUtf8String();
                    } catch (NoSuchKeyException notYet) {
                        status = "";
                    }
                }
                assertThat(status).as(Files.readString(upOutput)).contains("\"SUCCEEDED\"");
            }

            Run same = run("plan", "examples/minimal.yaml", "--endpoint", endpoint);
            assertThat(same.exitCode()).as(same.toString()).isZero();
            assertThat(same.out()).contains("Nothing to do: environment analytics-dev is as examples/minimal.yaml asks");

            Path edited = Files.writeString(dir.resolve("minimal.yaml"),
                    Files.readString(ROOT.resolve("examples/minimal.yaml")) + "MinWorkers: 2\nMaxWorkers: 6\n");
            Run update = run("plan", edited.toString(), "--endpoint", endpoint);
            assertThat(update.exitCode()).as(update.toString()).isZero();
            assertThat(update.out()).as(update.toString())
                    .contains("Update: environment analytics-dev changes in place")
                    .containsPattern("(?m)^  MinWorkers: \\d+ -> 2$")
                    .containsPattern("(?m)^  MaxWorkers: \\d+ -> 6$");

            Path invalid = Files.writeString(dir.resolve("invalid.yaml"),
                    Files.readString(ROOT.resolve("examples/minimal.yaml")).replace("dags", "s3://elsewhere/dags"));
            Run refused = run("plan", invalid.toString(), "--endpoint", endpoint);
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
            assertThat(refused.out()).as(refused.toString()).contains("Refused: " + invalid + " is not a valid request")
                    .containsPattern("(?m)^  DagS3Path: ");

            Run status = run("status", "analytics-dev", "--endpoint", endpoint);
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.out()).as(status.toString()).contains("State:           SUCCEEDED",
                    "MWAA status:     AVAILABLE", "Owner file:      s3://" + configBucket + "/requests/minimal.yaml");

            Run list = run("list", "--endpoint", endpoint);
            assertThat(list.exitCode()).as(list.toString()).isZero();
            assertThat(list.out().lines().toList()).as(list.toString()).hasSize(2);
            assertThat(list.out()).containsPattern("(?m)^analytics-dev +SUCCEEDED +AVAILABLE ");
        } finally {
            up.descendants().forEach(ProcessHandle::destroy);
            up.destroy();
            up.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void planOnTheEmbeddedCloudIsACreation() throws Exception {
        Run run = run("plan", "examples/minimal.yaml");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString())
                .contains("on the embedded local cloud (it starts empty):")
                .contains("Create: environment analytics-dev is provisioned:")
                .contains("Nothing was uploaded or changed.");
    }

    // ----------------------------------------------------------------------------------------

    /** One run of the jar; standard error is merged into {@code out}. */
    record Run(int exitCode, String out) {
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("jar", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
