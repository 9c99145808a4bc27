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
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The application deployed from the checkout for the one-writer-per-Name scenarios: a watch on
 * every execution, and what the scenarios assert with (the account's inventory, statuses, the
 * Names' records).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneWriterApplication {

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

    /** The states each execution since the last {@link #assertNoFailedExecution} went through, for messages. */
    String histories() {
        StringBuilder text = new StringBuilder();
        for (Execution execution : started) {
            text.append(execution.name()).append(' ').append(execution.status()).append(": ").append(execution.history()
                    .stream().filter(h -> h.type().endsWith("StateEntered")).map(h -> h.stateName().orElse("")).toList())
                    .append('\n');
        }
        return text.toString();
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

    /**
     * The account's resources; the config bucket's status, claim and inline-request objects left
     * out, and MWAA's service-linked role, which the account's first CreateEnvironment makes once
     * and nothing removes.
     */
    Map<String, Set<String>> inventory() {
        Map<String, Set<String>> snapshot = new java.util.TreeMap<>(audit.snapshot(key -> key.startsWith("status/")
                || key.startsWith("claims/") || key.startsWith("inline-requests/")));
        snapshot.computeIfPresent("iam roles", (kind, roles) -> new java.util.TreeSet<>(roles.stream()
                .filter(role -> !role.equals("AWSServiceRoleForAmazonMWAA")).toList()));
        return snapshot;
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
