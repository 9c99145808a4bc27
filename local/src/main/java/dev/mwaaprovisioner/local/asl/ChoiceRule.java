package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A Choice Rule: a boolean expression (And, Or, Not) or a data-test expression. */
sealed interface ChoiceRule {

    record And(List<ChoiceRule> rules) implements ChoiceRule {
    }

    record Or(List<ChoiceRule> rules) implements ChoiceRule {
    }

    record Not(ChoiceRule rule) implements ChoiceRule {
    }

    /**
     * {@code Variable} compared with {@code operand} by {@code operator}; for the {@code ...Path}
     * operators {@code operator} is the base name and {@code operandPath} the path to the operand.
     */
    record DataTest(String variable, ComparisonOperator operator, JsonNode operand, String operandPath)
            implements ChoiceRule {
    }
}
