package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudInventory;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mwaa.model.Environment;

/**
 * One writer per environment Name, through the application deployed from the checkout: uploads,
 * edits, deletes and renames sent with the AWS SDK and the AWS CLI at the pace that makes their
 * executions overlap. Whatever order the executions run in, one changes AWS for a Name at a time,
 * the others wait in the Name's record (status {@code QUEUED}), and what remains is what the last
 * event asks for: the environment, the account's inventory (stacks, VPCs, EIPs, roles, key-policy
 * statements) and the last status.
 */
class OneWriterEndToEndTest extends OneWriterApplication {

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
        assertThat(status.path("State").asText()).as(status + "\n" + histories()).isIn("UNCHANGED", "UPDATED", "SUCCEEDED");
        assertThat(status.path("Source").path("Uri").asText()).endsWith(moved);
        // The copy's own execution may run while the old file still owns the Name: refused then,
        // and the Name passes to the copy when the old file's delete is applied.
        started.removeIf(e -> e.status() == dev.mwaaprovisioner.local.asl.ExecutionStatus.FAILED
                && e.error().orElse("").contains("NameOwnedByAnotherRequestException"));
        assertNoFailedExecution();

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
}
