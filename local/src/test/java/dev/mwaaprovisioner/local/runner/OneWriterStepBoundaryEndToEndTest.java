package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.CloudInventory;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.workflow.LeastPrivilege;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The step boundary of one writer per Name, through the application deployed from the checkout:
 * the local cloud holds one AWS call of the provisioning (the role being created, the environment
 * being created) while the test deletes or edits the request file with the AWS CLI or SDK, so the
 * event arrives in the middle of the run every time. The run records what it created before its
 * next step, stops at that step, and the execution goes on with the newer event: a delete removes
 * everything the record lists, an edit is applied instead of the stale version.
 *
 * <p>And the runs that could not finish: what a rollback left (an environment CREATE_FAILED, its
 * role and stack) is on the Name's record, and the next removal removes it whatever the
 * DeletionPolicy; an execution stopped while it holds the Name hands it on through Step Functions'
 * status-change event, and the event that waited is applied at once.
 */
class OneWriterStepBoundaryEndToEndTest extends OneWriterApplication {

    @Test
    void aFileDeletedWhileItsNetworkStackIsCreatedStopsTheRunBeforeTheRole() throws Exception {
        deleteInsideTheCallAndAssertTheRunStoppedBefore("-stop-net", "cloudformation", "DescribeStacks",
                "CheckNetworkStackFunction", false, "CreateExecutionRole");
    }

    @Test
    void aFileDeletedWhileItsRoleIsCreatedStopsTheRunBeforeTheEnvironmentAndRemovesWhatItCreated() throws Exception {
        deleteInsideTheCallAndAssertTheRunStoppedBefore("-stop-rm", "iam", "CreateRole", "CreateExecutionRoleFunction",
                true, "CreateEnvironment");
    }

    @Test
    void anEditWhileTheRoleIsCreatedIsAppliedInsteadOfTheStaleVersion() throws Exception {
        ObjectNode request = prepared("-stop-edit", null);
        String name = request.path("Name").asText();
        String latest;
        try (FaultInjector.Hold createRole = app.cloud().faults().hold("iam", "CreateRole", "CreateExecutionRoleFunction")) {
            latest = editWhileTheRoleIsCreated(name, request, createRole);
        }
        settle();

        assertThat(visited("StopForWaitingEvent")).as(histories()).isTrue();
        assertThat(app.cloud().requestLog().entries().stream()
                .filter(e -> "CreateEnvironment".equals(e.operation()) && e.succeeded()
                        && new String(e.request().body()).contains("\"" + name + "\"")).count())
                .as("one environment created, with the latest version").isEqualTo(1);
        assertProvisionedAs(name, 5, latest);
        assertNoFailedExecution();
    }

    @Test
    void aFileDeletedWhileItsEnvironmentIsCreatedStopsTheRunAtTheNextBoundary() throws Exception {
        String name = deleteInsideTheCallAndAssertTheRunStoppedBefore("-stop-env", "airflow", "CreateEnvironment",
                "CreateEnvironmentFunction", false, "ReportSuccess");
        assertThat(mwaa.listEnvironments(r -> { }).environments()).doesNotContain(name);
    }

    @Test
    void whatARollbackCouldNotRemoveIsRemovedByTheNextRemovalEvenWithRetain() throws Exception {
        ObjectNode request = prepared("-left", "Retain");
        String name = request.path("Name").asText();
        Map<String, Set<String>> before = inventory();
        FaultInjector faults = app.cloud().faults();
        faults.failResource("mwaa:environment", name, "CREATE_FAILED",
                Map.of("ErrorCode", "INCORRECT_CONFIGURATION", "ErrorMessage", "The subnets cannot reach S3."), 1);
        faults.failOperation("airflow", "DeleteEnvironment", "RemoveEnvironmentFunction", "AccessDeniedException", 403,
                "User is not authorized to perform: airflow:DeleteEnvironment", 1);
        put(name, request);
        settle();

        assertThat(started).as("the provisioning fails").allMatch(e -> e.status() == ExecutionStatus.FAILED);
        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment().statusAsString()).isEqualTo("CREATE_FAILED");
        JsonNode left = claim(name).path("LeftByRollback");
        assertThat(left.findValuesAsText("Kind")).as(claim(name).toString())
                .containsExactly("Environment", "ExecutionRole", "NetworkStack");
        started.clear();

        // Uploaded again: refused on the CREATE_FAILED environment, with the way out; what was left stays on record.
        put(name, request);
        settle();
        assertThat(started).allMatch(e -> e.status() == ExecutionStatus.FAILED);
        assertThat(status(name).path("Error").path("Cause").asText()).contains("CREATE_FAILED",
                "deleting the request file", "Deprovision Environment");
        assertThat(claim(name).path("LeftByRollback").findValuesAsText("Kind"))
                .containsExactly("Environment", "ExecutionRole", "NetworkStack");
        started.clear();

        aws.run("s3", "rm", "s3://" + app.configBucket() + "/" + key(name)).ok();
        settle();
        assertThat(mwaa.listEnvironments(r -> { }).environments()).doesNotContain(name);
        assertThat(CloudInventory.difference(before, inventory())).as("the rollback is finished").isEmpty();
        JsonNode status = status(name);
        assertThat(status.path("State").asText()).as(status.toString()).isEqualTo("DEPROVISIONED");
        assertThat(claimed(name)).isFalse();
        assertNoFailedExecution();
    }

    @Test
    void anEditWaitingForAnExecutionThatIsStoppedIsAppliedAtOnce() throws Exception {
        ObjectNode request = prepared("-dead", null);
        String name = request.path("Name").asText();
        String latest;
        String holder;
        try (FaultInjector.Hold createRole = app.cloud().faults().hold("iam", "CreateRole", "CreateExecutionRoleFunction")) {
            latest = editWhileTheRoleIsCreated(name, request, createRole);
            holder = claim(name).path("Holder").path("ExecutionArn").asText();
            stopWhileHeld(createRole, holder);
        }
        settle();

        assertThat(started).filteredOn(e -> e.executionArn().equals(holder))
                .allMatch(e -> e.status() == ExecutionStatus.ABORTED);
        assertThat(started).as("the waiting edit was started when its holder ended: " + histories())
                .anyMatch(e -> e.name().startsWith("resume-") && e.status() == ExecutionStatus.SUCCEEDED);
        assertProvisionedAs(name, 5, latest);
        started.removeIf(e -> e.executionArn().equals(holder));
        assertNoFailedExecution();

        // EventBridge delivers at least once: the same status change again, after the resumed run, starts nothing.
        JsonNode statusChange = app.cloud().eventBus().events().stream()
                .filter(e -> e.source().equals("aws.states") && e.resources().contains(holder)
                        && e.detail().path("status").asText().equals("ABORTED"))
                .findFirst().orElseThrow().toJson();
        SdkBytes payload = SdkBytes.fromByteArray(JSON.writeValueAsBytes(statusChange));
        try (LambdaClient lambda = TestClients.client(LambdaClient.builder(), app.cloud())) {
            InvokeResponse again = lambda.invoke(r -> r.functionName(app.functionName("DispatchFunction").orElseThrow()
                    + ":live").payload(payload));
            assertThat(again.functionError()).as(again.payload().asUtf8String()).isNull();
            // The resumed execution holds the Name no more: the ended execution holds nothing, nothing starts.
            assertThat(JSON.readTree(again.payload().asByteArray()).hasNonNull("ExecutionArn"))
                    .as(again.payload().asUtf8String()).isFalse();
        }
        settle();
        assertThat(started).as("nothing started again").isEmpty();
        assertProvisionedAs(name, 5, latest);

        assertTheDispatchCalledOnlyWhatItsPolicyAllows();
    }

    @Test
    void aRunStoppedWithNothingWaitingSaysSoAndItsDeleteRemovesWhatItMadeUnrecorded() throws Exception {
        ObjectNode request = prepared("-aborted", "Delete");
        String name = request.path("Name").asText();
        Map<String, Set<String>> before = inventory();
        String holder;
        try (FaultInjector.Hold createRole = app.cloud().faults().hold("iam", "CreateRole", "CreateExecutionRoleFunction")) {
            put(name, request);
            assertThat(createRole.awaitArrival(RUN_LIMIT)).isTrue();
            holder = claim(name).path("Holder").path("ExecutionArn").asText();
            assertThat(status(name).path("State").asText()).isEqualTo("IN_PROGRESS");
            stopWhileHeld(createRole, holder);
        }
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (!status(name).path("State").asText().equals("FAILED")) {
            assertThat(System.nanoTime()).as("the status of the stopped run is written").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }

        JsonNode status = status(name);
        assertThat(status.path("ExecutionArn").asText()).isEqualTo(holder);
        assertThat(status.path("Error").path("Error").asText()).isEqualTo("ExecutionAborted");
        assertThat(status.path("Error").path("Cause").asText()).contains("ABORTED", "stopped by an operator");
        started.removeIf(e -> e.executionArn().equals(holder));

        // The role was made after the stop, by the call the run was inside: not on record. The delete
        // takes the Name from the ended execution and removes it with the recorded stack.
        assertThat(claim(name).path("Created").has("ExecutionRole")).as(claim(name).toString()).isFalse();
        aws.run("s3", "rm", "s3://" + app.configBucket() + "/" + key(name)).ok();
        settle();
        assertThat(CloudInventory.difference(before, inventory())).as("nothing the stopped run made is left").isEmpty();
        assertThat(status(name).path("State").asText()).isEqualTo("DEPROVISIONED");
        assertThat(claimed(name)).isFalse();
        assertNoFailedExecution();
        assertTheDispatchCalledOnlyWhatItsPolicyAllows();
    }

    /** What the dispatch did for ended holders, it did with what its policy in template.yaml allows. */
    private void assertTheDispatchCalledOnlyWhatItsPolicyAllows() {
        LeastPrivilege policies = new LeastPrivilege(app.configBucket());
        policies.observe(app.cloud().requestLog().entries().stream()
                .filter(e -> "DispatchFunction".equals(e.caller())).toList());
        assertThat(policies.denied()).isEmpty();
        assertThat(policies.unused(java.util.List.of("DispatchFunction"))).as("used by the ended holders")
                .doesNotContain("DispatchFunction: s3:ListBucket");
    }

    /**
     * Uploads a request with {@code DeletionPolicy: Delete}; once its run is inside the held call,
     * deletes the file (with the AWS CLI, or the SDK) and lets the call go on when the delete waits
     * in the Name's record. The run stops at its next boundary without reaching {@code notReached};
     * everything it made is removed, the status says DEPROVISIONED and the Name is free.
     *
     * @return the environment Name
     */
    private String deleteInsideTheCallAndAssertTheRunStoppedBefore(String suffix, String service, String operation,
                                                                  String caller, boolean withCli, String notReached)
            throws Exception {
        ObjectNode request = prepared(suffix, "Delete");
        String name = request.path("Name").asText();
        Map<String, Set<String>> before = inventory();
        try (FaultInjector.Hold held = app.cloud().faults().hold(service, operation, caller)) {
            put(name, request);
            assertThat(held.awaitArrival(RUN_LIMIT)).as("the run reaches " + operation).isTrue();
            if (withCli) {
                aws.run("s3", "rm", "s3://" + app.configBucket() + "/" + key(name)).ok();
            } else {
                s3.deleteObject(r -> r.bucket(app.configBucket()).key(key(name)));
            }
            awaitWaitingEvent(name);
        }
        settle();

        assertThat(visited("StopForWaitingEvent")).as(histories()).isTrue();
        assertThat(visited(notReached)).as("stopped before " + notReached + ": " + histories()).isFalse();
        assertThat(CloudInventory.difference(before, inventory())).as("what the run made is removed").isEmpty();
        assertThat(status(name).path("State").asText()).isEqualTo("DEPROVISIONED");
        assertThat(claimed(name)).isFalse();
        assertNoFailedExecution();
        return name;
    }

    /**
     * Stops an execution with StopExecution (as an operator would) while it waits inside the held
     * call, which is let go half a second later: it ends ABORTED without reaching any step that
     * hands its Name on.
     */
    private void stopWhileHeld(FaultInjector.Hold held, String executionArn) {
        java.util.concurrent.ScheduledExecutorService later = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (SfnClient sfn = TestClients.client(SfnClient.builder(), app.cloud())) {
            later.schedule(held::open, 500, TimeUnit.MILLISECONDS);
            sfn.stopExecution(r -> r.executionArn(executionArn).error("Stopped").cause("stopped by an operator"));
        } finally {
            later.shutdownNow();
        }
    }

    /** The environment has the version's MaxWorkers, its status names that version, and nobody holds the Name. */
    private void assertProvisionedAs(String name, int maxWorkers, String version) throws Exception {
        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment().maxWorkers()).isEqualTo(maxWorkers);
        JsonNode status = status(name);
        assertThat(status.path("State").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.path("Source").path("VersionId").asText()).isEqualTo(version);
        assertHeldByNobody(name);
    }

    /** Holds CreateExecutionRole's CreateRole, uploads MaxWorkers 3, and once that run is inside CreateRole, MaxWorkers 5 (returned: its version). */
    private String editWhileTheRoleIsCreated(String name, ObjectNode request, FaultInjector.Hold createRole) throws Exception {
        put(name, request.put("MaxWorkers", 3));
        assertThat(createRole.awaitArrival(RUN_LIMIT)).isTrue();
        String latest = put(name, request.put("MaxWorkers", 5));
        awaitWaitingEvent(name);
        return latest;
    }

    /** Waits until the Name's record holds a waiting event (the newer event's execution queued it). */
    private void awaitWaitingEvent(String name) throws Exception {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (!claim(name).has("Waiting")) {
            assertThat(System.nanoTime()).as("an event waits for " + name).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }
}
