package dev.mwaaprovisioner.local.asl;

import static dev.mwaaprovisioner.local.asl.AslFixtures.functionArn;
import static dev.mwaaprovisioner.local.asl.AslFixtures.json;
import static dev.mwaaprovisioner.local.asl.AslFixtures.run;
import static dev.mwaaprovisioner.local.asl.AslFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Task states calling Lambda: both integrations, their results, errors, timeouts, retries and history. */
class TaskStateTest {

    private final AslFixtures.Functions functions = new AslFixtures.Functions()
            .with("Echo", event -> event)
            .with("Boom", event -> {
                throw new IllegalStateException("the bucket is empty");
            })
            .with("Slow", event -> {
                Thread.sleep(5_000);
                return event;
            });

    @Test
    void lambdaInvokeWrapsThePayloadLikeTheIntegration() {
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "%s", "Payload": {"name.$": "$.who", "fixed": 1}}, "End": true}}}"""
                .formatted(functionArn("Echo")), "{\"who\": \"ana\"}", functions);
        JsonNode output = execution.output().orElseThrow();
        assertThat(output.get("Payload")).isEqualTo(json("{\"name\": \"ana\", \"fixed\": 1}"));
        assertThat(output.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(output.get("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(output.at("/SdkHttpMetadata/HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(output.at("/SdkHttpMetadata/HttpHeaders/Content-Type").asText()).isEqualTo("application/json");
        assertThat(output.at("/SdkHttpMetadata/AllHttpHeaders/x-amzn-RequestId/0").asText())
                .isEqualTo(output.at("/SdkResponseMetadata/RequestId").asText()).isNotEmpty();
        assertThat(functions.calls).singleElement().satisfies(call -> {
            assertThat(call.functionName()).isEqualTo(functionArn("Echo"));
            assertThat(call.invocationType()).isEqualTo("RequestResponse");
        });
    }

    @Test
    void resultSelectorUsuallyUnwrapsThePayload() {
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "Echo", "Payload.$": "$"}, "ResultSelector": {"echo.$": "$.Payload"},
                  "ResultPath": "$.result", "End": true}}}""", "{\"n\": 1}", functions);
        assertThat(execution.output()).contains(json("{\"n\": 1, \"result\": {\"echo\": {\"n\": 1}}}"));
    }

    @Test
    void historyOfTheLambdaInvokeIntegration() {
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "Echo", "Payload.$": "$"}, "TimeoutSeconds": 30, "End": true}}}""",
                "{\"n\": 1}", functions);
        assertThat(types(execution)).containsExactly("ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
        HistoryEvent scheduled = execution.history().get(2);
        assertThat(scheduled.detailsName()).isEqualTo("taskScheduledEventDetails");
        assertThat(scheduled.detail("resourceType").orElseThrow().asText()).isEqualTo("lambda");
        assertThat(scheduled.detail("resource").orElseThrow().asText()).isEqualTo("invoke");
        assertThat(scheduled.detail("region").orElseThrow().asText()).isEqualTo("us-east-1");
        assertThat(scheduled.detail("timeoutInSeconds").orElseThrow().asInt()).isEqualTo(30);
        assertThat(json(scheduled.detail("parameters").orElseThrow().asText()))
                .isEqualTo(json("{\"FunctionName\": \"Echo\", \"Payload\": {\"n\": 1}}"));
        List<HistoryEvent> history = execution.history();
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).id()).isEqualTo(i + 1);
            assertThat(history.get(i).previousEventId()).isEqualTo(i);
        }
    }

    @Test
    void historyOfAFunctionArnTask() {
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                .formatted(functionArn("Echo")), "{\"n\": 1}", functions);
        assertThat(types(execution)).containsExactly("ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
        assertThat(execution.output()).contains(json("{\"n\": 1}"));
        HistoryEvent scheduled = execution.history().get(2);
        assertThat(scheduled.detail("resource").orElseThrow().asText()).isEqualTo(functionArn("Echo"));
        assertThat(json(scheduled.detail("input").orElseThrow().asText())).isEqualTo(json("{\"n\": 1}"));
    }

    @Test
    void aJavaExceptionIsReportedUnderItsFullyQualifiedClassName() {
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                .formatted(functionArn("Boom")), "{}", functions);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).contains("java.lang.IllegalStateException");
        JsonNode cause = json(execution.cause().orElseThrow());
        assertThat(cause.get("errorMessage").asText()).isEqualTo("the bucket is empty");
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(types(execution)).containsSubsequence("LambdaFunctionFailed", "ExecutionFailed");
        assertThat(execution.history().get(4).detail("error").orElseThrow().asText())
                .isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void anUnknownFunctionIsALambdaServiceError() {
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "Nobody"}, "End": true}}}""", "{}", functions);
        assertThat(execution.error()).contains("Lambda.ResourceNotFoundException");
        assertThat(execution.cause().orElseThrow()).contains("Function not found").contains("Status Code: 404");
        assertThat(types(execution)).containsSubsequence("TaskFailed", "ExecutionFailed");
    }

    @Test
    void timeoutSecondsOnTheClockFailsWithStatesTimeoutWhichTaskFailedDoesNotCatch() {
        Execution execution = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "%s", "TimeoutSeconds": 1, "End": true,
                        "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Wrong"},
                                  {"ErrorEquals": ["States.Timeout"], "Next": "TimedOut"}]},
                  "Wrong": {"Type": "Fail", "Error": "Wrong"},
                  "TimedOut": {"Type": "Pass", "End": true}}}""".formatted(functionArn("Slow")), "{}",
                new AslFixtures.FastClock(1000), functions);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.output().orElseThrow().get("Error").asText()).isEqualTo("States.Timeout");
        assertThat(types(execution)).contains("LambdaFunctionTimedOut", "PassStateEntered");
    }

    @Test
    void timeoutSecondsPathReadsTheTimeoutFromTheInput() {
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "Slow"}, "TimeoutSecondsPath": "$.limit", "End": true}}}""",
                "{\"limit\": 1}", new AslFixtures.FastClock(1000), functions);
        assertThat(execution.error()).contains("States.Timeout");
        assertThat(types(execution)).contains("TaskTimedOut");
    }

    @Test
    void taskFailedCatchesFunctionErrors() {
        Execution execution = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "%s", "End": true,
                        "Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "Handled", "ResultPath": "$.err"}]},
                  "Handled": {"Type": "Pass", "End": true}}}""".formatted(functionArn("Boom")), "{\"k\": 1}", functions);
        assertThat(execution.output().orElseThrow().at("/err/Error").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(execution.output().orElseThrow().get("k").asInt()).isEqualTo(1);
    }

    @Test
    void defaultRetryMakesThreeRetriesWithDoublingIntervals() {
        AtomicInteger attempts = new AtomicInteger();
        functions.with("Flaky", event -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("always");
        });
        AslFixtures.FastClock clock = new AslFixtures.FastClock(1000);
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true,
                  "Retry": [{"ErrorEquals": ["States.ALL"]}]}}}""".formatted(functionArn("Flaky")), "{}", clock, functions);
        assertThat(attempts).hasValue(4);
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(execution.error()).contains("java.lang.IllegalStateException");
        assertThat(types(execution).stream().filter("LambdaFunctionScheduled"::equals)).hasSize(4);
        assertThat(types(execution).stream().filter("TaskStateEntered"::equals)).hasSize(1);
    }

    @Test
    void maxAttemptsZeroNeverRetriesAndAnotherRetrierTakesOver() {
        AtomicInteger attempts = new AtomicInteger();
        functions.with("Flaky", event -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("always");
        });
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true,
                  "Retry": [{"ErrorEquals": ["java.lang.IllegalStateException"], "MaxAttempts": 0},
                            {"ErrorEquals": ["States.ALL"]}]}}}""".formatted(functionArn("Flaky")), "{}", functions);
        assertThat(attempts).hasValue(1);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void fullJitterKeepsEveryIntervalWithinTheComputedDelay() {
        AtomicInteger attempts = new AtomicInteger();
        functions.with("Flaky", event -> {
            if (attempts.incrementAndGet() < 4) {
                throw new IllegalStateException("again");
            }
            return json("\"ok\"");
        });
        AslFixtures.FastClock clock = new AslFixtures.FastClock(1000);
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true,
                  "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "JitterStrategy": "FULL"}]}}}"""
                .formatted(functionArn("Flaky")), "{}", clock, functions);
        assertThat(execution.output()).contains(json("\"ok\""));
        assertThat(clock.sleeps).hasSize(3);
        assertThat(clock.sleeps.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(clock.sleeps.get(1)).isLessThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(clock.sleeps.get(2)).isLessThanOrEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void retryCountIsInTheContextObject() {
        AtomicInteger attempts = new AtomicInteger();
        List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        functions.with("Counter", event -> {
            seen.add(event);
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("again");
            }
            return event;
        });
        run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true,
                  "Parameters": {"retry.$": "$$.State.RetryCount", "state.$": "$$.State.Name"},
                  "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1}]}}}"""
                .formatted(functionArn("Counter")), "{}", functions);
        assertThat(seen).extracting(n -> n.get("retry").asInt()).containsExactly(0, 1, 2);
        assertThat(seen).extracting(n -> n.get("state").asText()).containsOnly("T");
    }

    @Test
    void runtimeErrorsAreNotCaughtByStatesAll() {
        Execution execution = run("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "%s", "InputPath": "$.missing", "End": true,
                        "Retry": [{"ErrorEquals": ["States.ALL"]}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]},
                  "Caught": {"Type": "Pass", "End": true}}}""".formatted(functionArn("Echo")), "{}", functions);
        assertThat(execution.error()).contains("States.Runtime");
        assertThat(execution.cause().orElseThrow())
                .startsWith("An error occurred while executing the state 'T' (entered at the event id #2). Invalid path"
                        + " '$.missing' : ");
        assertThat(functions.calls).isEmpty();
    }

    @Test
    void aParameterPathThatMatchesNothingIsARuntimeError() {
        Execution execution = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"missing.$": "$.nope.deep"},
                  "End": true}}}""", "{\"other\": 1}");
        assertThat(execution.error()).contains("States.Runtime");
        assertThat(execution.cause()).contains(
                "The JSONPath '$.nope.deep' specified for the field 'missing.$' could not be found in the input '{\"other\":1}'");
    }

    @Test
    void anOversizedResultExceedsTheDataLimit() {
        functions.with("Big", event -> json("\"" + "x".repeat(300_000) + "\""));
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "%s", "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}]}, "C": {"Type": "Succeed"}}}"""
                .formatted(functionArn("Big")), "{}", functions);
        assertThat(execution.error()).contains("States.DataLimitExceeded");
    }
}
