package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.CloudInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What a platform engineer tries next against the deployed application: bursts of edits and
 * deletes of one file faster than any execution ends, and many files racing for a few Names.
 * Each Name still has one writer at a time, and the account ends as the last event asks.
 */
class OneWriterRacesEndToEndTest extends OneWriterApplication {

    @Test
    void twoEditsAndADeleteInOneSecondLeaveNothing() throws Exception {
        ObjectNode request = prepared("-burst", "Delete");
        String name = request.path("Name").asText();
        Map<String, Set<String>> before = inventory();
        put(name, request.put("MaxWorkers", 2));
        settle();
        assertNoFailedExecution();

        put(name, request.put("MaxWorkers", 3));
        put(name, request.put("MaxWorkers", 4));
        s3.deleteObject(r -> r.bucket(app.configBucket()).key(key(name)));
        settle();

        assertThat(CloudInventory.difference(before, inventory())).as("nothing left behind").isEmpty();
        assertThat(status(name).path("State").asText()).isEqualTo("DEPROVISIONED");
        assertThat(claimed(name)).isFalse();
        assertNoFailedExecution();
    }

    @Test
    void deleteUploadAgainAndDeleteLeaveNothing() throws Exception {
        ObjectNode request = prepared("-again", "Delete");
        String name = request.path("Name").asText();
        Map<String, Set<String>> before = inventory();
        put(name, request);
        settle();
        assertNoFailedExecution();

        s3.deleteObject(r -> r.bucket(app.configBucket()).key(key(name)));
        put(name, request);
        s3.deleteObject(r -> r.bucket(app.configBucket()).key(key(name)));
        settle();

        assertThat(CloudInventory.difference(before, inventory())).as("nothing left behind").isEmpty();
        assertThat(status(name).path("State").asText()).isEqualTo("DEPROVISIONED");
        assertThat(claimed(name)).isFalse();
        assertNoFailedExecution();
    }

    @Test
    void twentyFilesRacingForFiveNamesMakeFiveEnvironmentsEachOwnedByOneFile() throws Exception {
        List<ObjectNode> requests = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            requests.add(prepared("-race" + n, null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int n = 0; n < 5; n++) {
                byte[] body = JSON.writeValueAsBytes(requests.get(n));
                for (int file = 0; file < 4; file++) {
                    String key = "requests/race-" + n + "-" + file + ".json";
                    uploads.add(pool.submit(() -> s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                            RequestBody.fromBytes(body))));
                }
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            pool.shutdownNow();
        }
        settle();

        List<String> environments = mwaa.listEnvironments(r -> { }).environments();
        for (ObjectNode request : requests) {
            String name = request.path("Name").asText();
            assertThat(environments).contains(name);
            JsonNode record = claim(name);
            String owner = record.path("Owner").path("Uri").asText();
            assertThat(owner).matches(".*/requests/race-\\d-\\d\\.json");
            JsonNode status = status(name);
            assertThat(status.path("State").asText()).isEqualTo("SUCCEEDED");
            assertThat(status.path("Source").path("Uri").asText()).isEqualTo(owner);
            List<String> conflicts = s3.listObjectsV2(r -> r.bucket(app.configBucket()).prefix("status/" + name + ".conflict-"))
                    .contents().stream().map(S3Object::key).toList();
            assertThat(conflicts).as("the three other files of " + name + " are refused, each on its own status")
                    .hasSize(3);
            assertHeldByNobody(name);
        }
        assertThat(inventory().get("cloudformation stacks")).filteredOn(stack -> stack.contains("-race"))
                .as("one network stack per Name").hasSize(5);
        long succeeded = started.stream().filter(e -> e.status() == ExecutionStatus.SUCCEEDED).count();
        List<Execution> failed = started.stream().filter(e -> e.status() != ExecutionStatus.SUCCEEDED).toList();
        assertThat(succeeded).isEqualTo(5);
        assertThat(failed).hasSize(15).allSatisfy(e -> assertThat(e.error()).hasValueSatisfying(error ->
                assertThat(error).contains("NameOwnedByAnotherRequestException")));
        started.clear();
    }
}
