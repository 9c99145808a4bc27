package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.databind.JsonNode;

/** Names what a value in the document is, for messages such as "expected an integer, got ...". */
final class TypeNames {

    private TypeNames() {
    }

    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the text " + Shown.quoted(node.textValue());
        }
        if (node.isIntegralNumber()) {
            return "the integer " + node.asText();
        }
        if (node.isNumber()) {
            return "the number " + node.decimalValue().toPlainString();
        }
        if (node.isBoolean()) {
            return "the boolean " + node.booleanValue();
        }
        if (node.isNull()) {
            return "empty (null)";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "a mapping";
    }
}
