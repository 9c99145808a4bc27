package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.AwsCli;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code status/<Name>.json} while the workflow works, read with the AWS CLI from the deployed
 * local application as a user would: IN_PROGRESS with the execution and the step as soon as the
 * request is validated and at every check of the environment (with when the next one is due),
 * then the report's outcome. The clock runs slowly enough (x100) for the creation to take seconds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressStatusEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    LocalApplication app;
    ExampleWorld world;
    AwsCli aws;
    AutoCloseable watch;
    final Map<String, List<Execution>> started = new ConcurrentHashMap<>();
    /** Per execution: entered a wait for the environment. */
    final Map<String, CompletableFuture<Void>> waits = new ConcurrentHashMap<>();

    @BeforeAll
    void deploy() {
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")), LocalApplication.config().withTimeScale(100));
        world = new ExampleWorld(app.cloud());
        aws = AwsCli.on(app.cloud());
        watch = app.cloud().service(StateMachines.class).onExecutionStarted(execution -> {
            CompletableFuture<Void> waiting = new CompletableFuture<>();
            execution.addListener((e, event) -> {
                if (event.type().equals("WaitStateEntered")
                        && event.stateName().orElse("").startsWith("WaitForEnvironment")) {
                    waiting.complete(null);
                }
            });
            waits.put(execution.executionArn(), waiting);
            started.computeIfAbsent(execution.input().path("detail").path("object").path("key").asText(),
                    k -> new CopyOnWriteArrayList<>()).add(execution);
        });
    }

    @AfterAll
    void stop() throws Exception {
        watch.close();
        app.close();
    }

    @Test
    void theStatusSaysInProgressWithTheExecutionAndStepUntilTheReportReplacesIt() throws Exception {
        ExampleWorld.Prepared prepared = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-progress");
        String name = prepared.name();
        String key = "requests/" + name + ".json";
        Path file = AwsCli.tempFile(new String(prepared.json(), java.nio.charset.StandardCharsets.UTF_8));
        aws.run("s3", "cp", file.toString(), "s3://" + app.configBucket() + "/" + key).ok();
        Execution created = execution(key, 1);
        JsonNode waiting = inProgressAt(name, created, "WaitForEnvironment: CREATING");
        assertThat(Instant.parse(waiting.path("NextCheckAt").asText())).isAfter(Instant.parse(waiting.path("UpdatedAt")
                .asText()).minusSeconds(1));
        assertThat(created.awaitCompletion(RUN_LIMIT)).isTrue();
        assertThat(created.status()).as(created.error() + " " + created.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode done = status(name);
        assertThat(done.path("State").asText()).isEqualTo("SUCCEEDED");
        assertThat(done.path("ExecutionArn").asText()).isEqualTo(created.executionArn());
        assertThat(done.has("Step")).as("the report replaces the whole document").isFalse();

        ObjectNode edited = (ObjectNode) JSON.readTree(prepared.json());
        edited.put("MaxWorkers", 3);
        aws.run("s3", "cp", AwsCli.tempFile(JSON.writeValueAsString(edited)).toString(),
                "s3://" + app.configBucket() + "/" + key).ok();
        Execution updated = execution(key, 2);
        inProgressAt(name, updated, "WaitForEnvironment: UPDATING");
        assertThat(updated.awaitCompletion(RUN_LIMIT)).isTrue();
        assertThat(updated.status()).as(updated.error() + " " + updated.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(status(name).path("State").asText()).isEqualTo("UPDATED");
    }

    /**
     * Once the execution waits for the environment (minutes of workflow time, seconds of real
     * time at x100), the status read with the AWS CLI is IN_PROGRESS at that step, for this
     * execution, with when the next check is due.
     */
    private JsonNode inProgressAt(String name, Execution execution, String step) throws Exception {
        waits.get(execution.executionArn()).get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        JsonNode status = status(name);
        assertThat(status).as("status/" + name + ".json during the wait").isNotNull();
        assertThat(status.path("State").asText()).as(status.toString()).isEqualTo("IN_PROGRESS");
        assertThat(status.path("Name").asText()).isEqualTo(name);
        assertThat(status.path("ExecutionArn").asText()).isEqualTo(execution.executionArn());
        assertThat(status.path("Step").asText()).isEqualTo(step);
        assertThat(status.has("NextCheckAt")).as(status.toString()).isTrue();
        return status;
    }

    private JsonNode status(String name) {
        AwsCli.Result read = aws.run("s3", "cp", "s3://" + app.configBucket() + "/status/" + name + ".json", "-");
        return read.exitCode() == 0 ? read.json() : null;
    }

    private Execution execution(String key, int n) throws Exception {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (started.getOrDefault(key, List.of()).size() < n) {
            assertThat(System.nanoTime()).as("execution " + n + " of " + key).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return started.get(key).get(n - 1);
    }
}
