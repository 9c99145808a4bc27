package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * Every AWS call of the removal path under every fault kind, on one local cloud: each cell
 * provisions its own request with {@code DeletionPolicy: Delete} (new network stack, created role,
 * customer-managed key), deletes the request file and runs the removal its {@code Object Deleted}
 * event starts, with one fault injected. Throttling ends DEPROVISIONED with the local cloud as it
 * was before the cell. Access denied, a stack whose deletion fails and a Lambda timeout end
 * DEPROVISIONING_FAILED with the real cause in the execution, the status file and the failure
 * event; the inventory then holds exactly what the removal had not reached — and the status file
 * says the same, item by item — until a {@code Deprovision Environment} event with no fault
 * finishes the removal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.parallel.Execution(ExecutionMode.CONCURRENT)
class RemovalFaultMatrixTest {

    /** An AWS operation of the removal path, the function that calls it, and its error codes. */
    record Call(String function, String service, String operation, String throttling, int throttlingStatus,
                String accessDenied) {
        @Override
        public String toString() {
            return function.replace("Function", "") + " " + service + ":" + operation;
        }
    }

    /** The removal steps in their order, each with the item it removes. */
    static final List<String> STEPS = List.of("RemoveEnvironmentFunction", "RemoveKeyPolicyStatementFunction",
            "RemoveExecutionRoleFunction", "RemoveNetworkStackFunction");
    static final List<String> ITEMS = List.of("Environment", "KeyPolicyStatement", "ExecutionRole", "NetworkStack");

    /** Every call a removal run makes, each the first call of its operation in the run. */
    static final List<Call> CALLS = List.of(
            new Call("PlanRemovalFunction", "s3", "HeadObject", "SlowDown", 503, "AccessDenied"),
            new Call("PlanRemovalFunction", "s3", "GetObject", "SlowDown", 503, "AccessDenied"),
            new Call("RemoveEnvironmentFunction", "airflow", "GetEnvironment", "ThrottlingException", 429, "AccessDeniedException"),
            new Call("RemoveEnvironmentFunction", "airflow", "DeleteEnvironment", "ThrottlingException", 429, "AccessDeniedException"),
            new Call("RemoveKeyPolicyStatementFunction", "kms", "DescribeKey", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("RemoveKeyPolicyStatementFunction", "airflow", "ListEnvironments", "ThrottlingException", 429, "AccessDeniedException"),
            // Under the key's lock (its first PutObject), the Names recorded as users of the key are listed.
            new Call("RemoveKeyPolicyStatementFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied"),
            new Call("RemoveKeyPolicyStatementFunction", "s3", "ListObjectsV2", "SlowDown", 503, "AccessDenied"),
            new Call("RemoveKeyPolicyStatementFunction", "kms", "GetKeyPolicy", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("RemoveKeyPolicyStatementFunction", "kms", "PutKeyPolicy", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("RemoveExecutionRoleFunction", "iam", "GetRole", "Throttling", 400, "AccessDenied"),
            new Call("RemoveExecutionRoleFunction", "iam", "ListAttachedRolePolicies", "Throttling", 400, "AccessDenied"),
            new Call("RemoveExecutionRoleFunction", "iam", "ListRolePolicies", "Throttling", 400, "AccessDenied"),
            new Call("RemoveExecutionRoleFunction", "iam", "DeleteRolePolicy", "Throttling", 400, "AccessDenied"),
            new Call("RemoveExecutionRoleFunction", "iam", "DeleteRole", "Throttling", 400, "AccessDenied"),
            new Call("RemoveNetworkStackFunction", "cloudformation", "DescribeStacks", "Throttling", 400, "AccessDenied"),
            new Call("RemoveNetworkStackFunction", "cloudformation", "DeleteStack", "Throttling", 400, "AccessDenied"),
            new Call("ReportFunction", "s3", "PutObject", "SlowDown", 503, "AccessDenied"),
            new Call("ReportFunction", "events", "PutEvents", "ThrottlingException", 400, "AccessDeniedException"));

    /** The functions of the removal path, each of which can time out. */
    static final List<String> FUNCTIONS = List.of("PlanRemovalFunction", "RemoveEnvironmentFunction",
            "RemoveKeyPolicyStatementFunction", "RemoveExecutionRoleFunction", "RemoveNetworkStackFunction");

    /** Cells run concurrently, each on a local cloud of its own while it runs (see {@link Shards}). */
    private final Shards<FaultCells> shards = new Shards<>(FaultCells.SHARDS, () -> new FaultCells("removal"));

    @BeforeEach
    void takeAShard() throws Exception {
        shards.take();
    }

    @AfterAll
    void stop() throws Exception {
        shards.close();
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

    static Stream<Arguments> calls() {
        return CALLS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "throttled: {0}")
    @MethodSource("calls")
    void aThrottledCallIsRetriedAndTheRemovalFinishes(Call call) throws Exception {
        Removal cell = new Removal();
        // Four failures: more than the SDK's three attempts, so the state machine's retry is needed too.
        Execution execution = cell.deleteTheFile(() -> cells().faults().failOperation(call.service(), call.operation(),
                call.function(), call.throttling(), call.throttlingStatus(), "Rate exceeded", 4));
        assertThat(cells().firedAt()).as(call + " was called and throttled").isEqualTo(Collections.nCopies(4, call.function()));
        cell.assertRemoved(execution);
    }

    @ParameterizedTest(name = "access denied: {0}")
    @MethodSource("calls")
    void anAccessDeniedCallFailsTheRemovalAndWhatItDidNotReachStays(Call call) throws Exception {
        Removal cell = new Removal();
        String message = "User: arn:aws:sts::000000000000:assumed-role/mwaa-provisioner/" + call.function()
                + " is not authorized to perform: " + call.service() + ":" + call.operation();
        Execution execution = cell.deleteTheFile(() -> cells().faults().failOperation(call.service(), call.operation(),
                call.function(), call.accessDenied(), 403, message, 1));
        assertThat(cells().firedAt()).as(call + " was called").containsExactly(call.function());
        // A HEAD answer has no body: S3 says only 403.
        String cause = call.operation().equals("HeadObject") ? "403" : "not authorized to perform: " + call.service()
                + ":" + call.operation();
        if (call.function().equals("ReportFunction")) {
            // Everything was removed; only the report of it failed.
            assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(execution.cause().orElse("") + execution.error().orElse("")).isNotEmpty();
            assertThat(cell.cell.inventory()).as("removed before the report failed").isEqualTo(cell.cell.before);
            return;
        }
        // DeleteRole is refused after the role's inline policy went: the role stays, without it.
        cell.assertFailedWith(execution, cause, STEPS.indexOf(call.function()), "PENDING",
                call.operation().equals("DeleteRole"));
        if (call.operation().equals("DeleteRole")) {
            assertThat(cell.cell.status().path("Error").path("Cause").asText()).as("the half-removed role, reported")
                    .contains("stays without its inline policies [mwaa-" + cell.cell.name + "-execution-policy]");
        }
        cell.assertTheDeprovisionEventFinishesTheRemoval();
    }

    /**
     * The stack's VPC cannot be deleted: the stack ends DELETE_FAILED, everything else of it is
     * gone, the VPC and the stack stay.
     */
    @Test
    void aStackWhoseDeletionFailsFailsTheRemovalWithTheResourceAndTheStackStays() throws Exception {
        Removal cell = new Removal();
        String stack = "mwaa-" + cell.cell.name + "-network";
        // Not a dependency, which passes on its own and is deleted again (RemovalWorkflowTest): a refusal.
        String reason = "API: ec2:DeleteVpc You are not authorized to perform this operation.";
        Execution execution = cell.deleteTheFile(() -> cells().faults().failResource("cloudformation:stack", stack,
                "DELETE_FAILED", Map.of("logicalResourceId", "VPC", "reason", reason), 1));
        assertThat(cells().firedResources()).as("the deletion of the stack failed").isEqualTo(1);
        // The stack's deletion was started: the status file says it is being removed.
        Map<String, Object> left = cell.assertFailedWith(execution, "DELETE_FAILED", 3, "REMOVING", false,
                "stacks", "ec2");
        assertThat(execution.cause().orElseThrow()).contains("VPC");
        assertThat(left.get("stacks")).asString().contains(stack + " DELETE_FAILED");
        JsonNode vpcs = WorkflowJson.MAPPER.readTree(String.valueOf(left.get("ec2")));
        JsonNode was = WorkflowJson.MAPPER.readTree(String.valueOf(cell.cell.before.get("ec2")));
        assertThat(vpcs.findValue("vpcs").asInt()).as("the VPC stays").isEqualTo(was.findValue("vpcs").asInt() + 1);
        assertThat(vpcs.findValue("subnets").asInt()).as("its subnets went").isEqualTo(was.findValue("subnets").asInt());
        cell.assertTheDeprovisionEventFinishesTheRemoval();
    }

    static Stream<Arguments> functions() {
        return FUNCTIONS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "Lambda timeout: {0}")
    @MethodSource("functions")
    void aFunctionThatTimesOutFailsTheRemovalAndTheNextFinishesIt(String function) throws Exception {
        Removal cell = new Removal();
        // Before its work: the step's item is untouched, as the status file says.
        Execution execution = cell.deleteTheFile(() -> cells().faults().failResource("lambda:function", function, "FAILED",
                Map.of("errorType", "Sandbox.Timedout",
                        "errorMessage", "2026-11-28T10:00:00.000Z Task timed out after 30.00 seconds"), 1));
        assertThat(cells().firedResources()).as(function + " was invoked").isEqualTo(1);
        assertThat(execution.error()).contains("Sandbox.Timedout");
        cell.assertFailedWith(execution, "Task timed out after 30.00 seconds", STEPS.indexOf(function), "PENDING", false);
        cell.assertTheDeprovisionEventFinishesTheRemoval();
    }

    // ----------------------------------------------------------------------------------------

    /** A provisioned cell, and the inventory with its environment up. */
    private final class Removal {
        final FaultCells.Cell cell;
        final Map<String, Object> provisioned;

        Removal() throws Exception {
            cell = cells().cell();
            cell.extra = "DeletionPolicy: Delete\n";
            Execution execution = cell.run();
            assertThat(execution.status()).as(cell.name + ": " + execution.error() + " " + execution.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            provisioned = cell.inventory();
        }

        /** Deletes the request file (a delete marker), injects the fault, runs the removal of its event. */
        Execution deleteTheFile(Runnable fault) throws Exception {
            String marker = cells().s3.deleteObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(cell.file)).versionId();
            fault.run();
            ObjectNode event = WorkflowCloud.event("PlanRemovalFunction", "s3-object-deleted.json").with("State");
            ((ObjectNode) event.path("detail").path("object")).put("key", cell.file).put("version-id", marker);
            return cells().harness.run(event);
        }

        void assertRemoved(Execution execution) throws Exception {
            assertThat(execution.status()).as(cell.name + ": " + execution.error() + " " + execution.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode status = cell.status();
            assertThat(status.path("State").asText()).isEqualTo("DEPROVISIONED");
            assertThat(cell.itemStatuses(status)).containsExactly("Environment REMOVED", "KeyPolicyStatement REMOVED",
                    "ExecutionRole REMOVED", "NetworkStack REMOVED");
            assertThat(cell.event("Environment Deprovisioned").path("State").asText()).isEqualTo("DEPROVISIONED");
            assertThat(cell.inventory()).as(cell.name + ": the local cloud holds what it held before the cell")
                    .isEqualTo(cell.before);
        }

        /**
         * The removal failed with the cause in the execution, the status file and the event; the
         * items before {@code reached} were removed, the others stay, and the status file says so.
         *
         * @param reached          the step that failed, -1 for the plan (nothing was removed)
         * @param failed           what the status file says of the item whose step failed
         * @param rolePoliciesGone the role stays without its inline policy
         * @param checkedByCaller  parts of the inventory the caller checks itself
         * @return the inventory after the failure
         */
        Map<String, Object> assertFailedWith(Execution execution, String cause, int reached, String failed,
                                             boolean rolePoliciesGone, String... checkedByCaller) throws Exception {
            assertThat(execution.status()).as(cell.name).isEqualTo(ExecutionStatus.FAILED);
            assertThat(execution.cause().orElseThrow()).as(cell.name).contains(cause);
            JsonNode status = cell.status();
            assertThat(status.path("State").asText()).isEqualTo("DEPROVISIONING_FAILED");
            assertThat(status.path("Error").path("Cause").asText()).contains(cause);
            assertThat(cell.event("Environment Deprovisioning Failed").path("Error").path("Cause").asText()).contains(cause);
            List<String> expected = new ArrayList<>();
            for (int i = 0; reached >= 0 && i < ITEMS.size(); i++) {
                expected.add(ITEMS.get(i) + (i < reached ? " REMOVED" : i == reached ? " " + failed : " PENDING"));
            }
            assertThat(cell.itemStatuses(status)).as(cell.name + ": what the status file says was removed")
                    .isEqualTo(expected);
            Map<String, Object> left = cell.inventory();
            Map<String, Object> expectedLeft = withoutRole(expectedLeft(reached));
            Map<String, Object> actualLeft = withoutRole(left);
            for (String part : checkedByCaller) {
                expectedLeft.remove(part);
                actualLeft.remove(part);
            }
            assertThat(actualLeft).as(cell.name + ": what stays").isEqualTo(expectedLeft);
            String role = roleLine(provisioned);
            assertThat(roleLine(left)).as(cell.name + ": the execution role").isEqualTo(reached > 2 ? null
                    : rolePoliciesGone ? role.substring(0, role.indexOf(' ')) + " [] []" : role);
            return left;
        }

        /** A {@code Deprovision Environment} event with no fault removes the rest. */
        void assertTheDeprovisionEventFinishesTheRemoval() throws Exception {
            cells().faults().clear();
            ObjectNode event = WorkflowCloud.event("PlanRemovalFunction", "deprovision-environment.json").with("State");
            ((ObjectNode) event.path("detail")).put("Name", cell.name);
            Execution again = cells().harness.run(event);
            assertThat(again.status()).as(cell.name + " deprovisioned again: " + again.error() + " " + again.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(cell.status().path("State").asText()).isEqualTo("DEPROVISIONED");
            assertThat(cell.inventory()).as(cell.name + ": the local cloud holds what it held before the cell")
                    .isEqualTo(cell.before);
        }

        /** The inventory as it was provisioned, with the items before {@code reached} as before the cell. */
        private Map<String, Object> expectedLeft(int reached) {
            Map<String, Object> out = new TreeMap<>(provisioned);
            List<List<String>> parts = List.of(List.of("environments"), List.of("key statements"), List.of("roles"),
                    List.of("stacks", "ec2"));
            for (int i = 0; i < reached; i++) {
                parts.get(i).forEach(part -> out.put(part, cell.before.get(part)));
            }
            return out;
        }

        private Map<String, Object> withoutRole(Map<String, Object> inventory) {
            Map<String, Object> out = new TreeMap<>(inventory);
            TreeSet<String> roles = new TreeSet<>();
            ((Iterable<?>) inventory.get("roles")).forEach(r -> roles.add(String.valueOf(r)));
            roles.removeIf(r -> r.startsWith(roleName() + " "));
            out.put("roles", roles);
            return out;
        }

        /** The inventory line of the cell's execution role: its name, inline and attached policies; null when gone. */
        String roleLine(Map<String, Object> inventory) {
            for (Object role : (Iterable<?>) inventory.get("roles")) {
                if (String.valueOf(role).startsWith(roleName() + " ")) {
                    return String.valueOf(role);
                }
            }
            return null;
        }

        private String roleName() {
            return "mwaa-" + cell.name + "-execution";
        }
    }
}
