package dev.mwaaprovisioner.local.asl;

import static dev.mwaaprovisioner.local.asl.AslFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Appendix B of the specification: each intrinsic function on its documented example, and its misuse. */
class IntrinsicFunctionsTest {

    private static final JsonNode CONTEXT = json("{\"Execution\": {\"Id\": \"arn:exec\"}}");

    private static JsonNode eval(String expression, String input) {
        return PayloadTemplate.resolve("field.$", expression, json(input), CONTEXT);
    }

    private static void failsWith(String expression, String input, String causePart) {
        assertThatThrownBy(() -> eval(expression, input))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo("States.IntrinsicFailure");
                    assertThat(e.cause()).contains(causePart);
                });
    }

    @Test
    void format() {
        assertThat(eval("States.Format('Your name is {}, we are in the year {}', $.name, 2020)",
                "{\"name\": \"Foo\", \"zebra\": \"stripe\"}"))
                .isEqualTo(json("\"Your name is Foo, we are in the year 2020\""));
        assertThat(eval("States.Format('{} {} {} \\{\\} \\'q\\' \\\\', true, null, 1.5)", "{}"))
                .isEqualTo(json("\"true null 1.5 {} 'q' \\\\\""));
        assertThat(eval("States.Format($.template, $$.Execution.Id)", "{\"template\": \"run {}\"}"))
                .isEqualTo(json("\"run arn:exec\""));
        failsWith("States.Format('{} {}', 1)", "{}", "more {} placeholders");
        failsWith("States.Format('{}', $.obj)", "{\"obj\": {\"a\": 1}}", "only strings, numbers, booleans and null");
    }

    @Test
    void stringToJsonAndBack() {
        assertThat(eval("States.StringToJson($.someString)", "{\"someString\": \"{\\\"number\\\": 20}\"}"))
                .isEqualTo(json("{\"number\": 20}"));
        assertThat(eval("States.JsonToString($.someJson)", "{\"someJson\": {\"name\": \"Foo\", \"year\": 2020}}"))
                .isEqualTo(json("\"{\\\"name\\\":\\\"Foo\\\",\\\"year\\\":2020}\""));
        failsWith("States.StringToJson($.s)", "{\"s\": \"{not json\"}", "not valid JSON");
        failsWith("States.StringToJson($.s)", "{\"s\": 5}", "must be a string");
    }

    @Test
    void array() {
        assertThat(eval("States.Array('Foo', 2020, $.someJson, null)", "{\"someJson\": {\"random\": \"abcdefg\"}}"))
                .isEqualTo(json("[\"Foo\", 2020, {\"random\": \"abcdefg\"}, null]"));
        assertThat(eval("States.Array()", "{}")).isEqualTo(json("[]"));
    }

    @Test
    void arrayPartition() {
        assertThat(eval("States.ArrayPartition($.inputArray,4)", "{\"inputArray\": [1,2,3,4,5,6,7,8,9]}"))
                .isEqualTo(json("[[1,2,3,4],[5,6,7,8],[9]]"));
        failsWith("States.ArrayPartition($.a, 0)", "{\"a\": [1]}", "chunk size must be a positive integer");
        failsWith("States.ArrayPartition($.a, 2)", "{\"a\": \"x\"}", "must be an array");
    }

    @Test
    void arrayContains() {
        assertThat(eval("States.ArrayContains($.inputArray, $.lookingFor)",
                "{\"inputArray\": [1,2,3,4,5,6,7,8,9], \"lookingFor\": 5}")).isEqualTo(json("true"));
        assertThat(eval("States.ArrayContains($.a, 'x')", "{\"a\": [1, \"y\"]}")).isEqualTo(json("false"));
    }

    @Test
    void arrayRange() {
        assertThat(eval("States.ArrayRange(1, 9, 2)", "{}")).isEqualTo(json("[1,3,5,7,9]"));
        assertThat(eval("States.ArrayRange(5, 1, -2)", "{}")).isEqualTo(json("[5,3,1]"));
        failsWith("States.ArrayRange(1, 9, 0)", "{}", "must not be zero");
        failsWith("States.ArrayRange(1, 5000, 1)", "{}", "more than 1000 items");
        failsWith("States.ArrayRange(1, 9.5, 1)", "{}", "must be an integer");
    }

    @Test
    void arrayGetItemLengthAndUnique() {
        assertThat(eval("States.ArrayGetItem($.inputArray, $.index)",
                "{\"inputArray\": [1,2,3,4,5,6,7,8,9], \"index\": 5}")).isEqualTo(json("6"));
        assertThat(eval("States.ArrayLength($.inputArray)", "{\"inputArray\": [1,2,3,4,5,6,7,8,9]}"))
                .isEqualTo(json("9"));
        assertThat(eval("States.ArrayUnique($.inputArray)", "{\"inputArray\": [1,2,3,3,3,3,3,3,4]}"))
                .isEqualTo(json("[1,2,3,4]"));
        failsWith("States.ArrayGetItem($.a, 3)", "{\"a\": [1]}", "out of bounds");
    }

    @Test
    void base64() {
        assertThat(eval("States.Base64Encode($.input)", "{\"input\": \"Data to encode\"}"))
                .isEqualTo(json("\"RGF0YSB0byBlbmNvZGU=\""));
        assertThat(eval("States.Base64Decode($.base64)", "{\"base64\": \"RGF0YSB0byBlbmNvZGU=\"}"))
                .isEqualTo(json("\"Data to encode\""));
        failsWith("States.Base64Decode($.b)", "{\"b\": \"%%%\"}", "not valid Base64");
        failsWith("States.Base64Encode($.s)", "{\"s\": \"" + "x".repeat(10_001) + "\"}", "at most 10000");
    }

    @Test
    void hash() {
        // The specification prints this SHA-1 with one digit missing (aaff...d18d7485e8...).
        assertThat(eval("States.Hash($.Data, $.Algorithm)", "{\"Data\": \"input data\", \"Algorithm\": \"SHA-1\"}"))
                .isEqualTo(json("\"aaff4a450a104cd177d28d18d74485e8cae074b7\""));
        assertThat(eval("States.Hash('abc', 'SHA-256')", "{}")).isEqualTo(
                json("\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\""));
        failsWith("States.Hash('abc', 'SHA-3')", "{}", "is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
    }

    @Test
    void jsonMergeIsShallow() {
        assertThat(eval("States.JsonMerge($.json1, $.json2, false)",
                "{\"json1\": {\"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2}, \"json2\": {\"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3}}"))
                .isEqualTo(json("{\"a\": {\"a3\": 1, \"a4\": 2}, \"b\": 2, \"c\": 3}"));
        failsWith("States.JsonMerge($.a, $.b, true)", "{\"a\": {}, \"b\": {}}", "only shallow merging");
        failsWith("States.JsonMerge($.a, $.b, false)", "{\"a\": [], \"b\": {}}", "must be objects");
    }

    @Test
    void mathRandomAndAdd() {
        for (int i = 0; i < 50; i++) {
            int value = eval("States.MathRandom($.start, $.end)", "{\"start\": 1, \"end\": 999}").intValue();
            assertThat(value).isBetween(1, 998);
        }
        assertThat(eval("States.MathRandom(1, 1000, 7)", "{}")).isEqualTo(eval("States.MathRandom(1, 1000, 7)", "{}"));
        assertThat(eval("States.MathAdd($.value1, $.step)", "{\"value1\": 111, \"step\": -1}")).isEqualTo(json("110"));
        failsWith("States.MathAdd(1.5, 1)", "{}", "must be an integer");
    }

    @Test
    void stringSplit() {
        assertThat(eval("States.StringSplit($.inputString, $.splitter)", "{\"inputString\": \"1,2,3,4,5\", \"splitter\": \",\"}"))
                .isEqualTo(json("[\"1\",\"2\",\"3\",\"4\",\"5\"]"));
        assertThat(eval("States.StringSplit($.s, $.d)", "{\"s\": \"This.is+a,test=string\", \"d\": \".+,=\"}"))
                .isEqualTo(json("[\"This\",\"is\",\"a\",\"test\",\"string\"]"));
    }

    @Test
    void uuidIsVersion4() {
        assertThat(eval("States.UUID()", "{}").asText())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void nestedCallsCompose() {
        assertThat(eval("States.ArrayLength(States.ArrayUnique(States.Array(1, 1, 2, 3)))", "{}")).isEqualTo(json("3"));
        assertThat(eval("States.Format('{}', States.ArrayGetItem(States.StringSplit($.s, ','), 1))", "{\"s\": \"a,b\"}"))
                .isEqualTo(json("\"b\""));
    }

    @Test
    void aMissingPathArgumentFails() {
        failsWith("States.Format('{}', $.missing)", "{}", "the path '$.missing' could not be found");
    }

    @Test
    void syntaxErrorsAreFoundWhenParsing() {
        assertThatThrownBy(() -> IntrinsicFunctions.parse("States.Format('unterminated)"))
                .hasMessageContaining("unterminated string");
        assertThatThrownBy(() -> IntrinsicFunctions.parse("States.Format('bad \\q escape')"))
                .hasMessageContaining("open escape");
        assertThatThrownBy(() -> IntrinsicFunctions.parse("States.ArrayLength($.a) extra"))
                .hasMessageContaining("after the closing parenthesis");
        assertThatThrownBy(() -> IntrinsicFunctions.parse("States.UUID(1)"))
                .hasMessageContaining("takes 0 argument(s) but was given 1");
    }

    @Test
    void intrinsicFailureIsCatchable() {
        Execution execution = AslFixtures.run("""
                {"StartAt": "P", "States": {
                   "P": {"Type": "Parallel", "Branches": [{"StartAt": "Bad", "States": {"Bad": {"Type": "Pass",
                           "Parameters": {"x.$": "States.ArrayGetItem($.a, 9)"}, "End": true}}}],
                         "Catch": [{"ErrorEquals": ["States.IntrinsicFailure"], "Next": "Caught"}], "End": true},
                   "Caught": {"Type": "Pass", "End": true}}}""", "{\"a\": [1]}");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(execution.output().orElseThrow().get("Error").asText()).isEqualTo("States.IntrinsicFailure");
    }
}
