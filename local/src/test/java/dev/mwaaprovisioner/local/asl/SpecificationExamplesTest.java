package dev.mwaaprovisioner.local.asl;

import static dev.mwaaprovisioner.local.asl.AslFixtures.json;
import static dev.mwaaprovisioner.local.asl.AslFixtures.run;
import static dev.mwaaprovisioner.local.asl.AslFixtures.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The examples of the Amazon States Language specification (states-language.net), run through the
 * interpreter with the outcomes the specification states.
 */
class SpecificationExamplesTest {

    private static final String ADD = "arn:aws:lambda:us-east-1:123456789012:function:Add";

    private final AslFixtures.Functions functions = new AslFixtures.Functions()
            .with("Add", event -> json(String.valueOf(event.get("val1").asInt() + event.get("val2").asInt())));

    @Test
    void helloWorldPassStateEndsWithItsResult() {
        Execution execution = run("""
                {"Comment": "A Hello World example", "StartAt": "HelloWorld",
                 "States": {"HelloWorld": {"Type": "Pass", "Result": "Hello World!", "End": true}}}""", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.output()).contains(json("\"Hello World!\""));
    }

    @Test
    void dataExampleAddsTwoNumbers() {
        Execution execution = run("""
                {"StartAt": "Add", "States": {"Add": {"Type": "Task", "Resource": "%s", "End": true}}}"""
                .formatted(ADD), "{\"val1\": 3, \"val2\": 4}", functions);
        assertThat(execution.output()).contains(json("7"));
    }

    @Test
    void referencePathsSelectSingleNodes() {
        JsonNode input = json("{\"foo\": 123, \"bar\": [\"a\", \"b\", \"c\"], \"car\": {\"cdr\": true}}");
        assertThat(JsonPaths.read("$.foo", input, null)).isEqualTo(json("123"));
        assertThat(JsonPaths.read("$.bar", input, null)).isEqualTo(json("[\"a\", \"b\", \"c\"]"));
        assertThat(JsonPaths.read("$.car.cdr", input, null)).isEqualTo(json("true"));
        assertThat(JsonPaths.isReferencePath("$.ledgers.branch[0].pending.count")).isTrue();
        assertThat(JsonPaths.isReferencePath("$['store'][0]['book']")).isTrue();
        assertThat(JsonPaths.isReferencePath("$.a[0,1]")).isFalse();
        assertThat(JsonPaths.isReferencePath("$..book")).isFalse();
    }

    @Test
    void pathsYieldingSeveralValuesAreGatheredIntoAnArray() {
        Execution execution = run("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.a[0,1]", "End": true}}}""",
                "{\"a\": [1, 2, 3, 4]}");
        assertThat(execution.output()).contains(json("[1, 2]"));
    }

    @Test
    void inputPathAndResultPathWalkThrough() {
        Execution execution = run("""
                {"StartAt": "Add", "States": {"Add": {"Type": "Task", "Resource": "%s",
                  "InputPath": "$.numbers", "ResultPath": "$.sum", "End": true}}}""".formatted(ADD),
                "{\"title\": \"Numbers to add\", \"numbers\": {\"val1\": 3, \"val2\": 4}}", functions);
        assertThat(execution.output()).contains(json(
                "{\"title\": \"Numbers to add\", \"numbers\": {\"val1\": 3, \"val2\": 4}, \"sum\": 7}"));
    }

    @Test
    void resultPathConstructsIntermediateLevels() {
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Pass", "Result": "Hi!", "ResultPath": "$.b.greeting",
                  "End": true}}}""", "{\"a\": 1}");
        assertThat(execution.output()).contains(json("{\"a\": 1, \"b\": {\"greeting\": \"Hi!\"}}"));
    }

    @Test
    void resultPathOverwritesAnExistingFieldOrAddsAChain() {
        String input = "{\"master\": {\"detail\": [1, 2, 3]}}";
        Execution overwrite = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Pass", "Result": 6, "ResultPath": "$.master.detail",
                  "End": true}}}""", input);
        assertThat(overwrite.output()).contains(json("{\"master\": {\"detail\": 6}}"));
        Execution chain = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Pass", "Result": 6, "ResultPath": "$.master.result.sum",
                  "End": true}}}""", input);
        assertThat(chain.output()).contains(json(
                "{\"master\": {\"detail\": [1, 2, 3], \"result\": {\"sum\": 6}}}"));
    }

    @Test
    void nullPathsDiscard() {
        Execution inputNull = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Pass", "InputPath": null, "End": true}}}""",
                "{\"a\": 1}");
        assertThat(inputNull.output()).contains(json("{}"));
        Execution resultNull = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Pass", "Result": 42, "ResultPath": null, "End": true}}}""",
                "{\"a\": 1}");
        assertThat(resultNull.output()).contains(json("{\"a\": 1}"));
        Execution outputNull = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Pass", "OutputPath": null, "End": true}}}""",
                "{\"a\": 1}");
        assertThat(outputNull.output()).contains(json("{}"));
    }

    @Test
    void resultPathOnAStringInputFails() {
        Execution execution = run("""
                {"StartAt": "T", "States": {"T": {"Type": "Pass", "Result": 1, "ResultPath": "$.x", "End": true}}}""",
                "\"foo\"");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).contains("States.ResultPathMatchFailure");
    }

    @Test
    void payloadTemplateExample() {
        AtomicInteger calls = new AtomicInteger();
        JsonNode[] seen = new JsonNode[1];
        functions.with("X", event -> {
            calls.incrementAndGet();
            seen[0] = event;
            return json("\"some output\"");
        });
        // The specification supposes a Context Object with a DayOfWeek field; ResultSelector reads it here
        // from a Pass state that puts it into the input instead, since $$ is the interpreter's.
        Execution execution = run("""
                {"StartAt": "X", "States": {"X": {"Type": "Task", "Resource": "%s", "End": true,
                  "Parameters": {"flagged": true, "parts": {"first.$": "$.vals[0]", "last3.$": "$.vals[-3:]"},
                                 "weekday.$": "$.DayOfWeek",
                                 "formattedOutput.$": "States.Format('Today is {}', $.DayOfWeek)"}}}}"""
                .formatted(AslFixtures.functionArn("X")),
                "{\"flagged\": 7, \"vals\": [0, 10, 20, 30, 40, 50], \"DayOfWeek\": \"TUESDAY\"}", functions);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(calls).hasValue(1);
        assertThat(seen[0]).isEqualTo(json("""
                {"flagged": true, "parts": {"first": 0, "last3": [30, 40, 50]}, "weekday": "TUESDAY",
                 "formattedOutput": "Today is TUESDAY"}"""));
        assertThat(execution.output()).contains(json("\"some output\""));
    }

    @Test
    void formatExampleWithEscapedApostrophe() {
        Execution execution = run("""
                {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true,
                  "Parameters": {"greeting.$": "States.Format('Welcome to {} {}\\\\'s playlist.', $.firstName, $.lastName)"}}}}""",
                "{\"firstName\": \"John\", \"lastName\": \"Doe\"}");
        assertThat(execution.output()).contains(json("{\"greeting\": \"Welcome to John Doe's playlist.\"}"));
    }

    @Test
    void passStateInjectsFixedData() {
        Execution execution = run("""
                {"StartAt": "ProvideTestData", "States": {"ProvideTestData": {"Type": "Pass",
                  "Result": {"x-datum": 0.381018, "y-datum": 622.2269926397355}, "ResultPath": "$.coords",
                  "End": true}}}""", "{\"georefOf\": \"Home\"}");
        assertThat(execution.output()).contains(json(
                "{\"georefOf\": \"Home\", \"coords\": {\"x-datum\": 0.381018, \"y-datum\": 622.2269926397355}}"));
    }

    @Test
    void choiceExampleTransitionsToValueInTwenties() {
        String definition = """
                {"StartAt": "DispatchEvent", "States": {
                  "DispatchEvent": {"Type": "Choice", "Choices": [
                     {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
                     {"And": [{"Variable": "$.value", "IsPresent": true},
                              {"Variable": "$.value", "IsNumeric": true},
                              {"Variable": "$.value", "NumericGreaterThanEquals": 20},
                              {"Variable": "$.value", "NumericLessThan": 30}],
                      "Next": "ValueInTwenties"},
                     {"Variable": "$.rating", "NumericGreaterThanPath": "$.auditThreshold", "Next": "StartAudit"}],
                   "Default": "RecordEvent"},
                  "Public": {"Type": "Pass", "Result": "Public", "End": true},
                  "ValueInTwenties": {"Type": "Pass", "Result": "ValueInTwenties", "End": true},
                  "StartAudit": {"Type": "Pass", "Result": "StartAudit", "End": true},
                  "RecordEvent": {"Type": "Pass", "Result": "RecordEvent", "End": true}}}""";
        assertThat(run(definition, "{\"type\": \"Private\", \"value\": 22}").output())
                .contains(json("\"ValueInTwenties\""));
        assertThat(run(definition, "{\"type\": \"Public\"}").output()).contains(json("\"Public\""));
        assertThat(run(definition, "{\"type\": \"Private\", \"value\": 35, \"rating\": 9, \"auditThreshold\": 5}")
                .output()).contains(json("\"StartAudit\""));
        assertThat(run(definition, "{\"type\": \"Private\", \"value\": 35, \"rating\": 1, \"auditThreshold\": 5}")
                .output()).contains(json("\"RecordEvent\""));
    }

    @Test
    void stringMatchesExamples() {
        assertThat(Wildcards.compile("foo*.log").matcher("foo23.log").matches()).isTrue();
        assertThat(Wildcards.compile("*.log").matcher("zebra.log").matches()).isTrue();
        assertThat(Wildcards.compile("foo*.*").matcher("foobar.zebra").matches()).isTrue();
        assertThat(Wildcards.compile("foo\\*.log").matcher("foo23.log").matches()).isFalse();
        assertThat(Wildcards.compile("foo\\*.log").matcher("foo*.log").matches()).isTrue();
    }

    @Test
    void waitStateExamples() {
        AslFixtures.FastClock clock = new AslFixtures.FastClock(1000);
        Execution execution = AslFixtures.run("""
                {"StartAt": "wait_ten_seconds", "States": {
                  "wait_ten_seconds": {"Type": "Wait", "Seconds": 10, "Next": "wait_until"},
                  "wait_until": {"Type": "Wait", "TimestampPath": "$.expirydate", "End": true}}}""",
                "{\"expirydate\": \"2016-03-14T01:59:00Z\"}", clock, functions);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        // A timestamp in the past does not wait at all.
        assertThat(clock.sleeps).containsExactly(java.time.Duration.ofSeconds(10));
    }

    @Test
    void failStateExample() {
        Execution execution = run("""
                {"StartAt": "FailState", "States": {"FailState": {"Type": "Fail", "Error": "ErrorA",
                  "Cause": "Kaiju attack"}}}""", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).contains("ErrorA");
        assertThat(execution.cause()).contains("Kaiju attack");
        Execution dynamic = run("""
                {"StartAt": "FailState", "States": {"FailState": {"Type": "Fail", "Comment": "my error comment",
                  "ErrorPath": "$.Error", "CausePath": "$.Cause"}}}""", "{\"Error\": \"E1\", \"Cause\": \"C1\"}");
        assertThat(dynamic.error()).contains("E1");
        assertThat(dynamic.cause()).contains("C1");
    }

    @Test
    void parallelExampleFunWithMath() {
        functions.with("Add", event -> json(String.valueOf(event.get(0).asInt() + event.get(1).asInt())))
                .with("Subtract", event -> json(String.valueOf(event.get(0).asInt() - event.get(1).asInt())));
        Execution execution = run("""
                {"StartAt": "FunWithMath", "States": {"FunWithMath": {"Type": "Parallel", "Branches": [
                   {"StartAt": "Add", "States": {"Add": {"Type": "Task", "Resource": "%s", "End": true}}},
                   {"StartAt": "Subtract", "States": {"Subtract": {"Type": "Task", "Resource": "%s", "End": true}}}],
                  "Next": "NextState"},
                  "NextState": {"Type": "Succeed"}}}"""
                .formatted(ADD, AslFixtures.functionArn("Subtract")), "[3, 2]", functions);
        assertThat(execution.output()).contains(json("[5, 1]"));
        assertThat(types(execution)).contains("ParallelStateEntered", "ParallelStateStarted",
                "ParallelStateSucceeded", "ParallelStateExited", "SucceedStateEntered");
    }

    private static final String SHIPMENT = """
            {"ship-date": "2016-03-14T01:59:00Z",
             "detail": {"delivery-partner": "UQS", "shipped": [
                {"prod": "R31", "dest-code": 9511, "quantity": 1344},
                {"prod": "S39", "dest-code": 9511, "quantity": 40},
                {"prod": "R31", "dest-code": 9833, "quantity": 12},
                {"prod": "R40", "dest-code": 9860, "quantity": 887},
                {"prod": "R40", "dest-code": 9511, "quantity": 1220}]}}""";

    @Test
    void mapExampleValidatesEveryShippedItemAndOverwritesTheArray() {
        List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        functions.with("ship-val", event -> {
            seen.add(event);
            return json("{\"valid\": true, \"prod\": \"" + event.get("prod").asText() + "\"}");
        });
        Execution execution = run("""
                {"StartAt": "Validate-All", "States": {"Validate-All": {"Type": "Map",
                  "InputPath": "$.detail", "ItemsPath": "$.shipped", "MaxConcurrency": 0,
                  "ItemProcessor": {"StartAt": "Validate", "States": {"Validate": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:ship-val", "End": true}}},
                  "ResultPath": "$.detail.shipped", "End": true}}}""", SHIPMENT, functions);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(seen).hasSize(5).contains(json("{\"prod\": \"R31\", \"dest-code\": 9511, \"quantity\": 1344}"));
        JsonNode output = execution.output().orElseThrow();
        assertThat(output.get("ship-date").asText()).isEqualTo("2016-03-14T01:59:00Z");
        assertThat(output.at("/detail/delivery-partner").asText()).isEqualTo("UQS");
        ArrayNode shipped = (ArrayNode) output.at("/detail/shipped");
        assertThat(shipped).hasSize(5);
        assertThat(shipped.get(1)).isEqualTo(json("{\"valid\": true, \"prod\": \"S39\"}"));
    }

    @Test
    void mapExampleItemSelectorAddsTheCourier() {
        List<JsonNode> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        functions.with("ship-val", event -> {
            seen.add(event);
            return event;
        });
        Execution execution = run("""
                {"StartAt": "Validate-All", "States": {"Validate-All": {"Type": "Map",
                  "InputPath": "$.detail", "ItemsPath": "$.shipped", "MaxConcurrency": 0,
                  "ItemSelector": {"parcel.$": "$$.Map.Item.Value", "courier.$": "$.delivery-partner"},
                  "ItemProcessor": {"StartAt": "Validate", "States": {"Validate": {"Type": "Task",
                      "Resource": "arn:aws:lambda:us-east-1:123456789012:function:ship-val", "End": true}}},
                  "ResultPath": "$.detail.shipped", "End": true}}}""", SHIPMENT, functions);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(seen).contains(json(
                "{\"parcel\": {\"prod\": \"R31\", \"dest-code\": 9511, \"quantity\": 1344}, \"courier\": \"UQS\"}"));
    }

    @Test
    void complexRetryScenarioWaitsOneTwoFiveThenCatches() {
        AslFixtures.FastClock clock = new AslFixtures.FastClock(1000);
        String[] errors = {"ErrorA", "ErrorB", "ErrorC", "ErrorB"};
        AtomicInteger attempt = new AtomicInteger();
        functions.with("X", event -> {
            throw new AslFixtures.FunctionError(errors[attempt.getAndIncrement()]);
        });
        Execution execution = AslFixtures.run("""
                {"StartAt": "X", "States": {
                  "X": {"Type": "Task", "Resource": "%s", "Next": "Y",
                        "Retry": [{"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2,
                                   "MaxAttempts": 2},
                                  {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]},
                  "Y": {"Type": "Succeed"},
                  "Z": {"Type": "Pass", "End": true}}}""".formatted(AslFixtures.functionArn("X")),
                "{}", clock, functions);
        assertThat(attempt).hasValue(4);
        assertThat(clock.sleeps).containsExactly(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2),
                java.time.Duration.ofSeconds(5));
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.output().orElseThrow().get("Error").asText()).isEqualTo("ErrorB");
        assertThat(types(execution)).contains("PassStateEntered").doesNotContain("SucceedStateEntered");
    }

    @Test
    void retrierWithMaxDelayCapsTheSecondInterval() {
        AslFixtures.FastClock clock = new AslFixtures.FastClock(1000);
        AtomicInteger attempt = new AtomicInteger();
        functions.with("X", event -> {
            if (attempt.getAndIncrement() < 2) {
                throw new AslFixtures.FunctionError("Busy");
            }
            return json("\"done\"");
        });
        Execution execution = AslFixtures.run("""
                {"StartAt": "X", "States": {"X": {"Type": "Task", "Resource": "%s", "End": true,
                  "Retry": [{"ErrorEquals": ["Busy"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 2.0,
                             "MaxDelaySeconds": 4}]}}}""".formatted(AslFixtures.functionArn("X")),
                "{}", clock, functions);
        assertThat(execution.output()).contains(json("\"done\""));
        assertThat(clock.sleeps).containsExactly(java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(4));
    }

    @Test
    void catcherResultPathKeepsTheOriginalInput() {
        functions.with("X", event -> {
            throw new Exception("broken");
        });
        Execution execution = run("""
                {"StartAt": "X", "States": {
                  "X": {"Type": "Task", "Resource": "%s", "End": true,
                        "Catch": [{"ErrorEquals": ["java.lang.Exception"], "ResultPath": "$.error-info",
                                   "Next": "RecoveryState"},
                                  {"ErrorEquals": ["States.ALL"], "Next": "EndMachine"}]},
                  "RecoveryState": {"Type": "Pass", "End": true},
                  "EndMachine": {"Type": "Pass", "End": true}}}""".formatted(AslFixtures.functionArn("X")),
                "{\"order\": 7}", functions);
        JsonNode output = execution.output().orElseThrow();
        assertThat(output.get("order").asInt()).isEqualTo(7);
        assertThat(output.at("/error-info/Error").asText()).isEqualTo("java.lang.Exception");
        assertThat(json(output.at("/error-info/Cause").asText()).get("errorMessage").asText()).isEqualTo("broken");
        assertThat(types(execution)).contains("PassStateEntered");
    }
}
