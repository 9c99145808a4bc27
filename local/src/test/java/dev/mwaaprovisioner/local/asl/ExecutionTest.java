package dev.mwaaprovisioner.local.asl;

import static dev.mwaaprovisioner.local.asl.AslFixtures.definition;
import static dev.mwaaprovisioner.local.asl.AslFixtures.functionArn;
import static dev.mwaaprovisioner.local.asl.AslFixtures.json;
import static dev.mwaaprovisioner.local.asl.AslFixtures.request;
import static dev.mwaaprovisioner.local.asl.AslFixtures.run;
import static dev.mwaaprovisioner.local.asl.AslFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Parallel and Map concurrency and failure, the Context Object, stopping, timing out and following executions. */
class ExecutionTest {

    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();
    private final List<Integer> order = new CopyOnWriteArrayList<>();
    private final AslFixtures.Functions functions = new AslFixtures.Functions()
            .with("Track", event -> {
                int now = running.incrementAndGet();
                maxRunning.accumulateAndGet(now, Math::max);
                order.add(event.path("i").asInt());
                Thread.sleep(100);
                running.decrementAndGet();
                return json(String.valueOf(event.path("i").asInt() * 10));
            })
            .with("Fail", event -> {
                throw new IllegalArgumentException("bad item " + event);
            });

    private static String mapOver(String extra) {
        return """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", %s
                  "ItemSelector": {"i.$": "$$.Map.Item.Value"},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "T",
                     "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}, "End": true}}}"""
                .formatted(extra, functionArn("Track"));
    }

    @Test
    void mapMaxConcurrencyOneRunsItemsInOrderOneAtATime() {
        Execution execution = run(mapOver("\"MaxConcurrency\": 1,"), "{\"items\": [1, 2, 3, 4, 5]}", functions);
        assertThat(execution.output()).contains(json("[10, 20, 30, 40, 50]"));
        assertThat(order).containsExactly(1, 2, 3, 4, 5);
        assertThat(maxRunning).hasValue(1);
    }

    @Test
    void mapMaxConcurrencyBoundsParallelIterations() {
        Execution execution = run(mapOver("\"MaxConcurrency\": 2,"), "{\"items\": [1, 2, 3, 4, 5, 6]}", functions);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(maxRunning.get()).isEqualTo(2);
    }

    @Test
    void mapMaxConcurrencyPathAndUnlimited() {
        run(mapOver("\"MaxConcurrencyPath\": \"$.limit\","), "{\"limit\": 3, \"items\": [1, 2, 3, 4, 5, 6]}", functions);
        assertThat(maxRunning.get()).isEqualTo(3);
        maxRunning.set(0);
        run(mapOver(""), "{\"items\": [1, 2, 3, 4, 5, 6]}", functions);
        assertThat(maxRunning.get()).isGreaterThan(1);
    }

    @Test
    void mapHistoryHasIterationEvents() {
        Execution execution = run(mapOver("\"MaxConcurrency\": 1,"), "{\"items\": [1, 2]}", functions);
        assertThat(types(execution)).containsSubsequence("MapStateEntered", "MapStateStarted", "MapIterationStarted",
                "TaskStateEntered", "MapIterationSucceeded", "MapIterationStarted", "MapIterationSucceeded",
                "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
        HistoryEvent started = execution.history().stream().filter(e -> e.type().equals("MapStateStarted")).findFirst()
                .orElseThrow();
        assertThat(started.detail("length").orElseThrow().asInt()).isEqualTo(2);
        HistoryEvent iteration = execution.history().stream().filter(e -> e.type().equals("MapIterationStarted"))
                .skip(1).findFirst().orElseThrow();
        assertThat(iteration.detail("index").orElseThrow().asInt()).isEqualTo(1);
        assertThat(iteration.detail("name").orElseThrow().asText()).isEqualTo("M");
    }

    @Test
    void theOlderIteratorAndParametersFormsWork() {
        Execution execution = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map",
                  "Parameters": {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "tag.$": "$.tag"},
                  "ItemsPath": "$.items",
                  "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
                  "ResultSelector": {"all.$": "$"}, "ResultPath": "$.out", "End": true}}}""",
                "{\"tag\": \"t\", \"items\": [\"a\", \"b\"]}");
        assertThat(execution.output()).contains(json("""
                {"tag": "t", "items": ["a", "b"], "out": {"all": [
                   {"index": 0, "value": "a", "tag": "t"}, {"index": 1, "value": "b", "tag": "t"}]}}"""));
    }

    @Test
    void aFailingIterationFailsTheMapWithItsError() {
        Execution execution = run("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1,
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}},
                  "End": true}}}""".formatted(functionArn("Fail")), "[1, 2, 3]", functions);
        assertThat(execution.error()).contains("java.lang.IllegalArgumentException");
        assertThat(types(execution)).containsSubsequence("MapIterationFailed", "MapStateFailed", "ExecutionFailed")
                .doesNotContain("MapIterationSucceeded");
    }

    @Test
    void aFailingBranchFailsTheParallelStateAndCancelsTheOthers() {
        Instant before = Instant.now();
        Execution execution = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
                  "Catch": [{"ErrorEquals": ["java.lang.IllegalArgumentException"], "Next": "Recovered"}],
                  "Branches": [
                    {"StartAt": "Long", "States": {"Long": {"Type": "Wait", "Seconds": 86400, "End": true}}},
                    {"StartAt": "F", "States": {"F": {"Type": "Task", "Resource": "%s", "End": true}}}]},
                  "Recovered": {"Type": "Pass", "End": true}}}""".formatted(functionArn("Fail")), "{}",
                new AslFixtures.FastClock(10), functions);
        // A day at scale 10 would be hours: the wait was cancelled.
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.output().orElseThrow().get("Error").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(types(execution)).containsSubsequence("ParallelStateStarted", "ParallelStateFailed",
                "ParallelStateExited", "PassStateEntered");
    }

    @Test
    void parallelParametersAndResultSelector() {
        Execution execution = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
                  "Parameters": {"x.$": "$.value"}, "ResultSelector": {"first.$": "$[0]", "second.$": "$[1].x"},
                  "ResultPath": "$.r",
                  "Branches": [
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": true}}},
                    {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]}}}""", "{\"value\": 7}");
        assertThat(execution.output()).contains(json("{\"value\": 7, \"r\": {\"first\": \"a\", \"second\": 7}}"));
    }

    @Test
    void contextObjectDescribesExecutionStateAndMachine() {
        try (AslInterpreter interpreter = new AslInterpreter(new AslFixtures.FastClock(1000), functions)) {
            Execution execution = interpreter.start(definition("""
                    {"StartAt": "Describe", "States": {"Describe": {"Type": "Pass", "End": true, "Parameters": {
                      "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "input.$": "$$.Execution.Input",
                      "start.$": "$$.Execution.StartTime", "role.$": "$$.Execution.RoleArn",
                      "state.$": "$$.State.Name", "entered.$": "$$.State.EnteredTime", "retries.$": "$$.State.RetryCount",
                      "machine.$": "$$.StateMachine.Id", "machineName.$": "$$.StateMachine.Name"}}}}"""),
                    request("run-1", json("{\"a\": 1}")));
            assertThat(execution.awaitCompletion(Duration.ofSeconds(10))).isTrue();
            JsonNode output = execution.output().orElseThrow();
            assertThat(output.get("id").asText()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:Test:run-1");
            assertThat(output.get("name").asText()).isEqualTo("run-1");
            assertThat(output.get("input")).isEqualTo(json("{\"a\": 1}"));
            assertThat(output.get("start").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
            assertThat(output.get("role").asText()).isEqualTo("arn:aws:iam::123456789012:role/StatesRole");
            assertThat(output.get("state").asText()).isEqualTo("Describe");
            assertThat(Instant.parse(output.get("entered").asText())).isAfterOrEqualTo(
                    Instant.parse(output.get("start").asText()));
            assertThat(output.get("retries").asInt()).isZero();
            assertThat(output.get("machine").asText()).isEqualTo(AslFixtures.STATE_MACHINE_ARN);
            assertThat(output.get("machineName").asText()).isEqualTo("Test");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void stoppingAnExecutionAbortsItPromptly() throws InterruptedException {
        try (AslInterpreter interpreter = new AslInterpreter(AslClock.system(), functions)) {
            Execution execution = interpreter.start(definition("""
                    {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}"""),
                    request("stop-me", json("{}")));
            Thread.sleep(100);
            execution.stop("Operator", "no longer needed");
            assertThat(execution.status()).isEqualTo(ExecutionStatus.ABORTED);
            assertThat(execution.error()).contains("Operator");
            assertThat(execution.cause()).contains("no longer needed");
            assertThat(types(execution)).containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionAborted");
            assertThat(execution.stopDate()).isPresent();
        }
    }

    @Test
    void theExecutionTimeoutEndsItTimedOut() {
        Execution execution = run("""
                {"StartAt": "W", "TimeoutSeconds": 5, "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}""",
                "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(execution.error()).contains("States.Timeout");
        assertThat(types(execution)).containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut");
    }

    @Test
    void waitsRunOnTheClock() {
        AslFixtures.FastClock clock = new AslFixtures.FastClock(100);
        Instant in90s = clock.now().plusSeconds(90);
        Execution execution = run("""
                {"StartAt": "S", "States": {
                  "S": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "T"},
                  "T": {"Type": "Wait", "TimestampPath": "$.until", "End": true}}}""",
                "{\"delay\": 30, \"until\": \"" + in90s + "\"}", clock, functions);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(clock.sleeps.get(0)).isEqualTo(Duration.ofSeconds(30));
        // The timestamp wait sleeps only what is left until the timestamp, however long the run took so far.
        assertThat(clock.sleeps).hasSize(2);
        assertThat(clock.sleeps.get(1)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(execution.stopDate().orElseThrow()).isAfterOrEqualTo(in90s);
        Execution bad = run("""
                {"StartAt": "S", "States": {"S": {"Type": "Wait", "SecondsPath": "$.delay", "End": true}}}""",
                "{\"delay\": -1}");
        assertThat(bad.error()).contains("States.Runtime");
    }

    @Test
    void listenersFollowTheExecutionAndLateListenersGetTheHistoryFirst() throws InterruptedException {
        List<String> live = new CopyOnWriteArrayList<>();
        try (AslInterpreter interpreter = new AslInterpreter(new AslFixtures.FastClock(1000), functions)) {
            Execution execution = interpreter.start(definition("""
                    {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"""),
                    request("follow", json("{}")), (e, event) -> live.add(event.type()));
            assertThat(execution.awaitCompletion(Duration.ofSeconds(10))).isTrue();
            List<String> late = new CopyOnWriteArrayList<>();
            execution.addListener((e, event) -> late.add(event.type() + event.stateName().map(n -> ":" + n).orElse("")));
            assertThat(live).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited",
                    "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded");
            assertThat(late).containsExactly("ExecutionStarted", "PassStateEntered:A", "PassStateExited:A",
                    "SucceedStateEntered:B", "SucceedStateExited:B", "ExecutionSucceeded");
        }
    }

    @Test
    void aChoiceLoopAroundAWaitEndsWhenTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        functions.with("Status", event -> json("{\"status\": \"" + (polls.incrementAndGet() < 3 ? "CREATING" : "AVAILABLE")
                + "\"}"));
        AslFixtures.FastClock clock = new AslFixtures.FastClock(1000);
        Execution execution = run("""
                {"StartAt": "Check", "States": {
                  "Check": {"Type": "Task", "Resource": "%s", "ResultPath": "$.check", "Next": "Ready?"},
                  "Ready?": {"Type": "Choice", "Choices": [
                      {"Variable": "$.check.status", "StringEquals": "AVAILABLE", "Next": "Done"}], "Default": "Wait"},
                  "Wait": {"Type": "Wait", "Seconds": 60, "Next": "Check"},
                  "Done": {"Type": "Succeed"}}}""".formatted(functionArn("Status")), "{}", clock, functions);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(polls).hasValue(3);
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(60));
        assertThat(types(execution).stream().filter("WaitStateEntered"::equals)).hasSize(2);
    }
}
