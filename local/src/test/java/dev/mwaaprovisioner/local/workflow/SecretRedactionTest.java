package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Airflow configuration option values are sensitive (MWAA treats them so): whatever the outcome,
 * they never reach what the workflow writes for people to read — the status document, the
 * outcome event, the execution's error and cause — nor anything printed while it runs.
 */
@Isolated("Swaps System.out and System.err to read what the functions print: nothing else may print meanwhile")
class SecretRedactionTest {

    private static final String SECRET = "s3cr3t-Pa55w0rd-7f1c2a";
    private static final String NETWORK = """
            Network:
              VpcCIDR: 10.192.0.0/16
              PublicSubnet1CIDR: 10.192.10.0/24
              PublicSubnet2CIDR: 10.192.11.0/24
              PrivateSubnet1CIDR: 10.192.20.0/24
              PrivateSubnet2CIDR: 10.192.21.0/24
            """;

    private static WorkflowHarness harness;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        harness = new WorkflowHarness();
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), harness.cloud.cloud);
        s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        s3.putBucketVersioning(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        for (String bucket : List.of("airflow-secret-ok", "airflow-secret-bad")) {
            s3.createBucket(r -> r.bucket(bucket));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        }
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private record Outcome(Execution execution, String status, String events, String printed) {
    }

    private static Outcome run(String name, String request) throws Exception {
        String key = "requests/" + name + ".yaml";
        String version = s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(key),
                RequestBody.fromString(request, StandardCharsets.UTF_8)).versionId();
        ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "s3-object-created.json");
        ((ObjectNode) event.path("detail").path("object")).put("key", key).put("version-id", version)
                .put("size", request.length());

        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Execution execution;
        try {
            System.setOut(capture);
            System.setErr(capture);
            execution = harness.run(event);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String status = s3.getObjectAsBytes(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key("status/" + name + ".json"))
                .asUtf8String();
        StringBuilder events = new StringBuilder();
        for (CloudEvent e : harness.cloud.cloud.eventBus().events()) {
            if (e.source().equals("mwaa-provisioner")) {
                events.append(e.toJson()).append('\n');
            }
        }
        return new Outcome(execution, status, events.toString(), printed.toString(StandardCharsets.UTF_8));
    }

    private static void assertNoSecret(Outcome outcome) {
        assertThat(outcome.status()).doesNotContain(SECRET);
        assertThat(outcome.events()).isNotEmpty().doesNotContain(SECRET);
        assertThat(outcome.execution().error().orElse("")).doesNotContain(SECRET);
        assertThat(outcome.execution().cause().orElse("")).doesNotContain(SECRET);
        assertThat(outcome.printed()).doesNotContain(SECRET);
    }

    @Test
    void aRequestThatReachesTheEnvironmentStepLeavesNoOptionValueInItsOutcome() throws Exception {
        Outcome outcome = run("secret-ok", """
                Name: secret-ok
                SourceBucketArn: arn:aws:s3:::airflow-secret-ok
                DagS3Path: dags
                AirflowConfigurationOptions:
                  smtp.smtp_password: %s
                  core.default_timezone: utc
                """.formatted(SECRET) + NETWORK);
        assertThat(outcome.execution().status()).isIn(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
        // The environment step read the value from the request object; the state carried only its digest.
        assertThat(harness.invocations().get("CreateEnvironmentFunction").get()).isPositive();
        assertThat(outcome.execution().history().toString()).doesNotContain(SECRET).contains("sha256:");
        assertNoSecret(outcome);
    }

    @Test
    void aRefusedRequestNamesTheBadFieldsButNoOptionValue() throws Exception {
        Outcome outcome = run("secret-bad", """
                Name: secret-bad
                SourceBucketArn: arn:aws:s3:::airflow-secret-bad
                DagS3Path: dags
                MaxWorkers: 0
                AirflowConfigurationOptions:
                  smtp.smtp_password: %s
                  Not An Option: %s
                  core.fernet_key: "%s\\u0007"
                """.formatted(SECRET, SECRET, SECRET) + NETWORK);
        assertThat(outcome.execution().status()).isEqualTo(ExecutionStatus.FAILED);
        List<String> paths = new ArrayList<>();
        WorkflowJson.MAPPER.readTree(outcome.status()).path("Error").path("Problems")
                .forEach(p -> paths.add(p.path("Path").asText()));
        assertThat(paths).containsExactlyInAnyOrder("MaxWorkers", "AirflowConfigurationOptions[\"Not An Option\"]",
                "AirflowConfigurationOptions[\"core.fernet_key\"]");
        assertNoSecret(outcome);
    }
}
