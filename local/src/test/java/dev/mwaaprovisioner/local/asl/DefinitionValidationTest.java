package dev.mwaaprovisioner.local.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Definitions Step Functions refuses, and the constructs this interpreter refuses, with their diagnostics. */
class DefinitionValidationTest {

    private static String refusal(String definition) {
        try {
            StateMachineDefinition.parse(definition);
        } catch (InvalidDefinitionException e) {
            return e.getMessage();
        }
        throw new AssertionError("Expected the definition to be refused: " + definition);
    }

    @Test
    void missingNextTargetIsNamedWithItsLocation() {
        assertThat(refusal("""
                {"StartAt": "Bar", "States": {"Bar": {"Type": "Pass", "Next": "Foo"}, "End": {"Type": "Succeed"}}}"""))
                .isEqualTo("Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Foo"
                        + " at /States/Bar/Next, MISSING_TRANSITION_TARGET: State \"End\" is not reachable. at /States/End'");
    }

    @Test
    void missingTargetsOfStartAtChoiceDefaultAndCatchAreFound() {
        String message = refusal("""
                {"StartAt": "Nope", "States": {
                  "C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "X"}],
                        "Default": "Y"},
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true,
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]}}}""");
        assertThat(message)
                .contains("MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /StartAt")
                .contains("Missing 'Next' target: X at /States/C/Choices[0]/Next")
                .contains("Missing 'Next' target: Y at /States/C/Default")
                .contains("Missing 'Next' target: Z at /States/T/Catch[0]/Next");
    }

    @Test
    void unreachableStatesAreErrors() {
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "Orphan": {"Type": "Pass", "End": true}}}"""))
                .isEqualTo("Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: State \"Orphan\" is not"
                        + " reachable. at /States/Orphan'");
    }

    @Test
    void aLoopWithoutTerminalStateHasNoEnd() {
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}}}"""))
                .isEqualTo("Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state'");
    }

    @Test
    void unknownFieldsAreNamedPerStateType() {
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "TimeoutSeconds": 5, "End": true}}}"""))
                .contains("SCHEMA_VALIDATION_FAILED: Field 'TimeoutSeconds' is not supported at /States/A");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 1, "Retry": [], "End": true}}}"""))
                .contains("Field 'Retry' is not supported at /States/A");
        assertThat(refusal("""
                {"StartAt": "A", "Colour": "blue", "States": {"A": {"Type": "Succeed"}}}"""))
                .contains("Field 'Colour' is not supported at /");
    }

    @Test
    void fieldTypesAndRequiredFieldsAreChecked() {
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": "ten", "End": true}}}"""))
                .contains("Expected value of type: Integer at /States/A/Seconds");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Task", "End": true}}}"""))
                .contains("The field 'Resource' is required but was missing at /States/A");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass"}}}"""))
                .contains("The state must have a 'Next' field or \\\"End\\\": true at /States/A".replace("\\\"", "\""));
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}}}"""))
                .contains("There should only be one of the following fields: [Next, End] at /States/A");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Dance", "End": true}}}"""))
                .contains("The value 'Dance' is not a valid state type");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Wait", "Seconds": 1, "Timestamp": "2016-03-14T01:59:00Z",
                  "End": true}}}"""))
                .contains("exactly one of the fields [Seconds, SecondsPath, Timestamp, TimestampPath] at /States/A");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}}}"""))
                .contains("There should only be one of the following fields: [Error, ErrorPath] at /States/A");
    }

    @Test
    void pathsAndTemplatesAreChecked() {
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "foo", "End": true}}}"""))
                .contains("The value for the field 'InputPath' must be a valid JSONPath at /States/A/InputPath");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$..x", "End": true}}}"""))
                .contains("must be a valid ReferencePath at /States/A/ResultPath");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Nope($.a)"},
                  "End": true}}}"""))
                .contains("must be a valid JSONPath or a valid intrinsic function call")
                .contains("at /States/A/Parameters/x.$");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": "States.Format()"},
                  "End": true}}}"""))
                .contains("States.Format takes at least 1 argument(s) but was given 0");
    }

    @Test
    void choiceRulesAreChecked() {
        assertThat(refusal("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                   {"Variable": "$.a", "NumericEquals": "1", "Next": "D"}], "Default": "D"}, "D": {"Type": "Succeed"}}}"""))
                .contains("Expected value of type: Number at /States/C/Choices[0]/NumericEquals");
        assertThat(refusal("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                   {"And": [{"Variable": "$.a", "IsNull": true, "Next": "D"}], "Next": "D"}]}, "D": {"Type": "Succeed"}}}"""))
                .contains("Nested Choice Rules must not have a 'Next' field at /States/C/Choices[0]/And[0]");
        assertThat(refusal("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                   {"Variable": "$.a", "Next": "D"}]}, "D": {"Type": "Succeed"}}}"""))
                .contains("must have exactly one comparison operator");
        assertThat(refusal("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "End": true, "Choices": [
                   {"Variable": "$.a", "IsNull": true, "Next": "D"}]}, "D": {"Type": "Succeed"}}}"""))
                .contains("Field 'End' is not supported at /States/C");
    }

    @Test
    void retryAndCatchAreChecked() {
        assertThat(refusal("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true,
                  "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["E"]}]}}}"""))
                .contains("States.ALL must appear alone in ErrorEquals, and only in the last Retrier at /States/T/Retry[0]/ErrorEquals");
        assertThat(refusal("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true,
                  "Retry": [{"ErrorEquals": ["E"], "BackoffRate": 0.5, "JitterStrategy": "SOME"}]}}}"""))
                .contains("'BackoffRate' must be a number greater than or equal to 1.0")
                .contains("'SOME' is not a valid JitterStrategy");
    }

    @Test
    void duplicateStateNamesAcrossBranchesAreErrors() {
        assertThat(refusal("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                   {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}]}}}"""))
                .contains("DUPLICATE_STATE_NAME: Duplicate State name: P at /States/P/Branches[0]/States/P");
    }

    @Test
    void nestedGraphsAreCheckedToo() {
        assertThat(refusal("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "I",
                   "States": {"I": {"Type": "Pass", "Next": "Gone"}}}}}}"""))
                .contains("Missing 'Next' target: Gone at /States/M/ItemProcessor/States/I/Next");
    }

    @Test
    void unsupportedConstructsAreRefusedNamingStateAndConstruct() {
        assertThat(refusal("""
                {"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"""))
                .contains("UNSUPPORTED_BY_LOCAL_CLOUD: QueryLanguage JSONata is not supported by the local cloud; use"
                        + " JSONPath at /QueryLanguage");
        assertThat(refusal("""
                {"StartAt": "Notify", "States": {"Notify": {"Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {}, "End": true}}}"""))
                .contains("The Resource 'arn:aws:states:::sqs:sendMessage' of state 'Notify' is not supported by the"
                        + " local cloud")
                .contains("at /States/Notify/Resource");
        assertThat(refusal("""
                {"StartAt": "Wait", "States": {"Wait": {"Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"FunctionName": "f"}, "End": true}}}"""))
                .contains("The integration pattern '.waitForTaskToken' of state 'Wait' is not supported by the local cloud");
        assertThat(refusal("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                    "StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}}}"""))
                .contains("Distributed Map (ProcessorConfig Mode DISTRIBUTED of state 'M'); use Mode INLINE is not"
                        + " supported by the local cloud at /States/M/ItemProcessor/ProcessorConfig/Mode");
        assertThat(refusal("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject"},
                  "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Succeed"}}}}}}"""))
                .contains("Distributed Map (ItemReader) (field 'ItemReader' of state 'M') is not supported by the local cloud");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"x": 1}, "End": true}}}"""))
                .contains("state machine variables (field 'Assign' of state 'A') is not supported by the local cloud");
        assertThat(refusal("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": {"x": 1}, "End": true}}}"""))
                .contains("The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the"
                        + " 'JSONata' QueryLanguage at /States/A");
        assertThat(refusal("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${ValidateFunctionArn}", "End": true}}}"""))
                .contains("still contains a ${...} placeholder");
    }

    @Test
    void lambdaInvokeNeedsFunctionNameAndKnownParameters() {
        assertThat(refusal("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"Payload.$": "$", "Colour": "red"}, "End": true}}}"""))
                .contains("The field 'FunctionName' is required but was missing at /States/T/Parameters")
                .contains("The field 'Colour' is not supported by Step Functions at /States/T/Parameters");
    }

    @Test
    void invalidJsonIsReported() {
        assertThatThrownBy(() -> StateMachineDefinition.parse("{\"StartAt\": "))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ");
    }

    @Test
    void aValidDefinitionWithEveryStateTypeIsAccepted() throws InvalidDefinitionException {
        StateMachineDefinition definition = StateMachineDefinition.parse("""
                {"Comment": "all types", "StartAt": "P", "TimeoutSeconds": 60, "Version": "1.0",
                 "States": {
                   "P": {"Type": "Pass", "Next": "T"},
                   "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                         "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "TimeoutSeconds": 10,
                         "HeartbeatSeconds": 5, "Retry": [{"ErrorEquals": ["States.TaskFailed"]}],
                         "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}], "Next": "C"},
                   "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "W"}],
                         "Default": "Par"},
                   "W": {"Type": "Wait", "SecondsPath": "$.s", "Next": "Par"},
                   "Par": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}],
                           "Next": "M"},
                   "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                         "Iterator": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "Next": "S"},
                   "S": {"Type": "Succeed"},
                   "F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}""");
        assertThat(definition.stateNames()).containsExactly("P", "T", "C", "W", "Par", "M", "S", "F");
        assertThat(definition.startAt()).isEqualTo("P");
    }
}
