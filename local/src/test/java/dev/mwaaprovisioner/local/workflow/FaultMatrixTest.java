package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.mwaa.MwaaClient;

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

    private FaultCells cells;
    private WorkflowHarness harness;
    private final LeastPrivilege policies = new LeastPrivilege(WorkflowCloud.CONFIG_BUCKET);
    private MwaaClient mwaa;

    @BeforeAll
    void start() throws Exception {
        cells = new FaultCells("fault");
        harness = cells.harness;
        mwaa = cells.mwaa;
    }

    @AfterAll
    void stop() {
        policies.observe(harness.cloud.cloud.requestLog().entries());
        cells.close();
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
        FaultCells.Cell cell = cells.cell();
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
        FaultCells.Cell cell = cells.cell();
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
        FaultCells.Cell cell = cells.cell();
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
        FaultCells.Cell cell = cells.cell();
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
        FaultCells.Cell cell = cells.cell();
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

    @AfterEach
    void noFaultOutlivesItsCell() {
        harness.cloud.cloud.faults().clear();
    }

    /** How often the one operation fault of the cell fired; the faults are cleared for the next cell. */
    private int fired() {
        return cells.fired();
    }
}
