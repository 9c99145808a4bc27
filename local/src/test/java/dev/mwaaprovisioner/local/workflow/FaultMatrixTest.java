package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every AWS call of the provisioning workflow under every fault kind, on one local cloud: each
 * cell provisions its own request (new network stack, created role, customer-managed key) with
 * one fault injected, and asserts the execution's end, the status file, the outcome event and an
 * inventory of the local cloud. Retryable faults (throttling beyond the SDK's own retries) end
 * SUCCEEDED; access denied, a failed stack, a failed environment and a Lambda timeout end FAILED
 * with the real cause, after the rollback removed what the run created: the inventory (stacks, VPC
 * resources, roles and their policies, environments, the key's policy statements) is as before.
 * Some failed cells then upload the request again, with no fault, and it provisions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixTest {

    /** An AWS operation of the workflow, the function that calls it, and its error codes. */
    record Call(String function, String service, String operation, String throttling, int throttlingStatus,
                String accessDenied) {
        @Override
        public String toString() {
            return function.replace("Function", "") + " " + service + ":" + operation;
        }
    }

    /**
     * Every call a provisioning run makes, read from the handlers (CreateNetworkStack and
     * CheckNetworkStack both call DescribeStacks, CreateEnvironment and CheckEnvironment both
     * call GetEnvironment: one fault hits whichever comes first).
     */
    static final List<Call> CALLS = List.of(
            new Call("ValidateRequestFunction", "s3", "GetObject", "SlowDown", 503, "AccessDenied"),
            new Call("ValidateRequestFunction", "sts", "GetCallerIdentity", "Throttling", 400, "AccessDenied"),
            new Call("CreateNetworkStackFunction", "cloudformation", "DescribeStacks", "Throttling", 400, "AccessDenied"),
            new Call("CreateNetworkStackFunction", "cloudformation", "CreateStack", "Throttling", 400, "AccessDenied"),
            new Call("CreateExecutionRoleFunction", "iam", "GetRole", "Throttling", 400, "AccessDenied"),
            new Call("CreateExecutionRoleFunction", "iam", "CreateRole", "Throttling", 400, "AccessDenied"),
            new Call("CreateExecutionRoleFunction", "iam", "PutRolePolicy", "Throttling", 400, "AccessDenied"),
            new Call("UpdateKeyPolicyFunction", "kms", "DescribeKey", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("UpdateKeyPolicyFunction", "kms", "GetKeyPolicy", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("UpdateKeyPolicyFunction", "kms", "PutKeyPolicy", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("CreateEnvironmentFunction", "airflow", "GetEnvironment", "ThrottlingException", 429, "AccessDeniedException"),
            new Call("CreateEnvironmentFunction", "airflow", "CreateEnvironment", "ThrottlingException", 429, "AccessDeniedException"),
            // The first PutObject of a run is ValidateRequest's claim of the Name (claims/<Name>.json).
            new Call("ValidateRequestFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied"),
            new Call("ReportFunction", "events", "PutEvents", "ThrottlingException", 400, "AccessDeniedException"));

    /** The functions of the provisioning path, each of which can time out. */
    static final List<String> FUNCTIONS = List.of("ValidateRequestFunction", "PlanChangesFunction", "CreateNetworkStackFunction",
            "CheckNetworkStackFunction", "CreateExecutionRoleFunction", "UpdateKeyPolicyFunction",
            "CreateEnvironmentFunction", "CheckEnvironmentFunction");

    private static final AtomicInteger CELLS = new AtomicInteger();

    private WorkflowHarness harness;
    private final LeastPrivilege policies = new LeastPrivilege(WorkflowCloud.CONFIG_BUCKET);
    private S3Client s3;
    private KmsClient kms;
    private MwaaClient mwaa;
    private final HttpClient http = HttpClient.newHttpClient();
    private long started;
    private long cpuStarted;

    @BeforeAll
    void start() throws Exception {
        started = System.nanoTime();
        cpuStarted = processCpuNanos();
        harness = new WorkflowHarness(1000);
        var cloud = harness.cloud.cloud;
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
        kms = TestClients.client(KmsClient.builder(), cloud);
        mwaa = TestClients.client(MwaaClient.builder(), cloud);
        s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        s3.putBucketVersioning(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        try (IamClient iam = TestClients.client(IamClient.builder(), cloud, Region.AWS_GLOBAL)) {
            iam.createRole(r -> r.roleName("mwaa-provisioner-NetworkStackRole").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                            + "\"cloudformation.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        }
    }

    @AfterAll
    void stop() {
        policies.observe(harness.cloud.cloud.requestLog().entries());
        harness.close();
        System.out.printf("Fault matrix: %d cells in %.1f s, %.1f s of CPU%n", CELLS.get(),
                (System.nanoTime() - started) / 1e9, (processCpuNanos() - cpuStarted) / 1e9);
        assertThat(policies.denied()).as("calls the functions' policies do not allow").isEmpty();
        // PlanRemoval reads status documents only to deprovision (RemovalWorkflowTest measures it).
        assertThat(policies.unused(List.of("RemoveEnvironmentFunction", "RemoveKeyPolicyStatementFunction",
                "RemoveExecutionRoleFunction", "RemoveNetworkStackFunction")))
                .as("rollback policy actions no call needed").isEmpty();
    }

    static Stream<Arguments> throttledCalls() {
        return CALLS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "throttled: {0}")
    @MethodSource("throttledCalls")
    void aThrottledCallIsRetriedAndTheRunSucceeds(Call call) throws Exception {
        Cell cell = new Cell();
        // Four failures: more than the SDK's three attempts, so the state machine's retry is needed too.
        Execution execution = cell.run(() -> harness.cloud.cloud.faults().failOperation(call.service(),
                call.operation(), call.throttling(), call.throttlingStatus(), "Rate exceeded", 4));
        assertThat(fired()).as(call + " was called and throttled").isEqualTo(4);
        assertThat(execution.status()).as(cell.name + ": " + execution.error() + " " + execution.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(cell.status().path("State").asText()).isEqualTo("SUCCEEDED");
        assertThat(cell.event("Environment Provisioned")).isNotNull();
        assertThat(mwaa.getEnvironment(r -> r.name(cell.name)).environment().statusAsString()).isEqualTo("AVAILABLE");
    }

    static Stream<Arguments> deniedCalls() {
        return CALLS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "access denied: {0}")
    @MethodSource("deniedCalls")
    void anAccessDeniedCallFailsTheRunWithItsCauseAndLeavesNothing(Call call) throws Exception {
        Cell cell = new Cell();
        String message = "User: arn:aws:sts::000000000000:assumed-role/mwaa-provisioner/" + call.function()
                + " is not authorized to perform: " + call.service() + ":" + call.operation();
        Execution execution = cell.run(() -> harness.cloud.cloud.faults().failOperation(call.service(),
                call.operation(), call.accessDenied(), 403, message, 1));
        assertThat(fired()).as(call + " was called").isEqualTo(1);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.cause().orElseThrow()).as(cell.name).contains("not authorized to perform: "
                + call.service() + ":" + call.operation());
        boolean reporting = call.function().equals("ReportFunction");
        JsonNode status = cell.status();
        assertThat(status.path("State").asText()).isEqualTo("FAILED");
        assertThat(status.path("Error").path("Cause").asText()).contains("not authorized");
        if (call.operation().equals("PutEvents")) {
            // The success report wrote its status before PutEvents failed; the failure report then put the event.
            assertThat(cell.event("Environment Provisioning Failed")).isNotNull();
        } else {
            assertThat(cell.event("Environment Provisioning Failed").path("Error").path("Cause").asText())
                    .contains("not authorized");
        }
        if (reporting) {
            // The environment was made; only its report failed: nothing is rolled back.
            assertThat(mwaa.getEnvironment(r -> r.name(cell.name)).environment().statusAsString()).isEqualTo("AVAILABLE");
        } else {
            cell.assertNothingLeaked(status);
            if (call.operation().equals("CreateRole") || call.operation().equals("CreateStack")) {
                cell.assertTheNextUploadRecovers();
            }
        }
    }

    /** A stack with a failed resource ends CREATE_FAILED, then rolls back to ROLLBACK_COMPLETE. */
    @Test
    void aStackThatFailsFailsTheRunWithTheFailedResourceAndIsRemoved() throws Exception {
        Cell cell = new Cell();
        harness.cloud.cloud.faults().failResource("cloudformation:stack", "mwaa-" + cell.name + "-network", "CREATE_FAILED",
                Map.of("logicalResourceId", "NatGateway2", "reason", "The maximum number of NAT gateways has been reached."),
                1);
        Execution execution = cell.run();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).hasValueSatisfying(e -> assertThat(e).contains("NetworkStackFailedException"));
        assertThat(execution.cause().orElseThrow()).contains("ROLLBACK_", "NatGateway2", "CREATE_FAILED",
                "maximum number of NAT gateways");
        JsonNode status = cell.status();
        assertThat(status.path("Error").path("Cause").asText()).contains("NatGateway2");
        assertThat(cell.event("Environment Provisioning Failed").path("Error").path("Error").asText())
                .isEqualTo("NetworkStackFailedException");
        cell.assertNothingLeaked(status);
        cell.assertTheNextUploadRecovers();
    }

    @Test
    void anEnvironmentThatEndsCreateFailedFailsTheRunWithLastUpdateErrorAndIsRemoved() throws Exception {
        String code = "INCORRECT_CONFIGURATION";
        Cell cell = new Cell();
        harness.cloud.cloud.faults().failResource("mwaa:environment", cell.name, "CREATE_FAILED",
                Map.of("ErrorCode", code, "ErrorMessage", "The security group has no rule to itself."), 1);
        Execution execution = cell.run();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).hasValueSatisfying(e -> assertThat(e).contains("EnvironmentCreationFailedException"));
        assertThat(execution.cause().orElseThrow()).contains(code + ": The security group has no rule to itself.");
        JsonNode status = cell.status();
        assertThat(status.path("Error").path("Cause").asText()).contains(code);
        assertThat(cell.event("Environment Provisioning Failed").path("Error").path("Cause").asText()).contains(code);
        cell.assertNothingLeaked(status);
        assertThat(cell.itemStatuses(status)).contains("Environment REMOVED", "KeyPolicyStatement REMOVED",
                "ExecutionRole REMOVED", "NetworkStack REMOVED");
        cell.assertTheNextUploadRecovers();
    }

    static Stream<Arguments> timedOutFunctions() {
        return FUNCTIONS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "Lambda timeout: {0}")
    @MethodSource("timedOutFunctions")
    void aFunctionThatTimesOutAfterItsWorkFailsTheRunAndWhatItMadeIsRemoved(String function) throws Exception {
        Cell cell = new Cell();
        harness.cloud.cloud.faults().failResource("lambda:function", function, "FAILED", Map.of(
                "errorType", "Sandbox.Timedout",
                "errorMessage", "2026-11-28T10:00:00.000Z Task timed out after 30.00 seconds",
                "when", "AfterRun"), 1);
        Execution execution = cell.run();
        assertThat(harness.cloud.cloud.faults().resourceFaults()).as(function + " was invoked")
                .extracting(FaultInjector.ResourceFault::triggered).containsExactly(1);
        harness.cloud.cloud.faults().clear();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).contains("Sandbox.Timedout");
        assertThat(execution.cause().orElseThrow()).contains("Task timed out after 30.00 seconds");
        JsonNode status = cell.status();
        assertThat(status.path("Error").path("Error").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(cell.event("Environment Provisioning Failed").path("Error").path("Cause").asText())
                .contains("timed out");
        cell.assertNothingLeaked(status);
        if (function.equals("CreateExecutionRoleFunction") || function.equals("CreateEnvironmentFunction")) {
            cell.assertTheNextUploadRecovers();
        }
    }

    // ----------------------------------------------------------------------------------------

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @AfterEach
    void noFaultOutlivesItsCell() {
        harness.cloud.cloud.faults().clear();
    }

    /** How often the one operation fault of the cell fired; the faults are cleared for the next cell. */
    private int fired() {
        int fired = harness.cloud.cloud.faults().operationFaults().stream().mapToInt(FaultInjector.OperationFault::triggered).sum();
        harness.cloud.cloud.faults().clear();
        return fired;
    }

    /** One request of its own: name, CIDRs, source bucket and customer-managed key. */
    private final class Cell {
        final int number = CELLS.incrementAndGet();
        final String name = "fault-" + number;
        final String file = "requests/" + name + ".yaml";
        final String key;
        final Map<String, Object> before;

        Cell() throws Exception {
            String bucket = "airflow-" + name;
            s3.createBucket(r -> r.bucket(bucket));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
            key = kms.createKey(r -> r.description("key of " + name)).keyMetadata().arn();
            before = inventory();
        }

        String request() {
            int octet = 100 + number;
            return """
                    Name: %1$s
                    SourceBucketArn: arn:aws:s3:::airflow-%1$s
                    DagS3Path: dags
                    KmsKey: %3$s
                    Network:
                      VpcCIDR: 10.%2$d.0.0/16
                      PublicSubnet1CIDR: 10.%2$d.10.0/24
                      PublicSubnet2CIDR: 10.%2$d.11.0/24
                      PrivateSubnet1CIDR: 10.%2$d.20.0/24
                      PrivateSubnet2CIDR: 10.%2$d.21.0/24
                    """.formatted(name, octet, key);
        }

        Execution run() throws Exception {
            return run(() -> { });
        }

        /** Uploads the request, then injects the fault (so the upload itself is not hit), then runs. */
        Execution run(Runnable fault) throws Exception {
            String version = s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(file),
                    RequestBody.fromString(request(), StandardCharsets.UTF_8)).versionId();
            fault.run();
            ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "s3-object-created.json");
            ((ObjectNode) event.path("detail").path("object")).put("key", file).put("version-id", version);
            return harness.run(event);
        }

        JsonNode status() throws Exception {
            return WorkflowJson.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET)
                    .key("status/" + name + ".json")).asByteArray());
        }

        /** The detail of the last outcome event of this cell's environment. */
        JsonNode event(String detailType) {
            List<CloudEvent> events = harness.cloud.cloud.eventBus().events().stream()
                    .filter(e -> e.source().equals("mwaa-provisioner") && e.detailType().equals(detailType)
                            && e.detail().path("Name").asText().equals(name))
                    .toList();
            assertThat(events).as(detailType + " of " + name).isNotEmpty();
            return events.get(events.size() - 1).detail();
        }

        List<String> itemStatuses(JsonNode status) {
            List<String> out = new ArrayList<>();
            status.path("Removal").path("Items").forEach(i -> out.add(i.path("Kind").asText() + " " + i.path("Status").asText()));
            return out;
        }

        void assertNothingLeaked(JsonNode status) throws Exception {
            assertThat(itemStatuses(status)).as(name + ": the rollback finished every item")
                    .allMatch(s -> s.endsWith(" REMOVED") || s.endsWith(" ABSENT"));
            assertThat(status.has("RemovalError")).as(name + " rollback error").isFalse();
            assertThat(inventory()).as(name + ": the local cloud holds what it held before the run").isEqualTo(before);
        }

        void assertTheNextUploadRecovers() throws Exception {
            harness.cloud.cloud.faults().clear();
            Execution again = run();
            assertThat(again.status()).as(name + " uploaded again: " + again.error() + " " + again.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(status().path("State").asText()).isEqualTo("SUCCEEDED");
        }

        /**
         * What the run could leak, from {@code GET /_local/inventory} and the key's policy: live
         * stacks, VPC resource counts, roles with their policies, environments, the statements of
         * this cell's key.
         */
        Map<String, Object> inventory() throws Exception {
            JsonNode inventory = WorkflowJson.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                    harness.cloud.cloud.endpoint().resolve("/_local/inventory")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            Map<String, Object> out = new TreeMap<>();
            TreeSet<String> stacks = new TreeSet<>();
            inventory.path("cloudformation").path("stacks").forEach(s -> {
                if (!s.path("status").asText().equals("DELETE_COMPLETE")) {
                    stacks.add(s.path("stackName").asText() + " " + s.path("status").asText());
                }
            });
            out.put("stacks", stacks);
            out.put("ec2", inventory.path("ec2").toString());
            TreeSet<String> roles = new TreeSet<>();
            inventory.path("iam").path("Roles").forEach(r -> roles.add(r.path("RoleName").asText() + " "
                    + r.path("InlinePolicies") + " " + r.path("AttachedPolicies")));
            out.put("roles", roles);
            out.put("environments", new TreeSet<>(mwaa.listEnvironments(r -> { }).environments()));
            out.put("key statements", WorkflowJson.MAPPER.readTree(kms.getKeyPolicy(r -> r.keyId(key).policyName("default"))
                    .policy()).path("Statement").findValuesAsText("Sid"));
            return out;
        }
    }
}
