package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code invoke} runs every function of template.yaml on each of its sample events in
 * {@code events/}, against a local cloud holding what the samples name (the config bucket
 * {@code mwaa-provisioner-configbucket-example} with {@code requests/analytics-dev.yaml}, and
 * the request's source bucket), as a team tries a function against its own account.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvokeCommandTest {

    static final Path EVENTS = CommandLineUsageTest.ROOT.resolve("events");
    static final String CONFIG_BUCKET = "mwaa-provisioner-configbucket-example";

    LocalCloud cloud;

    @BeforeAll
    void world() throws IOException {
        cloud = LocalCloud.start(LocalApplication.config().withTimeScale(2000));
        try (S3Client s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud)) {
            for (String bucket : List.of(CONFIG_BUCKET, "airflow-analytics-dev")) {
                s3.createBucket(r -> r.bucket(bucket));
                s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
                s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(b -> b
                        .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
            }
            s3.putObject(r -> r.bucket(CONFIG_BUCKET).key("requests/analytics-dev.yaml"),
                    RequestBody.fromFile(CommandLineUsageTest.ROOT.resolve("examples/minimal.yaml")));
        }
    }

    @AfterAll
    void stop() {
        cloud.close();
    }

    private CommandRun invoke(String function, Path event) {
        return CommandRun.of("invoke", function, "-e", event.toString(), "--endpoint", cloud.endpoint().toString(),
                "--config-bucket", CONFIG_BUCKET);
    }

    /** An event of events/ and what invoking its function on it gives here. */
    record Expectation(String event, int exitCode, String output) {
    }

    /**
     * In workflow order, so each step finds what the previous ones made. Events that name
     * resources of the sample account (an S3 version, subnets, a key) fail as the function fails
     * for a resource that does not exist: that is the function's answer, printed as Lambda's error.
     */
    static final List<Expectation> EXPECTED = List.of(
            // The state machine exists only in a deployed stack: the dispatch says so.
            new Expectation("DispatchFunction/s3-object-created.json", 1, "STATE_MACHINE_ARN is not set"),
            new Expectation("DispatchFunction/s3-object-deleted.json", 1, "STATE_MACHINE_ARN is not set"),
            new Expectation("DispatchFunction/provision-environment.json", 1, "STATE_MACHINE_ARN is not set"),
            new Expectation("DispatchFunction/deprovision-environment.json", 1, "STATE_MACHINE_ARN is not set"),
            new Expectation("ValidateRequestFunction/provision-environment-inline.json", 0, "\"CreateNetworkStack\" : true"),
            // The inline event just claimed the Name analytics-dev: a file asking for it is refused.
            new Expectation("ValidateRequestFunction/provision-environment-uri.json", 1,
                    "is owned by inline requests of \\\"Provision Environment\\\" events"),
            // ${RequestVersionId} is filled only on the embedded cloud, after the event's given request:
            // here the event names a version that is not the file's current one, so it applies nothing.
            new Expectation("ValidateRequestFunction/s3-object-created.json", 0, "\"SupersededBy\" : \"version "),
            // No environment of that name yet: the provisioning path.
            new Expectation("PlanChangesFunction/input.json", 0, "\"Action\" : \"Create\""),
            new Expectation("CreateNetworkStackFunction/input.json", 0, "\"StackName\" : \"mwaa-analytics-dev-network\""),
            // ${NetworkStackId} is filled only on the embedded cloud, after the event's given request.
            new Expectation("CheckNetworkStackFunction/input.json", 1, "mwaa-analytics-dev-network no longer exists"),
            new Expectation("CheckExistingNetworkFunction/input.json", 1, "subnet-0a1b2c3d4e5f60718"),
            new Expectation("CreateExecutionRoleFunction/input.json", 0, "\"RoleName\" : \"mwaa-analytics-dev-execution\""),
            new Expectation("UpdateKeyPolicyFunction/input.json", 1, "does not exist in this account and Region"),
            new Expectation("CreateEnvironmentFunction/input.json", 1, "subnet-0a1b2c3d4e5f60718"),
            new Expectation("CheckEnvironmentFunction/input.json", 1, "Environment analytics-dev no longer exists"),
            new Expectation("UpdateEnvironmentFunction/input.json", 1, "Environment analytics-dev no longer exists"),
            new Expectation("ReportFunction/succeeded.json", 0, "\"Outcome\" : \"SUCCEEDED\""),
            new Expectation("ReportFunction/failed.json", 0, "\"Outcome\" : \"FAILED\""),
            new Expectation("ReportFunction/invalid-request.json", 0, "\"Outcome\" : \"FAILED\""),
            // The sample request file still exists: deleting an older version removes nothing.
            new Expectation("PlanRemovalFunction/s3-object-deleted.json", 0, "still exists"),
            // The status the reports just wrote records no DeletionPolicy: the safe default applies.
            new Expectation("PlanRemovalFunction/deprovision-environment.json", 0, "\"DeletionPolicy\" : \"Retain\""),
            new Expectation("PlanRemovalFunction/rollback.json", 0, "\"Purpose\" : \"Rollback\""),
            new Expectation("RemoveEnvironmentFunction/input.json", 0, "no environment analytics-dev"),
            new Expectation("RemoveKeyPolicyStatementFunction/input.json", 0, "the key is gone or scheduled for deletion"),
            // The role CreateExecutionRole made above, tagged for analytics-dev, is deleted.
            new Expectation("RemoveExecutionRoleFunction/input.json", 0, "\"Status\" : \"REMOVED\""),
            // So is the stack CreateNetworkStack made; the step waits for DELETE_COMPLETE.
            new Expectation("RemoveNetworkStackFunction/input.json", 0, "\"Waiting\" : true"),
            new Expectation("ReportFunction/deprovisioned.json", 0, "\"Outcome\" : \"DEPROVISIONED\""));

    @Test
    void everyFunctionRunsOnEachOfItsEvents() throws IOException {
        List<String> all;
        try (Stream<Path> files = Files.walk(EVENTS)) {
            all = files.filter(f -> f.toString().endsWith(".json")).map(f -> EVENTS.relativize(f).toString()).sorted()
                    .toList();
        }
        assertThat(EXPECTED).extracting(Expectation::event).as("every event of events/ is invoked")
                .containsExactlyInAnyOrderElementsOf(all);
        for (Expectation expected : EXPECTED) {
            String function = expected.event().substring(0, expected.event().indexOf('/'));
            CommandRun run = invoke(function, EVENTS.resolve(expected.event()));
            assertThat(run.exitCode()).as(expected.event() + "\n" + run).isEqualTo(expected.exitCode());
            assertThat(run.out()).as(expected.event() + "\n" + run).contains(expected.output());
            if (expected.exitCode() == 1) {
                assertThat(run.out()).as("Lambda's error document").contains("\"errorType\"", "\"errorMessage\"");
                assertThat(run.err()).contains(function + " failed (");
            }
        }
        try (S3Client s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud)) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket(CONFIG_BUCKET).key("status/analytics-dev.json")).asUtf8String())
                    .contains("\"State\"");
        }
    }

    @Test
    void theEmbeddedCloudRunsAFunctionOfTheDeployedApplication() {
        CommandRun run = CommandRun.of("invoke", "ValidateRequestFunction", "-e",
                EVENTS.resolve("ValidateRequestFunction/provision-environment-inline.json").toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("\"Name\" : \"analytics-dev\"", "\"Account\" : \"000000000000\"");
        // In the deployed application the dispatch starts the state machine, named after the event.
        CommandRun dispatch = CommandRun.of("invoke", "DispatchFunction", "-e",
                EVENTS.resolve("DispatchFunction/provision-environment.json").toString());
        assertThat(dispatch.exitCode()).as(dispatch.toString()).isZero();
        assertThat(dispatch.out()).contains("\"ExecutionName\" : \"a1c8e3f0-5e0b-4c4e-9d51-6f0e2b7c9a10\"",
                ":execution:");
        CommandRun unknown = CommandRun.of("invoke", "NoSuchFunction", "--endpoint", cloud.endpoint().toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("NoSuchFunction is not a function of template.yaml; its functions are: "
                + "DispatchFunction, ValidateRequestFunction, PlanChangesFunction, CreateNetworkStackFunction");
    }

    /** A step's input of the wrong shape: Lambda's error document names the field and what it expects. */
    @Test
    void aWrongShapedInputNamesTheFieldNeverANullPointer(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        record Case(String function, String event, String message) { }
        List<Case> cases = List.of(
                new Case("CheckEnvironmentFunction", "{}",
                        "Input field Environment: required, expected an object (EnvironmentState), got nothing"),
                new Case("CreateEnvironmentFunction", "{}", "Input field Request: required"),
                new Case("RemoveExecutionRoleFunction", "{\"Removal\": null}", "Input field Removal: required"),
                new Case("CreateNetworkStackFunction", "{\"Request\": {\"Name\": \"analytics-dev\"}, \"Now\": "
                        + "\"2026-11-28T09:30:00Z\"}", "Input field Request.SourceBucketArn: required, expected a string"),
                new Case("PlanChangesFunction", "{\"Request\": \"analytics-dev\"}",
                        "Input field Request: expected an object (ProvisioningRequest)"),
                new Case("CheckEnvironmentFunction", "{\"Environment\": {\"Name\": \"analytics-dev\", "
                        + "\"NextCheckSeconds\": \"soon\"}, \"Now\": \"2026-11-28T09:30:00Z\"}",
                        "Input field Environment.NextCheckSeconds: expected an integer"),
                new Case("CreateEnvironmentFunction", "{\"SubnetIds\": [[\"subnet-1\"]]}",
                        "Input field SubnetIds[0]: expected a string"));
        for (Case c : cases) {
            Path event = Files.writeString(dir.resolve(c.function() + c.event().hashCode() + ".json"), c.event());
            CommandRun run = invoke(c.function(), event);
            assertThat(run.exitCode()).as(c + "\n" + run).isEqualTo(1);
            assertThat(run.out()).as(c + "\n" + run)
                    .contains("\"errorType\" : \"dev.mwaaprovisioner.common.workflow.InvalidStepInputException\"",
                            c.message(), "\"stackTrace\" : [")
                    .doesNotContain("NullPointerException");
        }
    }
}
