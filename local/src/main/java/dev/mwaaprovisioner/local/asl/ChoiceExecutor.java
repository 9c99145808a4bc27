package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Choice states: the first top-level rule that holds picks the next state, else Default, else
 * {@code States.NoChoiceMatched}. Comparisons between values of the wrong type are false; a
 * Variable that matches nothing is a {@code States.Runtime} error, except for IsPresent.
 */
final class ChoiceExecutor {

    private ChoiceExecutor() {
    }

    static Transition execute(ChoiceState choice, JsonNode rawInput, StateRun run) {
        JsonNode input = run.inputPath(rawInput);
        JsonNode context = run.context(0);
        for (ChoiceState.Branch branch : choice.choices) {
            if (holds(branch.rule(), input, context, run)) {
                return new Transition(run.outputPath(input), branch.next());
            }
        }
        if (choice.defaultState != null) {
            return new Transition(run.outputPath(input), choice.defaultState);
        }
        throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No Choice Rule of the state '" + choice.name
                + "' matched the input and the state has no Default");
    }

    static boolean holds(ChoiceRule rule, JsonNode input, JsonNode context, StateRun run) {
        if (rule instanceof ChoiceRule.And and) {
            for (ChoiceRule inner : and.rules()) {
                if (!holds(inner, input, context, run)) {
                    return false;
                }
            }
            return true;
        }
        if (rule instanceof ChoiceRule.Or or) {
            for (ChoiceRule inner : or.rules()) {
                if (holds(inner, input, context, run)) {
                    return true;
                }
            }
            return false;
        }
        if (rule instanceof ChoiceRule.Not not) {
            return !holds(not.rule(), input, context, run);
        }
        return test((ChoiceRule.DataTest) rule, input, context, run);
    }

    private static boolean test(ChoiceRule.DataTest test, JsonNode input, JsonNode context, StateRun run) {
        Optional<JsonNode> found = lookup(test.variable(), input, context);
        ComparisonOperator op = test.operator();
        if (op == ComparisonOperator.IsPresent) {
            return found.isPresent() == test.operand().asBoolean();
        }
        JsonNode value = found.orElseThrow(() -> run.runtimeError(
                "Invalid path '" + test.variable() + "': The choice state's condition path references an invalid value."));
        if (op.kind == ComparisonOperator.Kind.TYPE_TEST) {
            boolean is = switch (op) {
                case IsNull -> value.isNull();
                case IsNumeric -> value.isNumber();
                case IsString -> value.isTextual();
                case IsBoolean -> value.isBoolean();
                case IsTimestamp -> value.isTextual() && Timestamps.parse(value.asText()).isPresent();
                default -> throw new IllegalStateException(op.name());
            };
            return is == test.operand().asBoolean();
        }
        JsonNode operand = test.operand();
        if (test.operandPath() != null) {
            operand = lookup(test.operandPath(), input, context).orElseThrow(() -> run.runtimeError(
                    "Invalid path '" + test.operandPath() + "': The choice state's condition path references an invalid value."));
        }
        return compare(op, value, operand);
    }

    private static Optional<JsonNode> lookup(String path, JsonNode input, JsonNode context) {
        try {
            return Optional.of(JsonPaths.read(path, input, context));
        } catch (JsonPaths.NoSuchPathException e) {
            return Optional.empty();
        }
    }

    private static boolean compare(ComparisonOperator op, JsonNode value, JsonNode operand) {
        switch (op.kind) {
            case STRING -> {
                if (!value.isTextual() || !operand.isTextual()) {
                    return false;
                }
                if (op == ComparisonOperator.StringMatches) {
                    return Wildcards.compile(operand.asText()).matcher(value.asText()).matches();
                }
                return ordered(op, value.asText().compareTo(operand.asText()));
            }
            case NUMBER -> {
                if (!value.isNumber() || !operand.isNumber()) {
                    return false;
                }
                return ordered(op, value.decimalValue().compareTo(operand.decimalValue()));
            }
            case BOOLEAN -> {
                return value.isBoolean() && operand.isBoolean() && value.booleanValue() == operand.booleanValue();
            }
            case TIMESTAMP -> {
                Optional<Instant> left = value.isTextual() ? Timestamps.parse(value.asText()) : Optional.empty();
                Optional<Instant> right = operand.isTextual() ? Timestamps.parse(operand.asText()) : Optional.empty();
                return left.isPresent() && right.isPresent() && ordered(op, left.get().compareTo(right.get()));
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    /** Interprets a comparison result for the Equals/LessThan/GreaterThan/...Equals family. */
    private static boolean ordered(ComparisonOperator op, int comparison) {
        String name = op.name();
        if (name.endsWith("LessThanEquals")) {
            return comparison <= 0;
        }
        if (name.endsWith("GreaterThanEquals")) {
            return comparison >= 0;
        }
        if (name.endsWith("LessThan")) {
            return comparison < 0;
        }
        if (name.endsWith("GreaterThan")) {
            return comparison > 0;
        }
        return comparison == 0;
    }
}
