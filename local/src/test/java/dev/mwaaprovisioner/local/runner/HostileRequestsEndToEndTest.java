package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.CloudInventory;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Malformed and hostile requests dropped into the deployed application, as an attacker or a
 * careless user would: every file of the request corpus ({@code bad-requests/}, with the problem
 * paths {@code EXPECTED.tsv} lists for it) is uploaded under {@code requests/} and must end in a
 * FAILED execution whose status file and failure event name every bad field, with nothing created
 * in the account. Objects that are not requests at all start nothing or are refused without a
 * trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);
    private static final Path CORPUS = ProjectCheckout.enclosing(Path.of("")).root()
            .resolve("functions/common/src/test/resources/bad-requests");
    private static final String FAILED_EVENT = "Environment Provisioning Failed";
    /** What the workflow may write for a refused request: the uploads themselves and status files. */
    private static final Predicate<String> EXPECTED_OBJECTS = key -> key.startsWith("requests/") || key.startsWith("status/");

    LocalApplication app;
    S3Client s3;
    CloudInventory inventory;
    final Map<String, CompletableFuture<Execution>> startedByKey = new ConcurrentHashMap<>();
    final List<Execution> started = new java.util.concurrent.CopyOnWriteArrayList<>();
    AutoCloseable watch;

    @BeforeAll
    void deploy() {
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")), LocalApplication.config().withTimeScale(2000));
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
        inventory = new CloudInventory(app.cloud());
        watch = app.cloud().service(StateMachines.class).onExecutionStarted(execution -> {
            started.add(execution);
            String key = execution.input().path("detail").path("object").path("key").asText(null);
            if (key != null) {
                startedByKey.computeIfAbsent(key, k -> new CompletableFuture<>()).complete(execution);
            }
        });
    }

    @AfterAll
    void stop() throws Exception {
        watch.close();
        inventory.close();
        s3.close();
        app.close();
    }

    /** One line of {@code EXPECTED.tsv}: the file, the problem paths in order, a text one message contains. */
    record Expected(String file, List<String> paths, String text) {}

    static List<Expected> corpus() throws IOException {
        List<Expected> corpus = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("EXPECTED.tsv"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            corpus.add(new Expected(columns[0], Arrays.asList(columns[1].split(" \\| ")),
                    columns.length > 2 ? columns[2] : ""));
        }
        return corpus;
    }

    @Test
    void everyRequestOfTheCorpusFailsNamesItsBadFieldsAndCreatesNothing() throws Exception {
        List<Expected> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
        Map<String, Set<String>> before = inventory.snapshot(EXPECTED_OBJECTS);

        // One at a time: most of the corpus shares one Name, hence one status file.
        for (Expected expected : corpus) {
            String file = expected.file();
            // A file without a request suffix goes in as .yaml, so that its content reaches the workflow.
            String key = "requests/corpus/" + (file.matches(".*\\.(ya?ml|json)$") ? file : file + ".yaml");
            s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromFile(CORPUS.resolve(file)));
            Execution execution = finished(key);
            assertThat(execution.status()).as(file).isEqualTo(ExecutionStatus.FAILED);
            String cause = execution.cause().orElse("");

            if (execution.error().orElse("").endsWith("NotARequestException")) {
                // Not text, or too big to be one: refused without a status file or an event.
                assertThat(cause).as(file).contains(key, expected.text());
                assertThat(failureEvent(execution)).as(file + " puts no event").isNull();
                continue;
            }
            assertThat(execution.error()).as(file).hasValueSatisfying(e -> assertThat(e).endsWith("RequestValidationException"));
            JsonNode event = failureEvent(execution);
            assertThat(event).as(file + ": the failure event").isNotNull();
            JsonNode status = status(event.path("Name").asText());
            assertThat(status.path("ExecutionArn").asText()).as(file).isEqualTo(execution.executionArn());
            assertThat(status.path("State").asText()).isEqualTo("FAILED");
            List<String> paths = new ArrayList<>();
            status.path("Error").path("Problems").forEach(p -> paths.add(p.path("Path").asText()));
            assertThat(paths).as(file + ": the status file names every bad field").containsExactlyElementsOf(expected.paths());
            List<String> messages = new ArrayList<>();
            status.path("Error").path("Problems").forEach(p -> messages.add(p.path("Message").asText()));
            assertThat(messages).as(file + ": a message says what is wrong").anyMatch(m -> m.contains(expected.text()));
            assertThat(event.path("Error")).as(file + ": the event carries the status").isEqualTo(status.path("Error"));
        }

        assertThat(CloudInventory.difference(before, inventory.snapshot(EXPECTED_OBJECTS)))
                .as("resources created by refused requests").isEmpty();
    }

    @Test
    void objectsThatAreNotRequestsStartNothingOrAreRefusedWithoutATrace() throws Exception {
        Map<String, Set<String>> before = inventory.snapshot(key -> key.startsWith("requests/corpus/") || key.startsWith("status/"));
        byte[] yaml = Files.readAllBytes(ExampleWorld.EXAMPLES.resolve("minimal.yaml"));
        List<String> ignored = List.of("requests/notes.txt", "requests/minimal.yaml.bak", "drafts/minimal.yaml",
                "minimal.yaml", "status/requests/minimal.yaml");
        for (String key : ignored) {
            s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromBytes(yaml));
        }
        byte[] binary = new byte[4096];
        new java.util.Random(7).nextBytes(binary);
        binary[0] = 0;
        s3.putObject(r -> r.bucket(app.configBucket()).key("requests/image.json"), RequestBody.fromBytes(binary));
        byte[] huge = ("Name: huge\n# " + "x".repeat(300 * 1024) + "\n").getBytes(StandardCharsets.UTF_8);
        s3.putObject(r -> r.bucket(app.configBucket()).key("requests/huge.yml"), RequestBody.fromBytes(huge));

        for (String refused : List.of("requests/image.json", "requests/huge.yml")) {
            Execution execution = finished(refused);
            assertThat(execution.status()).as(refused).isEqualTo(ExecutionStatus.FAILED);
            assertThat(execution.error()).as(refused).hasValueSatisfying(e -> assertThat(e).endsWith("NotARequestException"));
            assertThat(execution.cause()).as(refused).hasValueSatisfying(c -> assertThat(c).contains(refused, "is not a request"));
            assertThat(failureEvent(execution)).as(refused + " puts no event").isNull();
        }
        assertThat(started).as("executions started for objects outside requests/*.{yaml,yml,json}")
                .noneMatch(e -> ignored.contains(e.input().path("detail").path("object").path("key").asText()));
        assertThat(statusExists("huge")).as("a refused non-request writes no status").isFalse();

        Set<String> allowed = Set.copyOf(ignored);
        Map<String, Set<String>> after = inventory.snapshot(key -> key.startsWith("requests/corpus/")
                || key.startsWith("status/") || key.equals("requests/image.json") || key.equals("requests/huge.yml")
                || allowed.contains(key));
        assertThat(CloudInventory.difference(before, after)).as("what non-requests left behind").isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private Execution finished(String key) throws Exception {
        Execution execution = startedByKey.computeIfAbsent(key, k -> new CompletableFuture<>())
                .get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(execution.awaitCompletion(RUN_LIMIT)).as(key + " ends").isTrue();
        return execution;
    }

    /** The detail of the failure event the execution put, or null. */
    private JsonNode failureEvent(Execution execution) {
        for (CloudEvent event : app.cloud().eventBus().events()) {
            if (FAILED_EVENT.equals(event.detailType())
                    && execution.executionArn().equals(event.detail().path("ExecutionArn").asText())) {
                return event.detail();
            }
        }
        return null;
    }

    private JsonNode status(String name) throws IOException {
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(app.configBucket()).key("status/" + name + ".json"))
                .asByteArray());
    }

    private boolean statusExists(String name) {
        try {
            s3.headObject(r -> r.bucket(app.configBucket()).key("status/" + name + ".json"));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }
}
