package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.RequestLog;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.runner.EmbeddedProvisioning;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code status NAME} and {@code list} against a running deployment (as {@code up} runs it) after
 * two environments were provisioned through the workflow and one of them removed by deleting its
 * request file (DeletionPolicy: Delete): what the status documents, claims and MWAA say, read and never written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusAndListCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = """
            Name: %s
            SourceBucketArn: arn:aws:s3:::airflow-%s
            DagS3Path: dags
            Network:
              VpcCIDR: 10.192.0.0/16
              PublicSubnet1CIDR: 10.192.10.0/24
              PublicSubnet2CIDR: 10.192.11.0/24
              PrivateSubnet1CIDR: 10.192.20.0/24
              PrivateSubnet2CIDR: 10.192.21.0/24
            """;

    LocalApplication app;
    String endpoint;
    S3Client s3;
    String keptVersion;

    @BeforeAll
    void provisionTwoAndRemoveOne() throws Exception {
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")), LocalApplication.config().withTimeScale(2000));
        endpoint = app.cloud().endpoint().toString();
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
        provision("kept", "");
        keptVersion = s3.headObject(r -> r.bucket(app.configBucket()).key("requests/kept.yaml")).versionId();
        provision("removed", "DeletionPolicy: Delete\n");

        CompletableFuture<Execution> removal = new CompletableFuture<>();
        try (AutoCloseable watch = app.cloud().service(StateMachines.class).onExecutionStarted(execution -> {
            if ("Object Deleted".equals(execution.input().path("detail-type").asText())) {
                removal.complete(execution);
            }
        })) {
            s3.deleteObject(r -> r.bucket(app.configBucket()).key("requests/removed.yaml"));
            Execution execution = removal.get(10, TimeUnit.SECONDS);
            assertThat(execution.awaitCompletion(Duration.ofSeconds(60))).isTrue();
            assertThat(execution.status()).as(execution.cause().orElse("")).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }

    @AfterAll
    void stop() {
        s3.close();
        app.close();
    }

    @Test
    void listShowsTheProvisionedAndTheRemovedEnvironment() throws Exception {
        CommandRun run = readOnly("list", "--endpoint", endpoint);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).as(run.toString()).hasSize(3);
        assertThat(lines.get(0)).startsWith("NAME").contains("STATE", "MWAA STATUS", "VERSION APPLIED", "OWNER FILE",
                "LAST EXECUTION", "UPDATED AT");
        assertThat(lines.get(1)).as(run.toString()).startsWith("kept ").contains(" SUCCEEDED ", " AVAILABLE ",
                " " + keptVersion + " ", " s3://" + app.configBucket() + "/requests/kept.yaml ",
                " arn:aws:states:us-east-1:000000000000:execution:");
        assertThat(lines.get(2)).as(run.toString()).startsWith("removed ").contains(" DEPROVISIONED ", " - ",
                " s3://" + app.configBucket() + "/requests/removed.yaml ");

        CommandRun json = readOnly("list", "--endpoint", endpoint, "--output", "json");
        JsonNode rows = JSON.readTree(json.out());
        assertThat(rows).as(json.toString()).hasSize(2);
        assertThat(rows.get(0).path("Name").asText()).isEqualTo("kept");
        assertThat(rows.get(0).path("MwaaStatus").asText()).isEqualTo("AVAILABLE");
        assertThat(rows.get(0).path("VersionApplied").asText()).isEqualTo(keptVersion);
        assertThat(rows.get(0).path("WebserverUrl").asText()).isNotBlank();
        assertThat(rows.get(1).path("Name").asText()).isEqualTo("removed");
        assertThat(rows.get(1).path("State").asText()).isEqualTo("DEPROVISIONED");
        assertThat(rows.get(1).path("MwaaStatus").asText()).isEqualTo("-");
    }

    @Test
    void statusShowsOneEnvironment() throws Exception {
        CommandRun run = readOnly("status", "kept", "--endpoint", endpoint);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString())
                .contains("Name:            kept")
                .contains("State:           SUCCEEDED")
                .contains("MWAA status:     AVAILABLE")
                .contains("Version applied: " + keptVersion)
                .contains("Owner file:      s3://" + app.configBucket() + "/requests/kept.yaml")
                .containsPattern("Last execution: +arn:aws:states:us-east-1:000000000000:execution:\\S+:kept-yaml-")
                .containsPattern("Updated at: +20\\d\\d-")
                .contains("Webserver URL:");

        JsonNode json = JSON.readTree(readOnly("status", "removed", "--endpoint", endpoint, "--output", "json").out());
        assertThat(json.path("State").asText()).isEqualTo("DEPROVISIONED");
        assertThat(json.path("OwnerFile").asText()).isEqualTo("s3://" + app.configBucket() + "/requests/removed.yaml");
    }

    @Test
    void anUnknownNameIsOneLineAndItsOwnExitCode() throws Exception {
        CommandRun run = readOnly("status", "never-provisioned", "--endpoint", endpoint);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).as(run.toString()).containsExactly("error: no environment never-provisioned in the "
                + "deployment s3://" + app.configBucket() + " (stack mwaa-provisioner) on " + endpoint + " (us-east-1) (no "
                + "status or claim of it, no MWAA environment of that Name with the provisioner's tag); `list` shows the "
                + "environments it manages.");
        assertThat(CommandRun.of("status", "--help").out()).contains("4   no such environment");

        CommandRun invalid = CommandRun.of("status", "not a name", "--endpoint", endpoint);
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err()).contains("NAME 'not a name' is not an MWAA environment name");
    }

    /**
     * Claims written by other versions of the provisioner read the same: unknown fields are
     * ignored, missing ones shown as '-', an execution holding the Name is the last execution.
     */
    @Test
    void recordsAreReadFieldByFieldWhateverElseTheyHold() throws Exception {
        s3.putObject(r -> r.bucket(app.configBucket()).key("claims/hand-written.json"), RequestBody.fromString("""
                {"Name": "hand-written", "Owner": {"Type": "S3Object", "Uri": "s3://elsewhere/requests/h.yaml"},
                 "Holder": {"ExecutionArn": "arn:aws:states:us-east-1:000000000000:execution:m:running-one", "Since": "x"},
                 "Waiting": [1, 2], "SomethingNew": {"Deep": true}}
                """, StandardCharsets.UTF_8));
        try {
            CommandRun run = readOnly("status", "hand-written", "--endpoint", endpoint);
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).as(run.toString())
                    .contains("State:           -")
                    .contains("MWAA status:     -")
                    .contains("Version applied: -")
                    .contains("Owner file:      s3://elsewhere/requests/h.yaml")
                    .contains("Last execution:  arn:aws:states:us-east-1:000000000000:execution:m:running-one")
                    .contains("Updated at:      -");
        } finally {
            s3.deleteObject(r -> r.bucket(app.configBucket()).key("claims/hand-written.json"));
        }
    }

    @Test
    void nothingAnsweringIsTheTargetExitCode() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CommandRun run = CommandRun.of("list", "--endpoint", "http://127.0.0.1:" + port);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains("Cannot reach http://127.0.0.1:" + port);
    }

    // ----------------------------------------------------------------------------------------

    /** Runs the command and checks the cloud served it reads only. */
    private synchronized CommandRun readOnly(String... args) {
        int served = app.cloud().requestLog().entries().size();
        CommandRun run = CommandRun.of(args);
        List<RequestLog.Entry> calls = app.cloud().requestLog().entries();
        assertThat(calls.subList(served, calls.size())).extracting(e -> e.service() + ":" + e.operation())
                .as("the command's calls").isNotEmpty()
                .allMatch(op -> op.matches("[a-z0-9-]+:(Get|Describe|List|Head)[A-Za-z0-9]*"), "a read");
        return run;
    }

    private void provision(String name, String more) throws InterruptedException {
        byte[] request = (REQUEST.formatted(name, name) + more).getBytes(StandardCharsets.UTF_8);
        StringWriter progress = new StringWriter();
        EmbeddedProvisioning provisioning = new EmbeddedProvisioning(app, new PrintWriter(progress, true));
        provisioning.createReferencedResources(request, name + ".yaml");
        assertThat(provisioning.provision(request, EmbeddedProvisioning.REQUEST_PREFIX + name + ".yaml").available())
                .as(progress.toString()).isTrue();
    }
}
