package dev.mwaaprovisioner.local.asl;

import static dev.mwaaprovisioner.local.asl.AslFixtures.json;
import static dev.mwaaprovisioner.local.asl.AslFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every comparison operator of JSONPath Choice Rules, literal and Path variants, with input/output processing. */
class ChoiceStateTest {

    /** Runs a Choice with one rule {@code "Variable": "$.v", <operator>: <operand>} on {@code {"v": value, "o": operand}}. */
    private static boolean matches(String operator, String operand, String value) {
        String rule = operator.endsWith("Path")
                ? "\"" + operator + "\": \"$.o\""
                : "\"" + operator + "\": " + operand;
        String input = "{\"o\": " + operand + (value == null ? "" : ", \"v\": " + value) + "}";
        Execution execution = run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.v", %s, "Next": "Yes"}], "Default": "No"},
                  "Yes": {"Type": "Pass", "Result": true, "End": true},
                  "No": {"Type": "Pass", "Result": false, "End": true}}}""".formatted(rule), input);
        assertThat(execution.status()).as(execution.cause().orElse("")).isEqualTo(ExecutionStatus.SUCCEEDED);
        return execution.output().orElseThrow().asBoolean();
    }

    @ParameterizedTest(name = "{1} {0} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "StringEquals|'\"abc\"'|'\"abc\"'|true",
        "StringEquals|'\"abc\"'|'\"abd\"'|false",
        "StringEquals|'\"5\"'|5|false",
        "StringEqualsPath|'\"abc\"'|'\"abc\"'|true",
        "StringLessThan|'\"b\"'|'\"a\"'|true",
        "StringLessThan|'\"b\"'|'\"b\"'|false",
        "StringLessThanPath|'\"b\"'|'\"a\"'|true",
        "StringGreaterThan|'\"b\"'|'\"c\"'|true",
        "StringGreaterThanPath|'\"b\"'|'\"a\"'|false",
        "StringLessThanEquals|'\"b\"'|'\"b\"'|true",
        "StringLessThanEqualsPath|'\"b\"'|'\"c\"'|false",
        "StringGreaterThanEquals|'\"b\"'|'\"b\"'|true",
        "StringGreaterThanEqualsPath|'\"b\"'|'\"a\"'|false",
        "StringMatches|'\"log-*.txt\"'|'\"log-2026-01.txt\"'|true",
        "StringMatches|'\"log-*.txt\"'|'\"log-2026-01.csv\"'|false",
        "NumericEquals|5|5.0|true",
        "NumericEquals|5|'\"5\"'|false",
        "NumericEqualsPath|5|5|true",
        "NumericLessThan|5|4|true",
        "NumericLessThanPath|5|5|false",
        "NumericGreaterThan|5|6|true",
        "NumericGreaterThanPath|5|4|false",
        "NumericLessThanEquals|5|5|true",
        "NumericLessThanEqualsPath|5|6|false",
        "NumericGreaterThanEquals|5|5|true",
        "NumericGreaterThanEqualsPath|5|4.9|false",
        "BooleanEquals|true|true|true",
        "BooleanEquals|true|'\"true\"'|false",
        "BooleanEqualsPath|false|false|true",
        "TimestampEquals|'\"2016-03-14T01:59:00Z\"'|'\"2016-03-14T02:59:00+01:00\"'|true",
        "TimestampEqualsPath|'\"2016-03-14T01:59:00Z\"'|'\"2016-03-14T01:59:01Z\"'|false",
        "TimestampLessThan|'\"2016-03-14T01:59:00Z\"'|'\"2016-03-14T01:58:00Z\"'|true",
        "TimestampLessThanPath|'\"2016-03-14T01:59:00Z\"'|'\"2016-03-14T01:59:00Z\"'|false",
        "TimestampGreaterThan|'\"2016-03-14T01:59:00Z\"'|'\"2017-01-01T00:00:00Z\"'|true",
        "TimestampGreaterThanPath|'\"2016-03-14T01:59:00Z\"'|'\"2015-01-01T00:00:00Z\"'|false",
        "TimestampLessThanEquals|'\"2016-03-14T01:59:00Z\"'|'\"2016-03-14T01:59:00Z\"'|true",
        "TimestampLessThanEqualsPath|'\"2016-03-14T01:59:00Z\"'|'\"2016-03-14T02:00:00Z\"'|false",
        "TimestampGreaterThanEquals|'\"2016-03-14T01:59:00Z\"'|'\"2016-03-14T01:59:00Z\"'|true",
        "TimestampGreaterThanEqualsPath|'\"2016-03-14T01:59:00Z\"'|'\"not a time\"'|false",
        "IsNull|true|null|true",
        "IsNull|true|0|false",
        "IsNumeric|true|1.5|true",
        "IsNumeric|false|'\"1\"'|true",
        "IsString|true|'\"x\"'|true",
        "IsBoolean|true|false|true",
        "IsBoolean|true|'\"false\"'|false",
        "IsTimestamp|true|'\"2016-03-14T01:59:00Z\"'|true",
        "IsTimestamp|true|'\"2016-03-14 01:59:00\"'|false",
        "IsPresent|true|1|true",
    })
    void operator(String operator, String operand, String value, boolean expected) {
        assertThat(matches(operator, operand, value)).isEqualTo(expected);
    }

    @Test
    void isPresentOnAMissingFieldIsFalseNotAnError() {
        assertThat(matches("IsPresent", "true", null)).isFalse();
        assertThat(matches("IsPresent", "false", null)).isTrue();
    }

    @Test
    void aMissingVariableIsARuntimeErrorThatCatchDoesNotHandle() {
        Execution execution = run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.missing", "NumericEquals": 1, "Next": "D"}],
                        "Default": "D"},
                  "D": {"Type": "Succeed"}}}""", "{}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).contains("States.Runtime");
        assertThat(execution.cause().orElseThrow()).contains("Invalid path '$.missing'").contains("state 'C'");
    }

    @Test
    void noMatchWithoutDefaultFails() {
        Execution execution = run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsNull": true, "Next": "D"}]},
                  "D": {"Type": "Succeed"}}}""", "{\"a\": 1}");
        assertThat(execution.error()).contains("States.NoChoiceMatched");
    }

    @Test
    void booleanOperatorsShortCircuitAndNest() {
        String definition = """
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [
                    {"Or": [{"Variable": "$.a", "IsPresent": false},
                            {"And": [{"Variable": "$.a", "NumericGreaterThan": 1},
                                     {"Not": {"Variable": "$.a", "NumericGreaterThan": 10}}]}],
                     "Next": "Yes"}],
                   "Default": "No"},
                  "Yes": {"Type": "Pass", "Result": "yes", "End": true},
                  "No": {"Type": "Pass", "Result": "no", "End": true}}}""";
        // With $.a absent the Or stops at its first rule; the And would fail on the missing variable.
        assertThat(run(definition, "{}").output()).contains(json("\"yes\""));
        assertThat(run(definition, "{\"a\": 5}").output()).contains(json("\"yes\""));
        assertThat(run(definition, "{\"a\": 50}").output()).contains(json("\"no\""));
    }

    @Test
    void inputPathSelectsWhatRulesSeeAndOutputPathShapesTheOutput() {
        Execution execution = run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "InputPath": "$.order", "OutputPath": "$.id",
                        "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Big"}], "Default": "Small"},
                  "Big": {"Type": "Pass", "End": true},
                  "Small": {"Type": "Pass", "Result": "small", "End": true}}}""",
                "{\"order\": {\"id\": \"o-1\", \"total\": 150}}");
        assertThat(execution.output()).contains(json("\"o-1\""));
    }

    @Test
    void contextObjectVariablesCanBeCompared() {
        Execution execution = run("""
                {"StartAt": "C", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$$.State.Name", "StringEquals": "C", "Next": "Yes"}],
                        "Default": "No"},
                  "Yes": {"Type": "Pass", "Result": "yes", "End": true},
                  "No": {"Type": "Pass", "Result": "no", "End": true}}}""", "{}");
        assertThat(execution.output()).contains(json("\"yes\""));
    }
}
