package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.RequestLog;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The functions' logs as Lambda would write them with the template's {@code LogFormat: JSON}:
 * one line per step outcome, every line JSON with the runtime's fields, naming the execution and
 * the environment, carrying the request ids of the calls the step made (which the local cloud
 * served), and never an option value. Every function of the workflow runs here: creation with a
 * customer-managed key, an update, a removal, and an existing network (CheckNetworkStack runs
 * only when the local stack is not complete by the first check).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionLogsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);
    private static final String SECRET = "log-must-not-show-7f3a9c";

    LocalApplication app;
    ExampleWorld world;
    S3Client s3;
    AutoCloseable watch;
    final List<String> lines = new CopyOnWriteArrayList<>();
    final Map<String, List<Execution>> started = new ConcurrentHashMap<>();

    @BeforeAll
    void deploy() {
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")), LocalApplication.config().withTimeScale(2000));
        app.cloud().service(LambdaFunctions.class).onLog((function, log) -> log.lines().forEach(lines::add));
        world = new ExampleWorld(app.cloud());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
        watch = app.cloud().service(StateMachines.class).onExecutionStarted(execution -> {
            JsonNode input = execution.input();
            started.computeIfAbsent(input.path("detail-type").asText() + " " + input.path("detail").path("object")
                    .path("key").asText(), k -> new CopyOnWriteArrayList<>()).add(execution);
        });
    }

    @AfterAll
    void stop() throws Exception {
        watch.close();
        s3.close();
        app.close();
    }

    @Test
    void everyStepLogsOneJsonLinePerOutcomeWithItsExecutionNameAndRequestIdsAndNoOptionValue() throws Exception {
        ExampleWorld.Prepared cmk = world.prepare(ExampleWorld.EXAMPLES.resolve("customer-managed-key.yaml"), "-logs");
        ObjectNode request = (ObjectNode) JSON.readTree(cmk.json());
        request.put("DeletionPolicy", "Delete");
        request.putObject("AirflowConfigurationOptions").put("core.default_timezone", SECRET);
        String key = "requests/" + cmk.name() + ".json";
        put(key, request);
        succeeded("Object Created " + key, 1);
        request.put("MaxWorkers", 3);
        put(key, request);
        succeeded("Object Created " + key, 2);
        s3.deleteObject(r -> r.bucket(app.configBucket()).key(key));
        succeeded("Object Deleted " + key, 1);
        ExampleWorld.Prepared existing = world.prepare(ExampleWorld.EXAMPLES.resolve("existing-network.yaml"), "-logs");
        String existingKey = "requests/" + existing.name() + ".json";
        put(existingKey, (ObjectNode) JSON.readTree(existing.json()));
        succeeded("Object Created " + existingKey, 1);

        Set<String> served = app.cloud().requestLog().entries().stream().map(e -> e.request().requestId())
                .collect(Collectors.toSet());
        List<JsonNode> steps = new ArrayList<>();
        for (String line : lines) {
            assertThat(line).doesNotContain(SECRET);
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.fieldNames()).toIterable().containsExactlyInAnyOrder("timestamp", "level", "message",
                    "AWSRequestId");
            assertThat(entry.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(entry.path("level").asText()).isIn("INFO", "WARN", "ERROR");
            assertThat(entry.path("AWSRequestId").asText()).isNotBlank();
            JsonNode step = JSON.readTree(entry.path("message").asText());
            assertThat(step.path("Function").asText()).as(line).isNotBlank();
            assertThat(step.path("Outcome").asText()).as(line).isIn("succeeded", "retryable", "failed");
            assertThat(step.path("DurationMs").isIntegralNumber()).as(line).isTrue();
            assertThat(entry.path("level").asText()).as(line).isEqualTo(switch (step.path("Outcome").asText()) {
                case "failed" -> "ERROR";
                case "retryable" -> "WARN";
                default -> step.has("Notes") && entry.path("level").asText().equals("WARN") ? "WARN" : "INFO";
            });
            for (JsonNode id : step.path("AwsRequestIds")) {
                assertThat(served).as("request id %s of %s was served by the local cloud", id, line)
                        .contains(id.asText());
            }
            steps.add(step);
        }

        Set<String> functions = steps.stream().map(s -> s.path("Function").asText()).collect(Collectors.toSet());
        assertThat(functions).containsAll(List.of("DispatchFunction", "ValidateRequestFunction", "PlanChangesFunction",
                "CreateNetworkStackFunction", "CreateExecutionRoleFunction",
                "UpdateKeyPolicyFunction", "CreateEnvironmentFunction", "CheckEnvironmentFunction",
                "UpdateEnvironmentFunction", "ReportFunction", "PlanRemovalFunction", "RemoveEnvironmentFunction",
                "RemoveKeyPolicyStatementFunction", "RemoveExecutionRoleFunction", "RemoveNetworkStackFunction",
                "CheckExistingNetworkFunction"));
        Set<String> names = Set.of(cmk.name(), existing.name());
        Set<String> executions = started.values().stream().flatMap(List::stream).map(Execution::executionArn)
                .collect(Collectors.toSet());
        Set<String> withoutCalls = new HashSet<>();
        for (JsonNode step : steps) {
            String function = step.path("Function").asText();
            if (function.equals("DispatchFunction")) {
                // EventBridge starts it, before any execution: its note names the execution it started.
                assertThat(step.path("Notes").toString()).contains(":execution:");
                continue;
            }
            assertThat(step.path("Name").asText()).as(step.toString()).isIn(names);
            if (!function.equals("ValidateRequestFunction")) {
                assertThat(step.path("ExecutionArn").asText()).as(step.toString()).isIn(executions);
            }
            if (step.path("AwsRequestIds").isEmpty()) {
                withoutCalls.add(function);
            }
        }
        assertThat(withoutCalls).as("every step here calls AWS").isEmpty();
    }

    private void put(String key, ObjectNode request) throws Exception {
        s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromBytes(JSON.writeValueAsBytes(request)));
    }

    private void succeeded(String startedBy, int n) throws Exception {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (started.getOrDefault(startedBy, List.of()).size() < n) {
            assertThat(System.nanoTime()).as("an execution started by " + startedBy).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
        Execution execution = started.get(startedBy).get(n - 1);
        assertThat(execution.awaitCompletion(RUN_LIMIT)).as(startedBy + " ends").isTrue();
        assertThat(execution.status()).as(startedBy + ": " + execution.error() + " " + execution.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }
}
