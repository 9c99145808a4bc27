package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.AwsCli;
import dev.mwaaprovisioner.local.cloud.CloudInventory;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One writer per environment Name, through the application deployed from the checkout: uploads,
 * edits, deletes and renames sent with the AWS SDK and the AWS CLI at the pace that makes their
 * executions overlap. Whatever order the executions run in, one changes AWS for a Name at a time,
 * the others wait in the Name's record (status {@code QUEUED}), and what remains is what the last
 * event asks for: the environment, the account's inventory (stacks, VPCs, EIPs, roles, key-policy
 * statements) and the last status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneWriterEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration RUN_LIMIT = Duration.ofSeconds(90);

    LocalApplication app;
    ExampleWorld world;
    S3Client s3;
    MwaaClient mwaa;
    AwsCli aws;
    CloudInventory audit;
    final List<Execution> started = new CopyOnWriteArrayList<>();
    AutoCloseable watch;

    @BeforeAll
    void deploy() {
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")), LocalApplication.config().withTimeScale(2000));
        world = new ExampleWorld(app.cloud());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
        mwaa = TestClients.client(MwaaClient.builder(), app.cloud());
        aws = AwsCli.on(app.cloud());
        audit = new CloudInventory(app.cloud());
        watch = app.cloud().service(StateMachines.class).onExecutionStarted(started::add);
    }

    @AfterAll
    void stop() throws Exception {
        watch.close();
        for (AutoCloseable client : List.of(s3, mwaa, audit)) {
            client.close();
        }
        app.close();
    }

    // ----------------------------------------------------------------------------------------

    @Test
    void aFileDeletedWhileItsEnvironmentIsCreatedRemovesEverythingThatRunCreated() throws Exception {
        ObjectNode request = prepared("-early-rm", "Delete");
        String name = request.path("Name").asText();
        Map<String, Set<String>> before = inventory();
        put(name, request);
        awaitEnvironmentStatus(name, "CREATING");
        s3.deleteObject(r -> r.bucket(app.configBucket()).key(key(name)));
        settle();

        assertThat(visited("ReportQueued")).as("the removal waited for the provisioning").isTrue();
        assertThat(CloudInventory.difference(before, inventory())).as("nothing left behind").isEmpty();
        assertThat(status(name).path("State").asText()).isEqualTo("DEPROVISIONED");
        assertThat(claimed(name)).isFalse();
        assertNoFailedExecution();
    }

    @Test
    void aNewFileWrittenThreeTimesInOneSecondEndsAsItsLastVersion() throws Exception {
        ObjectNode request = prepared("-three", null);
        String name = request.path("Name").asText();
        String last = null;
        for (int workers : new int[] {3, 5, 7}) {
            last = put(name, request.put("MaxWorkers", workers));
        }
        settle();

        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment().maxWorkers()).isEqualTo(7);
        JsonNode status = status(name);
        assertThat(status.path("State").asText()).isIn("SUCCEEDED", "UPDATED");
        assertThat(status.path("Source").path("VersionId").asText()).isEqualTo(last);
        assertHeldByNobody(name);
        assertNoFailedExecution();
    }

    @Test
    void anEnvironmentEditedFourSixEightQuicklyEndsAtEight() throws Exception {
        ObjectNode request = provisioned("-468", null, 4);
        String name = request.path("Name").asText();
        put(name, request.put("MaxWorkers", 6));
        String last = put(name, request.put("MaxWorkers", 8));
        settle();

        Environment environment = mwaa.getEnvironment(r -> r.name(name)).environment();
        assertThat(environment.maxWorkers()).isEqualTo(8);
        JsonNode status = status(name);
        assertThat(status.path("State").asText()).isEqualTo("UPDATED");
        assertThat(status.path("Source").path("VersionId").asText()).isEqualTo(last);
        assertHeldByNobody(name);
        assertNoFailedExecution();
    }

    @Test
    void aDeletionPolicyChangedAloneIsTheOneTheDeleteApplies() throws Exception {
        // Delete, then Retain alone: the delete keeps everything.
        ObjectNode kept = provisioned("-to-retain", "Delete", null);
        String keptName = kept.path("Name").asText();
        put(keptName, kept.put("DeletionPolicy", "Retain"));
        settle();
        assertThat(status(keptName).path("State").asText()).isEqualTo("UNCHANGED");
        Map<String, Set<String>> withKept = inventory();
        aws.run("s3", "rm", "s3://" + app.configBucket() + "/" + key(keptName)).ok();
        settle();
        assertThat(CloudInventory.difference(without(withKept, key(keptName)), inventory()))
                .as("Retain keeps everything").isEmpty();
        assertThat(status(keptName).path("State").asText()).isEqualTo("RETAINED");

        // Retain, then Delete alone: the delete removes everything.
        ObjectNode removed = prepared("-to-delete", "Retain");
        String removedName = removed.path("Name").asText();
        Map<String, Set<String>> before = inventory();
        put(removedName, removed);
        settle();
        put(removedName, removed.put("DeletionPolicy", "Delete"));
        settle();
        assertThat(status(removedName).path("State").asText()).isEqualTo("UNCHANGED");
        aws.run("s3", "rm", "s3://" + app.configBucket() + "/" + key(removedName)).ok();
        settle();
        assertThat(CloudInventory.difference(before, inventory())).as("Delete removes everything").isEmpty();
        assertThat(status(removedName).path("State").asText()).isEqualTo("DEPROVISIONED");
        assertNoFailedExecution();
    }

    @Test
    void anAdoptedEnvironmentIsRemovedWithItsStackAndRoleByADelete() throws Exception {
        ObjectNode request = prepared("-adopted", "Retain");
        String name = request.path("Name").asText();
        Map<String, Set<String>> before = inventory();
        put(name, request);
        settle();
        aws.run("s3", "rm", "s3://" + app.configBucket() + "/" + key(name)).ok();
        settle();
        assertThat(status(name).path("State").asText()).isEqualTo("RETAINED");
        assertThat(claimed(name)).isFalse();

        // Uploaded again, with Delete: nothing to change, but the environment, stack and role are adopted.
        put(name, request.put("DeletionPolicy", "Delete"));
        settle();
        assertThat(status(name).path("State").asText()).isEqualTo("UNCHANGED");
        JsonNode record = claim(name);
        assertThat(record.path("Created").path("Network").path("StackName").asText()).isEqualTo("mwaa-" + name + "-network");
        assertThat(record.path("Created").path("ExecutionRole").path("RoleName").asText())
                .isEqualTo("mwaa-" + name + "-execution");
        aws.run("s3", "rm", "s3://" + app.configBucket() + "/" + key(name)).ok();
        settle();
        assertThat(CloudInventory.difference(before, inventory())).as("nothing leaked").isEmpty();
        assertThat(status(name).path("State").asText()).isEqualTo("DEPROVISIONED");
        assertNoFailedExecution();
    }

    @Test
    void aFileRenamedWithAwsS3MvKeepsItsEnvironment() throws Exception {
        ObjectNode request = provisioned("-renamed", "Delete", null);
        String name = request.path("Name").asText();
        Map<String, Set<String>> before = inventory();
        String moved = "requests/" + name + "-moved.json";
        aws.run("s3", "mv", "s3://" + app.configBucket() + "/" + key(name), "s3://" + app.configBucket() + "/" + moved).ok();
        settle();

        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment().statusAsString()).isEqualTo("AVAILABLE");
        assertThat(CloudInventory.difference(without(before, key(name)), without(inventory(), moved)))
                .as("the environment and everything made for it stay").isEmpty();
        assertThat(claim(name).path("Owner").path("Uri").asText()).endsWith(moved);
        JsonNode status = status(name);
        assertThat(status.path("State").asText()).isIn("UNCHANGED", "UPDATED", "SUCCEEDED");
        assertThat(status.path("Source").path("Uri").asText()).endsWith(moved);

        // The new file owns it now: deleting it (DeletionPolicy: Delete) removes everything.
        aws.run("s3", "rm", "s3://" + app.configBucket() + "/" + moved).ok();
        settle();
        assertThat(mwaa.listEnvironments(r -> { }).environments()).doesNotContain(name);
        assertThat(status(name).path("State").asText()).isEqualTo("DEPROVISIONED");
        assertNoFailedExecution();
    }

    @Test
    void aFileUploadedAgainDuringItsRemovalIsAppliedAfterTheRemoval() throws Exception {
        ObjectNode request = provisioned("-back", "Delete", null);
        String name = request.path("Name").asText();
        s3.deleteObject(r -> r.bucket(app.configBucket()).key(key(name)));
        awaitEnvironmentStatus(name, "DELETING");
        String version = put(name, request);
        settle();

        assertThat(visited("ReportQueued")).as("the upload waited for the removal").isTrue();
        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment().statusAsString()).isEqualTo("AVAILABLE");
        JsonNode status = status(name);
        assertThat(status.path("State").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.path("Source").path("VersionId").asText()).isEqualTo(version);
        assertThat(claim(name).path("Owner").path("Uri").asText()).endsWith(key(name));
        assertHeldByNobody(name);
        assertNoFailedExecution();
    }

    // ------------------------------------------------------------------ helpers

    /** minimal.yaml under its own Name, with the DeletionPolicy (null: the default). */
    ObjectNode prepared(String suffix, String deletionPolicy) throws Exception {
        ExampleWorld.Prepared prepared = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), suffix);
        ObjectNode request = (ObjectNode) JSON.readTree(prepared.json());
        if (deletionPolicy != null) {
            request.put("DeletionPolicy", deletionPolicy);
        }
        return request;
    }

    ObjectNode provisioned(String suffix, String deletionPolicy, Integer maxWorkers) throws Exception {
        ObjectNode request = prepared(suffix, deletionPolicy);
        if (maxWorkers != null) {
            request.put("MaxWorkers", maxWorkers);
        }
        put(request.path("Name").asText(), request);
        settle();
        assertThat(status(request.path("Name").asText()).path("State").asText()).isEqualTo("SUCCEEDED");
        assertNoFailedExecution();
        return request;
    }

    /** Uploads the request as requests/<Name>.json with the SDK; its version id. */
    String put(String name, ObjectNode request) throws Exception {
        byte[] body = JSON.writeValueAsBytes(request);
        return s3.putObject(r -> r.bucket(app.configBucket()).key(key(name)), RequestBody.fromBytes(body)).versionId();
    }

    static String key(String name) {
        return "requests/" + name + ".json";
    }

    /** Waits until every execution started so far has ended and no new one started for a while. */
    void settle() throws Exception {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        int seen = -1;
        while (seen != started.size()) {
            seen = started.size();
            for (Execution execution : List.copyOf(started)) {
                assertThat(execution.awaitCompletion(RUN_LIMIT)).as(execution.executionArn() + " ends").isTrue();
            }
            TimeUnit.MILLISECONDS.sleep(400);
            assertThat(System.nanoTime()).as("executions settle").isLessThan(deadline);
        }
    }

    void awaitEnvironmentStatus(String name, String wanted) throws Exception {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (true) {
            if (mwaa.listEnvironments(r -> { }).environments().contains(name)
                    && wanted.equals(mwaa.getEnvironment(r -> r.name(name)).environment().statusAsString())) {
                return;
            }
            assertThat(System.nanoTime()).as(name + " becomes " + wanted).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }

    /** Whether some execution since the last {@link #assertNoFailedExecution} went through the state. */
    boolean visited(String state) {
        return started.stream().anyMatch(e -> e.history().stream()
                .anyMatch(h -> h.type().endsWith("StateEntered") && h.stateName().orElse("").equals(state)));
    }

    /** No execution failed; the list is cleared for the next scenario. */
    void assertNoFailedExecution() {
        for (Execution execution : started) {
            assertThat(execution.status()).as(execution.executionArn() + ": " + execution.error() + " "
                    + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
        started.clear();
    }

    JsonNode status(String name) throws Exception {
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(app.configBucket()).key("status/" + name + ".json"))
                .asByteArray());
    }

    JsonNode claim(String name) throws Exception {
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(app.configBucket()).key("claims/" + name + ".json"))
                .asByteArray());
    }

    boolean claimed(String name) {
        return !s3.listObjectsV2(r -> r.bucket(app.configBucket()).prefix("claims/" + name + ".json")).contents().isEmpty();
    }

    void assertHeldByNobody(String name) throws Exception {
        JsonNode record = claim(name);
        assertThat(record.has("Holder")).as("released: " + record).isFalse();
        assertThat(record.has("Waiting")).as("nothing left waiting: " + record).isFalse();
    }

    /** The account's resources; the config bucket's status, claim and inline-request objects left out. */
    Map<String, Set<String>> inventory() {
        return audit.snapshot(key -> key.startsWith("status/") || key.startsWith("claims/")
                || key.startsWith("inline-requests/"));
    }

    /** The inventory without one request file of the config bucket. */
    Map<String, Set<String>> without(Map<String, Set<String>> inventory, String requestKey) {
        Map<String, Set<String>> copy = new java.util.TreeMap<>(inventory);
        Set<String> objects = new java.util.TreeSet<>(copy.get("s3 objects"));
        objects.remove(app.configBucket() + "/" + requestKey);
        copy.put("s3 objects", objects);
        return copy;
    }
}
