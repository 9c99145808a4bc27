package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import java.util.Collections;
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
import software.amazon.awssdk.services.mwaa.model.Environment;

/**
 * Every AWS call of the update path under every fault kind, on one local cloud and one
 * environment: it is provisioned once, then each cell uploads the other of two versions of its
 * request (environment class, worker count, source bucket and so the role's policy, and a tag
 * each) with one fault injected. Throttling ends UPDATED with the new values. Access denied, an
 * update that ends UPDATE_FAILED and a Lambda timeout end FAILED with the real cause in the
 * execution, the status file and the failure event; the environment stays AVAILABLE — with its
 * old values when the fault struck before UpdateEnvironment was sent — and nothing is created or
 * removed: a failed update is not rolled back, and the rollback the provisioning steps start
 * finds nothing this run created. Each failed cell then uploads the same version again with no
 * fault, and it converges.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.parallel.Execution(ExecutionMode.CONCURRENT)
class UpdateFaultMatrixTest {

    /** An AWS operation of the update path, the function that calls it, and its error codes. */
    record Call(String function, String service, String operation, String throttling, int throttlingStatus,
                String accessDenied) {
        @Override
        public String toString() {
            return function.replace("Function", "") + " " + service + ":" + operation;
        }

        /** Whether the environment's change was sent before this call: a failure leaves the new values. */
        boolean afterTheUpdateWasSent() {
            return function.equals("CheckEnvironmentFunction") || operation.equals("UntagResource")
                    || operation.equals("TagResource");
        }
    }

    /**
     * Every call an update run makes after ValidateRequest (which the provisioning matrix covers)
     * and before the report: PlanChanges compares the request with the environment, the network
     * stack, the role's policy and the key's policy; CreateExecutionRole rewrites the role's trust
     * and policy; UpdateKeyPolicy finds the statement in place; UpdateEnvironment sends the change
     * and the tags. Each is the first call of its operation in an update run.
     */
    static final List<Call> CALLS = List.of(
            new Call("PlanChangesFunction", "airflow", "GetEnvironment", "ThrottlingException", 429, "AccessDeniedException"),
            new Call("PlanChangesFunction", "cloudformation", "DescribeStacks", "Throttling", 400, "AccessDenied"),
            new Call("PlanChangesFunction", "iam", "GetRolePolicy", "Throttling", 400, "AccessDenied"),
            new Call("CreateExecutionRoleFunction", "iam", "GetRole", "Throttling", 400, "AccessDenied"),
            new Call("CreateExecutionRoleFunction", "iam", "UpdateAssumeRolePolicy", "Throttling", 400, "AccessDenied"),
            new Call("CreateExecutionRoleFunction", "iam", "PutRolePolicy", "Throttling", 400, "AccessDenied"),
            new Call("UpdateKeyPolicyFunction", "kms", "DescribeKey", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("PlanChangesFunction", "kms", "GetKeyPolicy", "ThrottlingException", 400, "AccessDeniedException"),
            new Call("UpdateEnvironmentFunction", "airflow", "UpdateEnvironment", "ThrottlingException", 429, "AccessDeniedException"),
            new Call("UpdateEnvironmentFunction", "airflow", "UntagResource", "ThrottlingException", 429, "AccessDeniedException"),
            new Call("UpdateEnvironmentFunction", "airflow", "TagResource", "ThrottlingException", 429, "AccessDeniedException"),
            new Call("ReportFunction", "events", "PutEvents", "ThrottlingException", 400, "AccessDeniedException"));

    /** The functions of an update run, each of which can time out. */
    static final List<String> FUNCTIONS = List.of("PlanChangesFunction", "CreateNetworkStackFunction",
            "CreateExecutionRoleFunction", "UpdateKeyPolicyFunction", "UpdateEnvironmentFunction",
            "CheckEnvironmentFunction");

    /** One version of the request; each cell applies the one the environment does not have. */
    record Version(String environmentClass, int maxWorkers, String bucket, String tag) {
        String lines() {
            return "EnvironmentClass: %s\nMaxWorkers: %d\nTags: {%s: applied}\n".formatted(environmentClass, maxWorkers, tag);
        }
    }

    /**
     * One environment on a local cloud of its own, provisioned with version a before its first
     * cell, then updated by one cell at a time. The matrix runs as many at once (see {@link Shards}).
     */
    private static final class World implements AutoCloseable {
        final FaultCells cells;
        final FaultCells.Cell cell;
        final Version a;
        final Version b;
        /** The version the environment has now; null until it is provisioned. */
        Version current;

        World() throws Exception {
            cells = new FaultCells("update");
            cell = cells.cell();
            a = new Version("mw1.small", 2, cell.sourceBucket, "version-a");
            b = new Version("mw1.medium", 5, cell.sourceBucket(cell.sourceBucket + "-b"), "version-b");
        }

        @Override
        public void close() {
            cells.close();
        }
    }

    private final Shards<World> worlds = new Shards<>(FaultCells.SHARDS, World::new);

    @BeforeEach
    void takeAProvisionedEnvironment() throws Exception {
        if (worlds.take().current == null) {
            apply(a());
            Execution provisioned = cell().run();
            assertThat(provisioned.status()).as(provisioned.error() + " " + provisioned.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            world().current = a();
            assertHas(a());
        }
    }

    @AfterAll
    void stop() throws Exception {
        worlds.close();
    }

    @AfterEach
    void noFaultOutlivesItsCell() {
        cells().faults().clear();
        worlds.giveBack();
    }

    private World world() {
        return worlds.held();
    }

    private FaultCells cells() {
        return world().cells;
    }

    private FaultCells.Cell cell() {
        return world().cell;
    }

    private Version a() {
        return world().a;
    }

    private Version b() {
        return world().b;
    }

    static Stream<Arguments> calls() {
        return CALLS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "throttled: {0}")
    @MethodSource("calls")
    void aThrottledCallIsRetriedAndTheUpdateIsApplied(Call call) throws Exception {
        Version next = other();
        Map<String, Object> before = cell().inventory();
        // Four failures: more than the SDK's three attempts, so the state machine's retry is needed too.
        Execution execution = update(next, () -> cells().faults().failOperation(call.service(), call.operation(),
                call.throttling(), call.throttlingStatus(), "Rate exceeded", 4));
        assertThat(cells().firedAt()).as(call + " was called and throttled").isEqualTo(Collections.nCopies(4, call.function()));
        assertThat(execution.status()).as(execution.error() + " " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(states(execution)).contains("UpdateEnvironment", "ReportUpdated").doesNotContain("CreateEnvironment");
        assertThat(cell().status().path("State").asText()).isEqualTo("UPDATED");
        assertThat(cell().event("Environment Updated")).isNotNull();
        world().current = next;
        assertHas(next);
        assertThat(cell().inventory()).as("an update creates and removes nothing").isEqualTo(before);
    }

    @ParameterizedTest(name = "access denied: {0}")
    @MethodSource("calls")
    void anAccessDeniedCallFailsTheUpdateWithItsCauseAndTheEnvironmentStays(Call call) throws Exception {
        Version next = other();
        Map<String, Object> before = cell().inventory();
        String message = "User: arn:aws:sts::000000000000:assumed-role/mwaa-provisioner/" + call.function()
                + " is not authorized to perform: " + call.service() + ":" + call.operation();
        Execution execution = update(next, () -> cells().faults().failOperation(call.service(), call.operation(),
                call.accessDenied(), 403, message, 1));
        assertThat(cells().firedAt()).as(call + " was called").containsExactly(call.function());
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.cause().orElseThrow()).contains("not authorized to perform: " + call.service() + ":"
                + call.operation());
        JsonNode status = cell().status();
        assertThat(status.path("State").asText()).isEqualTo("FAILED");
        assertThat(status.path("Error").path("Cause").asText()).contains("not authorized");
        if (call.operation().equals("PutEvents")) {
            // The update report wrote UPDATED before PutEvents failed; the failure report then put its event.
            assertThat(cell().event("Environment Provisioning Failed")).isNotNull();
            world().current = next;
            assertHas(next);
            assertThat(cell().inventory()).isEqualTo(before);
            return;
        }
        assertThat(cell().event("Environment Provisioning Failed").path("Error").path("Cause").asText())
                .contains("not authorized to perform: " + call.service() + ":" + call.operation());
        assertTheEnvironmentStays(call.afterTheUpdateWasSent() ? next : world().current, before, status);
        assertTheNextUploadConverges(next);
    }

    @Test
    void anUpdateThatEndsUpdateFailedFailsTheRunWithLastUpdateErrorAndKeepsTheOldSettings() throws Exception {
        String code = "INCORRECT_CONFIGURATION";
        Version next = other();
        Map<String, Object> before = cell().inventory();
        Execution execution = update(next, () -> cells().faults().failResource("mwaa:environment", cell().name, "UPDATE_FAILED",
                Map.of("ErrorCode", code, "ErrorMessage", "The scheduler could not start with the new class."), 1));
        assertThat(cells().firedResources()).as("the update of " + cell().name + " failed").isEqualTo(1);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).hasValueSatisfying(e -> assertThat(e).contains("EnvironmentUpdateFailedException"));
        assertThat(execution.cause().orElseThrow()).contains(code, "The scheduler could not start with the new class.");
        JsonNode status = cell().status();
        assertThat(status.path("State").asText()).isEqualTo("FAILED");
        assertThat(status.path("Error").path("Cause").asText()).contains(code);
        assertThat(cell().event("Environment Provisioning Failed").path("Error").path("Cause").asText()).contains(code);
        Environment environment = settled();
        // MWAA restores the previous settings; the tags, set by TagResource, are the new ones.
        assertThat(environment.statusAsString()).isEqualTo("UPDATE_FAILED");
        assertThat(environment.lastUpdate().error().errorCode()).isEqualTo(code);
        assertThat(environment.environmentClass()).isEqualTo(world().current.environmentClass());
        assertThat(environment.maxWorkers()).isEqualTo(world().current.maxWorkers());
        assertThat(cell().inventory()).as("nothing created, nothing removed").isEqualTo(before);
        assertTheNextUploadConverges(next);
    }

    static Stream<Arguments> functions() {
        return FUNCTIONS.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "Lambda timeout: {0}")
    @MethodSource("functions")
    void aFunctionThatTimesOutAfterItsWorkFailsTheUpdateAndTheEnvironmentStays(String function) throws Exception {
        Version next = other();
        Map<String, Object> before = cell().inventory();
        Execution execution = update(next, () -> cells().faults().failResource("lambda:function", function, "FAILED", Map.of(
                "errorType", "Sandbox.Timedout",
                "errorMessage", "2026-11-28T10:00:00.000Z Task timed out after 30.00 seconds",
                "when", "AfterRun"), 1));
        assertThat(cells().firedResources()).as(function + " was invoked").isEqualTo(1);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).contains("Sandbox.Timedout");
        assertThat(execution.cause().orElseThrow()).contains("Task timed out after 30.00 seconds");
        JsonNode status = cell().status();
        assertThat(status.path("State").asText()).isEqualTo("FAILED");
        assertThat(status.path("Error").path("Error").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(cell().event("Environment Provisioning Failed").path("Error").path("Cause").asText()).contains("timed out");
        // UpdateEnvironment timed out after it sent the change, CheckEnvironment after it saw it under way.
        boolean sent = function.equals("UpdateEnvironmentFunction") || function.equals("CheckEnvironmentFunction");
        assertTheEnvironmentStays(sent ? next : world().current, before, status);
        assertTheNextUploadConverges(next);
    }

    // ----------------------------------------------------------------------------------------

    /**
     * The version the environment does not have. Read from the environment itself, so a cell that
     * failed midway does not make the next one upload what is already there.
     */
    private Version other() {
        world().current = settled().environmentClass().equals(a().environmentClass()) ? a() : b();
        return world().current == a() ? b() : a();
    }

    private void apply(Version version) {
        cell().sourceBucket = version.bucket();
        cell().extra = version.lines();
    }

    private Execution update(Version version, Runnable fault) throws Exception {
        // UPDATE_FAILED after a failed update: MWAA takes the next one as from AVAILABLE.
        assertThat(settled().statusAsString()).as("the environment before the run").isIn("AVAILABLE", "UPDATE_FAILED");
        apply(version);
        return cell().run(fault);
    }

    /**
     * The failed update left the environment AVAILABLE with the expected values, created nothing
     * and removed nothing (no rollback item was removed).
     */
    private void assertTheEnvironmentStays(Version expected, Map<String, Object> before, JsonNode status) throws Exception {
        assertThat(cell().itemStatuses(status)).as("a failed update removes nothing")
                .noneMatch(s -> s.endsWith(" REMOVED") || s.endsWith(" REMOVING"));
        assertThat(settled().statusAsString()).isEqualTo("AVAILABLE");
        Environment environment = settled();
        assertThat(environment.environmentClass()).isEqualTo(expected.environmentClass());
        assertThat(environment.maxWorkers()).isEqualTo(expected.maxWorkers());
        assertThat(environment.sourceBucketArn()).isEqualTo("arn:aws:s3:::" + expected.bucket());
        assertThat(cell().inventory()).as("nothing created, nothing removed").isEqualTo(before);
    }

    /** The same version uploaded again with no fault: the environment ends with its values. */
    private void assertTheNextUploadConverges(Version next) throws Exception {
        cells().faults().clear();
        Execution again = update(next, () -> { });
        assertThat(again.status()).as(cell().name + " uploaded again: " + again.error() + " " + again.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        // UNCHANGED when the failed run had applied everything before it failed.
        assertThat(cell().status().path("State").asText()).isIn("UPDATED", "UNCHANGED");
        world().current = next;
        assertHas(next);
    }

    private void assertHas(Version version) {
        Environment environment = settled();
        assertThat(environment.statusAsString()).isEqualTo("AVAILABLE");
        assertThat(environment.environmentClass()).isEqualTo(version.environmentClass());
        assertThat(environment.maxWorkers()).isEqualTo(version.maxWorkers());
        assertThat(environment.sourceBucketArn()).isEqualTo("arn:aws:s3:::" + version.bucket());
        assertThat(environment.tags()).containsEntry(version.tag(), "applied")
                .doesNotContainKey((version == a() ? b() : a()).tag());
    }

    /** The environment once no update is under way (an update the run sent may still be running). */
    private Environment settled() {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            Environment environment = cells().mwaa.getEnvironment(r -> r.name(cell().name)).environment();
            if (!environment.statusAsString().equals("UPDATING") || System.nanoTime() > deadline) {
                return environment;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<String> states(Execution execution) {
        return execution.history().stream().filter(e -> e.type().equals("TaskStateEntered"))
                .map(e -> e.stateName().orElse("")).toList();
    }
}
