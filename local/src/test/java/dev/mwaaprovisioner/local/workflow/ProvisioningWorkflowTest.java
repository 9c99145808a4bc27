package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.request.ExistingNetwork;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.request.RequestParser;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.functions.dispatch.DispatchHandler;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.asl.HistoryEvent;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.mwaa.MwaaOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * statemachine/provision.asl.json end to end on the local ASL interpreter, with the real
 * handlers calling the local cloud through the real SDK: every example request, the custom
 * event, an invalid request, a re-run and the failure paths. Afterwards, least privilege is
 * measured over every call the functions made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisioningWorkflowTest {

    private WorkflowHarness harness;
    private final LeastPrivilege policies = new LeastPrivilege(WorkflowCloud.CONFIG_BUCKET);
    private S3Client s3;
    private KmsClient kms;
    private IamClient iam;
    private Ec2Client ec2;
    private CloudFormationClient cloudFormation;
    private MwaaClient mwaa;
    /** The example requests as prepared for this account, by file name (for the update below). */
    private final Map<String, String> prepared = new java.util.HashMap<>();

    @BeforeAll
    void start() throws Exception {
        harness = new WorkflowHarness(1000);
        var cloud = harness.cloud.cloud;
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
        kms = TestClients.client(KmsClient.builder(), cloud);
        iam = TestClients.client(IamClient.builder(), cloud, Region.AWS_GLOBAL);
        ec2 = TestClients.client(Ec2Client.builder(), cloud);
        cloudFormation = TestClients.client(CloudFormationClient.builder(), cloud);
        mwaa = TestClients.client(MwaaClient.builder(), cloud);
        s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        s3.putBucketVersioning(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        // The deployment's NetworkStackRole, which CloudFormation assumes for the network stacks.
        iam.createRole(r -> r.roleName("mwaa-provisioner-NetworkStackRole").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"cloudformation.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
    }

    @AfterAll
    void leastPrivilegeIsMeasuredOverEveryCall() {
        policies.observe(harness.cloud.cloud.requestLog().entries());
        harness.close();
        assertThat(policies.denied()).as("calls the functions' policies do not allow").isEmpty();
        // The removal functions' policies are measured where every removal path runs
        // (RemovalWorkflowTest, FaultMatrixTest); here only their calls are checked.
        assertThat(policies.unused(RemovalFunctions.exceptRemoval(policies.functions())))
                .as("policy actions no call needed").isSubsetOf(java.util.stream.Stream.concat(
                        RemovalFunctions.USED_AFTER_REMOVAL.stream(), RemovalFunctions.USED_WHEN_A_HOLDER_ENDS.stream()).toList());
    }

    // ----------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void everyExampleRequestEndsInAnAvailableEnvironment() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(RepositoryFiles.ROOT.resolve("examples"))) {
            examples = files.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
        Map<String, String> fileOfName = new HashMap<>();
        for (Path example : examples) {
            String text = prepare(Files.readString(example));
            prepared.put(example.getFileName().toString(), text);
            ProvisioningRequest request = RequestParser.standard().parse(text, example.toString());
            // Two examples share a Name (minimal.yaml and tagged.json): the second is sent as an edit
            // of the first one's file, as another file asking for that Name would be refused.
            String key = fileOfName.computeIfAbsent(request.name(), name -> "requests/" + example.getFileName());
            Execution execution = harness.run(uploaded(key, text));
            assertThat(execution.status()).as(example + ": " + execution.error() + " " + execution.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertProvisioned(request);
        }
    }

    @Test
    @Order(2)
    void theCustomEventWithTheRequestInlineDoesTheSame() throws Exception {
        ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "provision-environment-inline.json");
        ObjectNode inline = (ObjectNode) event.path("detail").path("Request");
        inline.put("Name", "inline-event");
        ((ObjectNode) inline.path("Network")).put("VpcCIDR", "10.50.0.0/16").put("PublicSubnet1CIDR", "10.50.10.0/24")
                .put("PublicSubnet2CIDR", "10.50.11.0/24").put("PrivateSubnet1CIDR", "10.50.20.0/24")
                .put("PrivateSubnet2CIDR", "10.50.21.0/24");
        sourceBucket(inline.path("SourceBucketArn").asText());
        Execution execution = harness.run(event);
        assertThat(execution.status()).as(execution.error() + " " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertProvisioned(RequestParser.standard().parse(inline.toString(), "inline"));
    }

    @Test
    @Order(3)
    void sendingTheSameRequestAgainConvergesWithoutDuplicates() throws Exception {
        String text = prepare(Files.readString(RepositoryFiles.ROOT.resolve("examples/minimal.yaml")));
        ProvisioningRequest request = RequestParser.standard().parse(text, "minimal");
        int stacks = cloudFormation.describeStacks().stacks().size();
        // The file the first test uploaded (which owns the Name), named by a Provision Environment event.
        s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key("requests/minimal.yaml"),
                RequestBody.fromString(text));
        Execution execution = harness.run(byUri("requests/minimal.yaml"));
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode status = status(request.name());
        assertThat(status.path("Network").path("CreatedByThisExecution").asBoolean()).isFalse();
        assertThat(status.path("ExecutionRole").path("CreatedByThisExecution").asBoolean()).isFalse();
        assertThat(status.path("Environment").path("CreatedByThisExecution").asBoolean()).isFalse();
        assertThat(cloudFormation.describeStacks().stacks()).hasSize(stacks);
    }

    @Test
    @Order(4)
    void anInvalidRequestFailsCreatesNothingAndItsStatusNamesTheBadFields() throws Exception {
        int stacks = cloudFormation.describeStacks().stacks().size();
        int environments = mwaa.listEnvironments(r -> { }).environments().size();
        Execution execution = harness.run(uploaded("requests/broken.yaml", """
                Name: broken
                SourceBucketArn: arn:aws:s3:::airflow-broken
                DagS3Path: dags
                EnvironmentClass: mw1.huge
                MaxWorker: 3
                Network:
                  VpcCIDR: 10.192.0.0/16
                  PublicSubnet1CIDR: 10.192.10.0/24
                  PublicSubnet2CIDR: 10.192.11.0/24
                  PrivateSubnet1CIDR: 10.192.20.0/24
                  PrivateSubnet2CIDR: 10.192.21.0/24
                """));
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).contains("RequestValidationException");
        assertThat(execution.cause().orElseThrow()).contains("EnvironmentClass: ", "MaxWorker: ");
        JsonNode status = status("broken");
        assertThat(status.path("State").asText()).isEqualTo("FAILED");
        assertThat(status.path("Error").path("Problems").findValuesAsText("Path")).containsExactlyInAnyOrder("EnvironmentClass", "MaxWorker");
        assertThat(cloudFormation.describeStacks().stacks()).hasSize(stacks);
        assertThat(mwaa.listEnvironments(r -> { }).environments()).hasSize(environments);
        assertThat(iam.listRoles().roles()).noneMatch(r -> r.roleName().contains("broken"));
    }

    @Test
    @Order(5)
    void aRoleMwaaCannotAssumeYetIsRetriedByTheStateMachine() throws Exception {
        String text = network(minimal("eventual-role"), "10.60");
        harness.cloud.cloud.faults().failResource("mwaa:execution-role", "mwaa-eventual-role-execution",
                "NOT_ASSUMABLE", Map.of(), 2);
        Execution execution = harness.run(uploaded("requests/eventual-role.yaml", text));
        assertThat(execution.status()).as(execution.error() + " " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.history().stream().filter(e -> e.type().equals("LambdaFunctionFailed"))
                .map(e -> e.details().toString())).hasSize(2).allMatch(d -> d.contains("ExecutionRoleNotAssumableYetException"));
    }

    @Test
    @Order(5)
    void aPolicyMwaaDoesNotSeeYetIsRetriedByTheStateMachine() throws Exception {
        String text = network(minimal("eventual-policy"), "10.65");
        harness.cloud.cloud.faults().failResource("mwaa:execution-role", "mwaa-eventual-policy-execution",
                "PERMISSIONS_NOT_EFFECTIVE", Map.of(), 2);
        Execution execution = harness.run(uploaded("requests/eventual-policy.yaml", text));
        assertThat(execution.status()).as(execution.error() + " " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.history().stream().filter(e -> e.type().equals("LambdaFunctionFailed"))
                .map(e -> e.details().toString())).hasSize(2)
                .allMatch(d -> d.contains("ExecutionRolePermissionsNotYetEffectiveException"));
    }

    @Test
    @Order(6)
    void anEnvironmentThatEndsCreateFailedFailsAtOnceWithMwaasError() throws Exception {
        String text = network(minimal("doomed"), "10.61");
        harness.cloud.cloud.faults().failResource("mwaa:environment", "doomed", "CREATE_FAILED",
                Map.of("ErrorCode", "INCORRECT_CONFIGURATION", "ErrorMessage", "The subnets have no route to S3."), 1);
        Execution execution = harness.run(uploaded("requests/doomed.yaml", text));
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).contains("EnvironmentCreationFailedException");
        assertThat(execution.cause().orElseThrow()).contains("INCORRECT_CONFIGURATION: The subnets have no route to S3.");
        JsonNode status = status("doomed");
        assertThat(status.path("Error").path("Cause").asText()).contains("CREATE_FAILED");
        // OnFailure defaults to Rollback: what this run created is gone, in reverse order.
        assertThat(status.path("Removal").path("Items").findValuesAsText("Status")).containsOnly("REMOVED");
        assertThat(status.path("Removal").path("Items").findValuesAsText("Kind"))
                .containsExactly("Environment", "ExecutionRole", "NetworkStack");
        assertThat(mwaa.listEnvironments(r -> { }).environments()).doesNotContain("doomed");
        assertThat(iam.listRoles().roles()).noneMatch(r -> r.roleName().equals("mwaa-doomed-execution"));
        assertThat(cloudFormation.listStacks().stackSummaries()).filteredOn(s -> s.stackName().equals("mwaa-doomed-network"))
                .allMatch(s -> s.stackStatusAsString().equals("DELETE_COMPLETE"));
    }

    @Test
    @Order(7)
    void aStackThatRollsBackFailsWithItsReasonAndIsRemoved() throws Exception {
        // On a slower clock, so the rollback happens while the workflow waits for the stack.
        try (WorkflowHarness slow = new WorkflowHarness(40)) {
            S3Client slowS3 = TestClients.client(S3Client.builder().forcePathStyle(true), slow.cloud.cloud);
            slowS3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
            String text = network(minimal("rolled-back"), "10.62");
            slowS3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key("requests/rolled-back.yaml"),
                    RequestBody.fromString(text));
            ObjectNode event = byUri("requests/rolled-back.yaml");
            slow.cloud.cloud.faults().failResource("cloudformation:stack", "mwaa-rolled-back-network", "CREATE_FAILED",
                    Map.of("logicalResourceId", "DefaultPrivateRoute2", "reason", "Route table quota reached."), 1);
            Execution execution = slow.run(event);
            assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(execution.error()).contains("NetworkStackFailedException");
            assertThat(execution.cause().orElseThrow()).contains("mwaa-rolled-back-network", "DefaultPrivateRoute2",
                    "Route table quota reached.");

            // The rolled-back stack this run created is deleted, so the next upload starts clean.
            CloudFormationClient slowCfn = TestClients.client(CloudFormationClient.builder(), slow.cloud.cloud);
            assertThat(slowCfn.listStacks().stackSummaries()).filteredOn(s -> s.stackName().equals("mwaa-rolled-back-network"))
                    .isNotEmpty().allMatch(s -> s.stackStatusAsString().equals("DELETE_COMPLETE"));
            JsonNode status = WorkflowJson.MAPPER.readTree(slowS3.getObjectAsBytes(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET)
                    .key("status/rolled-back.json")).asByteArray());
            assertThat(status.path("Error").path("Cause").asText()).contains("DefaultPrivateRoute2");
            assertThat(status.path("Removal").path("Items").toString()).contains("NetworkStack", "REMOVED");

            // With OnFailure: Keep the rolled-back stack stays to be looked at, and a retry says what to do.
            String kept = network(minimal("kept-stack"), "10.64") + "OnFailure: Keep\n";
            slowS3.createBucket(r -> r.bucket("airflow-kept-stack"));
            slowS3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key("requests/kept-stack.yaml"),
                    RequestBody.fromString(kept));
            slow.cloud.cloud.faults().failResource("cloudformation:stack", "mwaa-kept-stack-network", "CREATE_FAILED",
                    Map.of("logicalResourceId", "NatGateway1", "reason", "Elastic IP quota reached."), 1);
            Execution keptRun = slow.run(byUri("requests/kept-stack.yaml"));
            assertThat(keptRun.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(slowCfn.describeStacks(r -> r.stackName("mwaa-kept-stack-network")).stacks().get(0)
                    .stackStatusAsString()).startsWith("ROLLBACK_");
            Execution again = slow.run(byUri("requests/kept-stack.yaml"));
            assertThat(again.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(again.cause().orElseThrow()).contains("is ROLLBACK_", "NatGateway1", "delete the stack");
            policies.observe(slow.cloud.cloud.requestLog().entries());
        }
    }

    @Test
    @Order(8)
    void aTypicalRunCostsFewTransitionsAndInvocationsAndNoticesCompletionWithinTwoMinutes() throws Exception {
        // The local cloud's defaults are AWS's typical durations: stack 3 minutes, environment 25.
        // A slower clock here, so the functions' real run time shifts the schedule by seconds only.
        Execution execution;
        Instant available;
        try (WorkflowHarness slow = new WorkflowHarness(200)) {
            S3Client slowS3 = TestClients.client(S3Client.builder().forcePathStyle(true), slow.cloud.cloud);
            slowS3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
            slowS3.createBucket(r -> r.bucket("airflow-typical"));
            slowS3.putBucketVersioning(r -> r.bucket("airflow-typical").versioningConfiguration(v -> v.status("Enabled")));
            slowS3.putPublicAccessBlock(r -> r.bucket("airflow-typical").publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
            String text = network(minimal("typical"), "10.63");
            slowS3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key("requests/typical.yaml"), RequestBody.fromString(text));
            execution = slow.run(byUri("requests/typical.yaml"));
            policies.observe(slow.cloud.cloud.requestLog().entries());
            // When the environment really became AVAILABLE on the local cloud's clock.
            available = TestClients.client(MwaaClient.builder(), slow.cloud.cloud)
                    .getEnvironment(r -> r.name("typical")).environment().createdAt()
                    .plus(MwaaOptions.defaults().createDuration());
        }
        assertThat(execution.status()).as(execution.error() + " " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        long transitions = execution.history().stream().filter(e -> e.type().endsWith("StateEntered")).count();
        long invocations = count(execution, "LambdaFunctionScheduled");
        assertThat(transitions).as("state transitions").isLessThanOrEqualTo(50);
        assertThat(invocations).as("Lambda invocations").isLessThanOrEqualTo(20);

        List<Instant> checks = entered(execution, "CheckEnvironment");
        assertThat(Duration.between(available, checks.get(checks.size() - 1)))
                .as("completion noticed within 2 minutes").isLessThanOrEqualTo(Duration.ofMinutes(2));
        System.out.printf("Typical run: %d state transitions, %d Lambda invocations, %d environment checks%n",
                transitions, invocations, checks.size());
    }

    @Test
    @Order(9)
    void anEditedRequestThatBringsItsRoleIsUpdatedInPlaceWithTheNewRole() throws Exception {
        String before = prepared.get("full-options.yaml");
        ProvisioningRequest original = RequestParser.standard().parse(before, "full-options");
        String role = iam.createRole(r -> r.roleName("analytics-prod-v2").path("/mwaa-provisioner/")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Principal\":{\"Service\":[\"airflow.amazonaws.com\",\"airflow-env.amazonaws.com\"]},"
                        + "\"Action\":\"sts:AssumeRole\"}]}")).role().arn();
        String edited = before.replace(original.executionRoleArn(), role)
                .replace("EnvironmentClass: mw1.medium", "EnvironmentClass: mw1.large");
        Execution execution = harness.run(uploaded("requests/full-options.yaml", edited));
        assertThat(execution.status()).as(execution.error() + " " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Environment environment = mwaa.getEnvironment(r -> r.name(original.name())).environment();
        assertThat(environment.executionRoleArn()).isEqualTo(role);
        assertThat(environment.environmentClass()).isEqualTo("mw1.large");
        JsonNode status = status(original.name());
        assertThat(status.path("State").asText()).isEqualTo("UPDATED");
        assertThat(status.path("Changes")).hasSize(2);
        assertThat(status.path("Changes").toString()).contains("EnvironmentClass: mw1.medium -> mw1.large",
                "ExecutionRoleArn: " + original.executionRoleArn() + " -> " + role);
    }

    /**
     * A Name whose record names a holder that ended without handing the Name over (timed out,
     * aborted, failed unreported) is not blocked: ValidateRequest asks Step Functions, finds the
     * holder gone, takes the Name and provisions; the report releases it.
     */
    @Test
    @Order(10)
    void aNameHeldByAnExecutionThatEndedIsTakenOver() throws Exception {
        String text = prepare(Files.readString(RepositoryFiles.ROOT.resolve("examples/minimal.yaml"))
                .replace("analytics-dev", "held-by-ended"));
        ObjectNode record = WorkflowJson.MAPPER.createObjectNode().put("Name", "held-by-ended");
        record.putObject("Holder").put("ExecutionArn", "arn:aws:states:us-east-1:000000000000:execution:"
                + "mwaa-provisioner-provisioning:ended-long-ago").put("EventId", "e-0").put("Since", "2026-01-01T00:00:00Z");
        s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key("claims/held-by-ended.json"),
                RequestBody.fromBytes(WorkflowJson.MAPPER.writeValueAsBytes(record)));
        Execution execution = harness.run(uploaded("requests/held-by-ended.yaml", text));
        assertThat(execution.status()).as(execution.error() + " " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertProvisioned(RequestParser.standard().parse(text, "held-by-ended"));
        JsonNode claim = WorkflowJson.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET)
                .key("claims/held-by-ended.json")).asByteArray());
        assertThat(claim.path("Owner").path("Uri").asText()).endsWith("requests/held-by-ended.yaml");
        assertThat(claim.has("Holder")).as("released after the report").isFalse();
    }

    @Test
    @Order(20)
    void aDeliveredEventStartsTheStateMachineThroughTheDispatchFunctionOnce() throws Exception {
        // The deployed state machine's ARN, as the DispatchFunction gets it; here it only records.
        try (SfnClient sfn = TestClients.client(SfnClient.builder(), harness.cloud.cloud)) {
            String role = iam.createRole(r -> r.roleName("mwaa-provisioner-ProvisioningStateMachineRole")
                    .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Principal\":{\"Service\":\"states.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"))
                    .role().arn();
            String machine = sfn.createStateMachine(r -> r.name("mwaa-provisioner-provisioning").roleArn(role)
                    .definition("{\"StartAt\":\"Received\",\"States\":{\"Received\":{\"Type\":\"Pass\",\"End\":true}}}"))
                    .stateMachineArn();
            assertThat(machine).isEqualTo(WorkflowHarness.STATE_MACHINE_ARN);
            ObjectNode event = WorkflowCloud.event("DispatchFunction", "s3-object-created.json");
            DispatchHandler dispatch = new DispatchHandler(harness.cloud.environment());
            DispatchHandler.Result first = dispatch.handle(event);
            DispatchHandler.Result again = dispatch.handle(event.deepCopy());
            assertThat(again.executionArn()).isEqualTo(first.executionArn());
            assertThat(first.executionName()).startsWith("analytics-dev-yaml-");
            var executions = sfn.listExecutions(r -> r.stateMachineArn(machine)).executions();
            assertThat(executions).hasSize(1);
            assertThat(WorkflowJson.MAPPER.readTree(sfn.describeExecution(r -> r.executionArn(first.executionArn()))
                    .input())).as("the state machine gets the event unchanged").isEqualTo(event);

            // An inline request may hold option values: stored under inline-requests/, referenced by version.
            ObjectNode inline = WorkflowCloud.event("DispatchFunction", "provision-environment.json");
            ((ObjectNode) inline.path("detail").path("Request")).putObject("AirflowConfigurationOptions")
                    .put("smtp.smtp_password", "inline-s3cr3t-9d2e");
            DispatchHandler.Result stored = dispatch.handle(inline);
            DispatchHandler.Result repeated = dispatch.handle(inline.deepCopy());
            assertThat(repeated.executionArn()).isEqualTo(stored.executionArn());
            assertThat(repeated.duplicate()).isTrue();
            JsonNode input = WorkflowJson.MAPPER.readTree(sfn.describeExecution(r -> r.executionArn(stored.executionArn()))
                    .input());
            assertThat(input.toString()).doesNotContain("inline-s3cr3t-9d2e");
            assertThat(input.path("detail").has("Request")).isFalse();
            JsonNode copy = input.path("detail").path("RequestCopy");
            String key = "inline-requests/" + inline.path("id").asText() + ".json";
            assertThat(copy.path("Uri").asText()).isEqualTo("s3://" + WorkflowCloud.CONFIG_BUCKET + "/" + key);
            assertThat(copy.path("Name").asText()).isEqualTo("analytics-dev");
            String version = copy.path("VersionId").asText();
            assertThat(WorkflowJson.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(key)
                    .versionId(version)).asUtf8String())).isEqualTo(inline.path("detail").path("Request"));

            // Denied: recorded where a user looks (with the dispatch's own rights), then rethrown for Lambda's retries.
            harness.cloud.cloud.faults().failOperation("states", "StartExecution", "DispatchFunction",
                    "AccessDeniedException", 400, "not authorized to perform: states:StartExecution", 1);
            ObjectNode denied = event.deepCopy();
            ((ObjectNode) denied.path("detail").path("object")).put("version-id", "a-denied-version");
            assertThatThrownBy(() -> dispatch.handle(denied))
                    .isInstanceOf(software.amazon.awssdk.services.sfn.model.SfnException.class);
            String failure = "status/dispatch/" + dev.mwaaprovisioner.functions.dispatch.ExecutionNames.of(denied) + ".json";
            JsonNode record = WorkflowJson.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET)
                    .key(failure)).asUtf8String());
            assertThat(record.path("State").asText()).isEqualTo("DISPATCH_FAILED");
            assertThat(record.path("Error").path("Code").asText()).isEqualTo("AccessDeniedException");
        }
    }

    // ----------------------------------------------------------------------------------------

    /** A Provision Environment event naming a request file of the config bucket. */
    private static ObjectNode byUri(String key) {
        ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "provision-environment-uri.json");
        event.putObject("detail").put("RequestUri", "s3://" + WorkflowCloud.CONFIG_BUCKET + "/" + key);
        return event;
    }

    private static List<Instant> entered(Execution execution, String state) {
        return execution.history().stream()
                .filter(e -> e.type().endsWith("StateEntered") && e.stateName().orElse("").equals(state))
                .map(HistoryEvent::timestamp).toList();
    }

    private void assertProvisioned(ProvisioningRequest request) throws Exception {
        String name = request.name();
        Environment environment = mwaa.getEnvironment(r -> r.name(name)).environment();
        assertThat(environment.statusAsString()).isEqualTo("AVAILABLE");
        JsonNode status = status(name);
        // tagged.json asks for analytics-dev of minimal.yaml with a tag: an update of that one.
        assertThat(status.path("State").asText()).isIn("SUCCEEDED", "UPDATED");
        assertThat(status.path("Environment").path("WebserverUrl").asText()).isNotBlank();
        assertThat(status.path("ExecutionArn").asText()).startsWith("arn:aws:states:");

        if (request.network() instanceof ExistingNetwork existing) {
            assertThat(environment.networkConfiguration().subnetIds()).containsExactlyInAnyOrderElementsOf(existing.subnetIds());
        } else {
            String stack = status.path("Network").path("StackName").asText();
            List<Output> outputs = cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().get(0).outputs();
            List<String> privateSubnets = outputs.stream().filter(o -> o.outputKey().matches("PrivateSubnet[12]"))
                    .map(Output::outputValue).toList();
            assertThat(environment.networkConfiguration().subnetIds()).containsExactlyInAnyOrderElementsOf(privateSubnets);
        }
        if (request.createsExecutionRole()) {
            String role = status.path("ExecutionRole").path("RoleName").asText();
            String policy = URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(role)
                    .policyName(status.path("ExecutionRole").path("PolicyName").asText())).policyDocument(), StandardCharsets.UTF_8);
            if (request.usesCustomerManagedKey()) {
                assertThat(policy).contains(request.kmsKey()).doesNotContain("NotResource");
            } else {
                assertThat(policy).contains("NotResource");
            }
        }
        if (request.usesCustomerManagedKey()) {
            JsonNode keyPolicy = WorkflowJson.MAPPER.readTree(kms.getKeyPolicy(r -> r.keyId(request.kmsKey())
                    .policyName("default")).policy());
            assertThat(keyPolicy.path("Statement").findValuesAsText("Sid")).contains("Allow logs access");
            assertThat(keyPolicy.toString()).contains(":root");
        }
    }

    private JsonNode status(String name) throws Exception {
        return WorkflowJson.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET)
                .key("status/" + name + ".json")).asByteArray());
    }

    private ObjectNode uploaded(String key, String content) {
        String version = s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(key),
                RequestBody.fromString(content, StandardCharsets.UTF_8)).versionId();
        ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "s3-object-created.json");
        ((ObjectNode) event.path("detail").path("object")).put("key", key).put("version-id", version)
                .put("size", content.getBytes(StandardCharsets.UTF_8).length);
        return event;
    }

    /**
     * Makes an example provisionable here: its source bucket exists (versioned, public access
     * blocked), a customer-managed key is one of this account, existing subnets exist.
     */
    private String prepare(String text) {
        ProvisioningRequest request = RequestParser.standard().parse(text, "example");
        sourceBucket(request.sourceBucketArn());
        if (request.usesCustomerManagedKey()) {
            String key = kms.createKey().keyMetadata().arn();
            text = text.replace(request.kmsKey(), key);
        }
        if (request.executionRoleArn() != null) {
            // A role the platform team prepared under the path the provisioner may pass to MWAA.
            String name = request.executionRoleArn().substring(request.executionRoleArn().lastIndexOf('/') + 1);
            String arn = iam.createRole(r -> r.roleName(name).path("/mwaa-provisioner/").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                            + "[\"airflow.amazonaws.com\",\"airflow-env.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}"))
                    .role().arn();
            text = text.replace(request.executionRoleArn(), arn);
        }
        if (request.network() instanceof ExistingNetwork existing) {
            String vpc = ec2.createVpc(r -> r.cidrBlock("10.70.0.0/16")).vpc().vpcId();
            String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.70.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
            String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.70.2.0/24").availabilityZone("us-east-1b")).subnet().subnetId();
            String sg = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("mwaa").description("MWAA")).groupId();
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(p -> p.ipProtocol("-1")
                    .userIdGroupPairs(g -> g.groupId(sg))));
            text = text.replace(existing.subnetIds().get(0), a).replace(existing.subnetIds().get(1), b)
                    .replace(existing.securityGroupIds().get(0), sg);
        }
        return text;
    }

    private void sourceBucket(String bucketArn) {
        String bucket = bucketArn.substring(bucketArn.lastIndexOf(':') + 1);
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(r -> r.bucket(bucket));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
        }
    }

    private String minimal(String name) {
        String text = """
                Name: %s
                SourceBucketArn: arn:aws:s3:::airflow-%s
                DagS3Path: dags
                """.formatted(name, name);
        sourceBucket("arn:aws:s3:::airflow-" + name);
        return text;
    }

    private static String network(String text, String prefix) {
        return text + """
                Network:
                  VpcCIDR: %1$s.0.0/16
                  PublicSubnet1CIDR: %1$s.10.0/24
                  PublicSubnet2CIDR: %1$s.11.0/24
                  PrivateSubnet1CIDR: %1$s.20.0/24
                  PrivateSubnet2CIDR: %1$s.21.0/24
                """.formatted(prefix);
    }

    private static long count(Execution execution, String type) {
        return execution.history().stream().map(HistoryEvent::type).filter(type::equals).count();
    }
}
