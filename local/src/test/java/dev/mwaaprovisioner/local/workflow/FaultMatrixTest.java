package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import dev.mwaaprovisioner.local.cloud.RequestLog;
import dev.mwaaprovisioner.local.workflow.FaultCells.Cell;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AWS call of the provisioning workflow under every fault kind, on one local cloud: each
 * cell provisions its own request (new network stack or an existing network of its own, created
 * role, customer-managed key) with one fault injected, and asserts the execution's end, the status
 * file, the outcome event and an inventory of the local cloud. Retryable faults (throttling beyond
 * the SDK's own retries) end SUCCEEDED; access denied, a failed stack, a failed environment and a
 * Lambda timeout end FAILED with the real cause, after the rollback removed what the run created:
 * the inventory (stacks, VPC resources, roles and their policies, environments, the key's policy
 * statements, key-policy lock objects) is as before. Some failed cells then upload the request
 * again, with no fault, and it provisions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.parallel.Execution(ExecutionMode.CONCURRENT)
class FaultMatrixTest {

    /**
     * An AWS operation of the workflow, the function that calls it, and its error codes. The fault
     * names the function as its caller, so another function's call of the same operation is not
     * hit; with {@code pass} > 0 it is set only after that many of the function's calls of the
     * operation succeeded, and {@code target} is a part of the path the first faulted request must
     * have (which of the function's calls it is).
     */
    record Call(String function, String service, String operation, String throttling, int throttlingStatus,
                String accessDenied, int pass, String target) {

        Call(String function, String service, String operation, String throttling, int throttlingStatus,
             String accessDenied) {
            this(function, service, operation, throttling, throttlingStatus, accessDenied, 0, null);
        }

        /** The same operation, faulted from its {@code pass + 1}-th call, whose path has {@code target}. */
        Call after(int passes, String path) {
            return new Call(function, service, operation, throttling, throttlingStatus, accessDenied, passes, path);
        }

        /** One of the record writes made as the run creates (before the report): a failure rolls the run back. */
        boolean recordsProgress() {
            return function.equals("ReportFunction") && "claims/".equals(target) && pass < PROGRESS_RECORDS;
        }

        boolean inExistingNetwork() {
            return function.equals("CheckExistingNetworkFunction");
        }

        @Override
        public String toString() {
            return function.replace("Function", "") + " " + service + ":" + operation
                    + (target == null ? "" : " " + target + (pass == 0 ? "" : " (call " + (pass + 1) + ")"));
        }
    }

    /**
     * Every call a provisioning run makes, read from the handlers (CreateNetworkStack and
     * CheckNetworkStack both call DescribeStacks, CreateEnvironment and CheckEnvironment both
     * call GetEnvironment: one fault hits whichever comes first).
     */
    /** The record writes of a provisioning before its report: network stack (created, ready), role, key statement, environment. */
    static final int PROGRESS_RECORDS = 5;

    static final List<Call> CALLS = List.of(
            new Call("ValidateRequestFunction", "s3", "GetObject", "SlowDown", 503, "AccessDenied"),
            new Call("ValidateRequestFunction", "sts", "GetCallerIdentity", "Throttling", 400, "AccessDenied"),
            // Whether the event's version is still the file's current one.
            new Call("ValidateRequestFunction", "s3", "HeadObject", "SlowDown", 503, "AccessDenied"),
            // The note of the Name the file owns (none yet): a new Name while it owns one would be a rename.
            new Call("ValidateRequestFunction", "s3", "GetObject", "SlowDown", 503, "AccessDenied").after(1, "claims/files/"),
            // ValidateRequest's first PutObject takes the Name (claims/<Name>.json, held by the execution);
            // the second notes the Name the file owns.
            new Call("ValidateRequestFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied").after(0, "claims/"),
            new Call("ValidateRequestFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied").after(1, "claims/files/"),
            // On a first provisioning the plan reads the key's policy and looks for the environment (finding none).
            new Call("PlanChangesFunction", "kms", "GetKeyPolicy", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("PlanChangesFunction", "airflow", "GetEnvironment", "ThrottlingException", 429, "AccessDeniedException"),
            new Call("CreateNetworkStackFunction", "cloudformation", "DescribeStacks", "Throttling", 400, "AccessDenied"),
            new Call("CreateNetworkStackFunction", "cloudformation", "CreateStack", "Throttling", 400, "AccessDenied"),
            new Call("CreateExecutionRoleFunction", "iam", "GetRole", "Throttling", 400, "AccessDenied"),
            new Call("CreateExecutionRoleFunction", "iam", "CreateRole", "Throttling", 400, "AccessDenied"),
            new Call("CreateExecutionRoleFunction", "iam", "PutRolePolicy", "Throttling", 400, "AccessDenied"),
            new Call("UpdateKeyPolicyFunction", "kms", "DescribeKey", "ThrottlingException", 400, "AccessDeniedException"),
            // The key-policy lock: two lease objects created with If-None-Match, deleted when done.
            new Call("UpdateKeyPolicyFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied").after(0, FaultCells.LOCK_PREFIX),
            new Call("UpdateKeyPolicyFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied").after(1, FaultCells.LOCK_PREFIX),
            // Under the lock, the environment's Name is recorded as a user of the key.
            new Call("UpdateKeyPolicyFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied").after(2, "key-users/"),
            new Call("UpdateKeyPolicyFunction", "kms", "GetKeyPolicy", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("UpdateKeyPolicyFunction", "kms", "PutKeyPolicy", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("UpdateKeyPolicyFunction", "s3", "DeleteObject", "SlowDown", 503, "AccessDenied").after(0, FaultCells.LOCK_PREFIX),
            new Call("CreateEnvironmentFunction", "airflow", "GetEnvironment", "ThrottlingException", 429, "AccessDeniedException"),
            new Call("CreateEnvironmentFunction", "airflow", "CreateEnvironment", "ThrottlingException", 429, "AccessDeniedException"),
            // ReportFunction records in the Name's record what each step created, as it is created
            // (RecordNetworkStack, RecordNetwork once the stack is ready, RecordExecutionRole,
            // RecordKeyPolicy, RecordEnvironment: the first and the last are cells); reporting, it
            // records what was applied, writes the status document, then releases the Name (a write
            // of the record).
            new Call("ReportFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied").after(0, "claims/"),
            new Call("ReportFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied").after(4, "claims/"),
            new Call("ReportFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied").after(5, "claims/"),
            new Call("ReportFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied").after(6, "status/"),
            new Call("ReportFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied").after(7, "claims/"),
            new Call("ReportFunction", "events", "PutEvents", "ThrottlingException", 400, "AccessDeniedException"),
            // A request naming existing subnets and security groups: checked, never created.
            new Call("CheckExistingNetworkFunction", "ec2", "DescribeSubnets", "RequestLimitExceeded", 503, "UnauthorizedOperation"),
            new Call("CheckExistingNetworkFunction", "ec2", "DescribeRouteTables", "RequestLimitExceeded", 503, "UnauthorizedOperation"),
            new Call("CheckExistingNetworkFunction", "ec2", "DescribeSecurityGroups", "RequestLimitExceeded", 503, "UnauthorizedOperation"));

    /** The functions of the provisioning path, each of which can time out. */
    static final List<String> FUNCTIONS = List.of("ValidateRequestFunction", "PlanChangesFunction", "CreateNetworkStackFunction",
            "CheckNetworkStackFunction", "CheckExistingNetworkFunction", "CreateExecutionRoleFunction", "UpdateKeyPolicyFunction",
            "CreateEnvironmentFunction", "CheckEnvironmentFunction");

    /** Cells run concurrently, each on a local cloud of its own while it runs (see {@link Shards}). */
    private final Shards<FaultCells> shards = new Shards<>(FaultCells.SHARDS, () -> new FaultCells("fault"));
    private final LeastPrivilege policies = new LeastPrivilege(WorkflowCloud.CONFIG_BUCKET);

    @BeforeEach
    void takeAShard() throws Exception {
        shards.take();
    }

    @AfterAll
    void stop() throws Exception {
        shards.all().forEach(shard -> policies.observe(shard.harness.cloud.cloud.requestLog().entries()));
        shards.close();
        assertThat(policies.denied()).as("calls the functions' policies do not allow").isEmpty();
        // PlanRemoval reads status documents only to deprovision (RemovalWorkflowTest measures it).
        // DescribeStackResources tells a stack held by lingering network interfaces, which no cell
        // plants; a claim is read only for another Name recorded as a user of the key (both
        // measured by RemovalWorkflowTest).
        assertThat(policies.unused(List.of("RemoveEnvironmentFunction", "RemoveKeyPolicyStatementFunction",
                "RemoveExecutionRoleFunction", "RemoveNetworkStackFunction")))
                .as("rollback policy actions no call needed")
                .allMatch(unused -> unused.contains("cloudformation:DescribeStackResources")
                        || unused.equals("RemoveKeyPolicyStatementFunction: s3:GetObject"));
    }

    static Stream<Arguments> throttledCalls() {
        return CALLS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "throttled: {0}")
    @MethodSource("throttledCalls")
    void aThrottledCallIsRetriedAndTheRunSucceeds(Call call) throws Exception {
        Cell cell = cell(call);
        // Taken here: a fault after a passed call is set on the local cloud's thread that served it.
        FaultInjector faults = cells().faults();
        // Four failures: more than the SDK's three attempts, so the state machine's retry is needed too.
        Execution execution = run(cell, call, () -> faults.failOperation(call.service(), call.operation(),
                call.function(), call.throttling(), call.throttlingStatus(), "Rate exceeded", 4));
        assertThat(cells().fired()).as(call + " was called and throttled").isEqualTo(4);
        assertFirstFaultHitTheTarget(cell, call, call.throttling());
        assertThat(execution.status()).as(cell.name + ": " + execution.error() + " " + execution.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(cell.status().path("State").asText()).isEqualTo("SUCCEEDED");
        assertThat(cell.event("Environment Provisioned")).isNotNull();
        assertThat(cells().mwaa.getEnvironment(r -> r.name(cell.name)).environment().statusAsString()).isEqualTo("AVAILABLE");
        assertThat(cells().lockObjects()).as("key-policy locks left").noneMatch(cell::locks);
    }

    static Stream<Arguments> deniedCalls() {
        return CALLS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "access denied: {0}")
    @MethodSource("deniedCalls")
    void anAccessDeniedCallFailsTheRunWithItsCauseAndLeavesNothing(Call call) throws Exception {
        Cell cell = cell(call);
        String message = "User: arn:aws:sts::000000000000:assumed-role/mwaa-provisioner/" + call.function()
                + " is not authorized to perform: " + call.service() + ":" + call.operation();
        FaultInjector faults = cells().faults();
        FaultCells shard = cells();
        java.util.concurrent.CompletableFuture<String> stuckLease = call.operation().equals("DeleteObject")
                ? java.util.concurrent.CompletableFuture.supplyAsync(() -> expireTheLeaseLeftBehind(shard, cell))
                : java.util.concurrent.CompletableFuture.completedFuture(null);
        Execution execution = run(cell, call, () -> faults.failOperation(call.service(), call.operation(),
                call.function(), call.accessDenied(), 403, message, 1));
        assertThat(cells().fired()).as(call + " was called").isEqualTo(1);
        assertFirstFaultHitTheTarget(cell, call, call.accessDenied());
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        // An answer to HEAD has no body: the SDK reports the status code alone.
        boolean head = call.operation().equals("HeadObject");
        assertThat(execution.cause().orElseThrow()).as(cell.name).contains(head ? "Status Code: 403"
                : "not authorized to perform: " + call.service() + ":" + call.operation());
        JsonNode status = cell.status();
        assertThat(status.path("State").asText()).isEqualTo("FAILED");
        assertThat(status.path("Error").path("Cause").asText()).contains(head ? "403" : "not authorized");
        if (call.operation().equals("PutEvents")) {
            // The success report wrote its status before PutEvents failed; the failure report then put the event.
            assertThat(cell.event("Environment Provisioning Failed")).isNotNull();
        } else {
            assertThat(cell.event("Environment Provisioning Failed").path("Error").path("Cause").asText())
                    .contains(head ? "403" : "not authorized");
        }
        if (call.function().equals("ReportFunction") && !call.recordsProgress()) {
            // The environment was made; only its report failed: nothing is rolled back. The failure
            // report's status file says FAILED with the cause, and shows the environment AVAILABLE.
            assertThat(cells().mwaa.getEnvironment(r -> r.name(cell.name)).environment().statusAsString()).isEqualTo("AVAILABLE");
            assertThat(status.path("Environment").path("Status").asText()).isEqualTo("AVAILABLE");
            if (call.operation().equals("PutObject")) {
                // What was applied was recorded before the status write failed: the next upload is a no-op.
                cell.assertTheNextUploadEnds("UNCHANGED");
            }
            return;
        }
        if (call.operation().equals("DeleteObject")) {
            List<RequestLog.Entry> denied = cell.failed("UpdateKeyPolicyFunction", "s3", "DeleteObject", "AccessDenied");
            assertThat(stuckLease.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("the lock object left behind")
                    .isEqualTo(denied.get(0).request().rawPath().replaceFirst("^/" + WorkflowCloud.CONFIG_BUCKET + "/", ""));
            assertThat(cells().lockObjects()).as("key-policy locks left").noneMatch(cell::locks);
        }
        cell.assertNothingLeaked(status);
        if (call.operation().equals("CreateRole") || call.operation().equals("CreateStack")
                || call.service().equals("ec2") || call.target() != null && call.target().equals(FaultCells.LOCK_PREFIX)) {
            cell.assertTheNextUploadRecovers();
        }
    }

    /** A stack with a failed resource ends CREATE_FAILED, then rolls back to ROLLBACK_COMPLETE. */
    @Test
    void aStackThatFailsFailsTheRunWithTheFailedResourceAndIsRemoved() throws Exception {
        Cell cell = cells().cell();
        cells().faults().failResource("cloudformation:stack", "mwaa-" + cell.name + "-network", "CREATE_FAILED",
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
        Cell cell = cells().cell();
        assertAFailedEnvironmentIsRemoved(cell);
        assertThat(cell.itemStatuses(cell.status())).contains("Environment REMOVED", "KeyPolicyStatement REMOVED",
                "ExecutionRole REMOVED", "NetworkStack REMOVED");
        cell.assertTheNextUploadRecovers();
    }

    /** The rollback removes what the run made in the user's network, and never the network itself. */
    @Test
    void anEnvironmentThatFailsInAnExistingNetworkIsRemovedAndTheNetworkStays() throws Exception {
        Cell cell = cells().existingNetworkCell();
        assertAFailedEnvironmentIsRemoved(cell);
        assertThat(cell.itemStatuses(cell.status())).contains("Environment REMOVED", "KeyPolicyStatement REMOVED",
                "ExecutionRole REMOVED").noneMatch(item -> item.startsWith("NetworkStack"));
        assertThat(cell.calls).as("no call of the run changed the user's network")
                .filteredOn(e -> "ec2".equals(e.service()) || "cloudformation".equals(e.service()))
                .extracting(RequestLog.Entry::operation).allMatch(op -> op.startsWith("Describe"));
        cell.assertTheNextUploadRecovers();
    }

    static Stream<Arguments> timedOutFunctions() {
        return FUNCTIONS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "Lambda timeout: {0}")
    @MethodSource("timedOutFunctions")
    void aFunctionThatTimesOutAfterItsWorkFailsTheRunAndWhatItMadeIsRemoved(String function) throws Exception {
        Cell cell = function.equals("CheckExistingNetworkFunction") ? cells().existingNetworkCell() : cells().cell();
        cells().faults().failResource("lambda:function", function, "FAILED", Map.of(
                "errorType", "Sandbox.Timedout",
                "errorMessage", "2026-11-28T10:00:00.000Z Task timed out after 30.00 seconds",
                "when", "AfterRun"), 1);
        Execution execution = cell.run();
        assertThat(cells().faults().resourceFaults()).as(function + " was invoked")
                .extracting(FaultInjector.ResourceFault::triggered).containsExactly(1);
        cells().faults().clear();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).contains("Sandbox.Timedout");
        assertThat(execution.cause().orElseThrow()).contains("Task timed out after 30.00 seconds");
        JsonNode status = cell.status();
        assertThat(status.path("Error").path("Error").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(cell.event("Environment Provisioning Failed").path("Error").path("Cause").asText())
                .contains("timed out");
        cell.assertNothingLeaked(status);
        if (function.equals("CreateExecutionRoleFunction") || function.equals("CreateEnvironmentFunction")
                || function.equals("CheckExistingNetworkFunction")) {
            cell.assertTheNextUploadRecovers();
        }
    }

    // ----------------------------------------------------------------------------------------

    private Cell cell(Call call) throws Exception {
        return call.inExistingNetwork() ? cells().existingNetworkCell() : cells().cell();
    }

    private static Execution run(Cell cell, Call call, Runnable fault) throws Exception {
        return cell.runAfter(call.function(), call.service(), call.operation(), call.pass(), fault);
    }

    /** The fault hit the call the row names, and no other function's call of the operation. */
    private static void assertFirstFaultHitTheTarget(Cell cell, Call call, String errorCode) {
        List<RequestLog.Entry> failed = cell.failed(call.function(), call.service(), call.operation(), errorCode);
        assertThat(failed).as(call + " answered " + errorCode).isNotEmpty();
        if (call.target() != null) {
            assertThat(failed.get(0).request().rawPath()).as(call + ": the first faulted request").contains(call.target());
        }
        assertThat(cell.calls).as("calls of other functions faulted")
                .filteredOn(e -> errorCode.equals(e.errorCode()) && !call.function().equals(e.caller())).isEmpty();
    }

    private void assertAFailedEnvironmentIsRemoved(Cell cell) throws Exception {
        String code = "INCORRECT_CONFIGURATION";
        cells().faults().failResource("mwaa:environment", cell.name, "CREATE_FAILED",
                Map.of("ErrorCode", code, "ErrorMessage", "The security group has no rule to itself."), 1);
        Execution execution = cell.run();
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).hasValueSatisfying(e -> assertThat(e).contains("EnvironmentCreationFailedException"));
        assertThat(execution.cause().orElseThrow()).contains(code + ": The security group has no rule to itself.");
        JsonNode status = cell.status();
        assertThat(status.path("Error").path("Cause").asText()).contains(code);
        assertThat(cell.event("Environment Provisioning Failed").path("Error").path("Cause").asText()).contains(code);
        cell.assertNothingLeaked(status);
    }

    /**
     * A lock object whose DeleteObject was denied stays: nothing in the deployment may delete it
     * (that is the misconfiguration the run reports). The holder still deleted its other object;
     * the one left blocks edits of the key only until its lease ends. Removed here, so the
     * inventory shows whether anything else leaked.
     */
    /**
     * The lock object the holder could not delete blocks the key until its 30-second epoch has
     * passed: real time, which the accelerated clock does not shorten, while the execution's 8
     * hours are 28.8 s here. Once the denied delete has left exactly that object of the cell's key
     * behind, the test lets the epoch pass by deleting it, and returns its key.
     */
    private static String expireTheLeaseLeftBehind(FaultCells cells, Cell cell) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(25);
        try {
            while (System.nanoTime() < deadline) {
                boolean denied = cells.faults().operationFaults().stream().anyMatch(f -> f.triggered() > 0);
                List<String> left = cells.lockObjects().stream().filter(cell::locks).toList();
                if (denied && left.size() == 1) {
                    cells.s3.deleteObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(left.get(0)));
                    return left.get(0);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    @AfterEach
    void noFaultOutlivesItsCell() {
        cells().faults().clear();
        shards.giveBack();
    }

    /** The local cloud and workflow of the running cell. */
    private FaultCells cells() {
        return shards.held();
    }
}
