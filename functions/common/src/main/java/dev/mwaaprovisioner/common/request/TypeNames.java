package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.databind.JsonNode;

/** Names what a value in the document is, for messages such as "expected an integer, got ...". */
final class TypeNames {

    private TypeNames() {
    }

    /** The kind of value alone, for values that must not be shown (secrets). */
    static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "text";
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? "an integer" : "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return describe(node); // null, list, mapping: nothing secret to hide
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
