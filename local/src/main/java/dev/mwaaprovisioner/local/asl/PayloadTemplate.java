package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Payload Templates ({@code Parameters}, {@code ResultSelector}, {@code ItemSelector}): fields
 * whose name ends in {@code .$} take the value of a path, a Context Object path ({@code $$}) or an
 * intrinsic function, and lose the suffix.
 */
final class PayloadTemplate {

    private PayloadTemplate() {
    }

    /** Checks every {@code .$} field of a template; problems are added as diagnostics. */
    static void validate(JsonNode template, String location, List<Diagnostic> diagnostics) {
        if (template.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                JsonNode value = field.getValue();
                String here = location + "/" + key;
                if (key.endsWith(".$")) {
                    if (template.has(key.substring(0, key.length() - 2))) {
                        diagnostics.add(new Diagnostic(Diagnostic.SCHEMA_VALIDATION_FAILED, "The field '" + key
                                + "' duplicates the field '" + key.substring(0, key.length() - 2) + "'", location));
                    }
                    if (!value.isTextual()) {
                        diagnostics.add(new Diagnostic(Diagnostic.SCHEMA_VALIDATION_FAILED, "The value for the field '"
                                + key + "' must be a STRING that contains a JSONPath but was " + value.getNodeType(), here));
                    } else {
                        String text = value.asText();
                        if (IntrinsicFunctions.looksLikeCall(text)) {
                            try {
                                IntrinsicFunctions.parse(text);
                            } catch (IntrinsicFunctions.SyntaxException e) {
                                diagnostics.add(new Diagnostic(Diagnostic.SCHEMA_VALIDATION_FAILED,
                                        "The value for the field '" + key + "' must be a valid JSONPath or a valid"
                                                + " intrinsic function call (" + e.getMessage() + ")", here));
                            }
                        } else if (!JsonPaths.isPath(text)) {
                            diagnostics.add(new Diagnostic(Diagnostic.SCHEMA_VALIDATION_FAILED, "The value for the field '"
                                    + key + "' must be a valid JSONPath or a valid intrinsic function call", here));
                        }
                    }
                } else {
                    validate(value, here, diagnostics);
                }
            }
        } else if (template.isArray()) {
            for (int i = 0; i < template.size(); i++) {
                validate(template.get(i), location + "[" + i + "]", diagnostics);
            }
        }
    }

    /**
     * Produces the payload of {@code template} for {@code input}.
     *
     * @throws StatesError {@code States.Runtime} for a path that matches nothing,
     *     {@code States.IntrinsicFailure} for a failing intrinsic function
     */
    static JsonNode apply(JsonNode template, JsonNode input, JsonNode context) {
        if (template.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String key = field.getKey();
                if (key.endsWith(".$")) {
                    out.set(key.substring(0, key.length() - 2), resolve(key, field.getValue().asText(), input, context));
                } else {
                    out.set(key, apply(field.getValue(), input, context));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : template) {
                out.add(apply(item, input, context));
            }
            return out;
        }
        return template;
    }

    /** The value of a path or intrinsic function, as in a {@code .$} field. */
    static JsonNode resolve(String field, String expression, JsonNode input, JsonNode context) {
        if (IntrinsicFunctions.looksLikeCall(expression)) {
            try {
                return IntrinsicFunctions.evaluate(IntrinsicFunctions.parse(expression), input, context);
            } catch (IntrinsicFunctions.SyntaxException e) {
                // Validated when the definition was created.
                throw new StatesError(StatesError.INTRINSIC_FAILURE, e.getMessage());
            }
        }
        try {
            return JsonPaths.read(expression, input, context);
        } catch (JsonPaths.NoSuchPathException e) {
            JsonNode searched = expression.startsWith("$$") ? context : input;
            throw new StatesError(StatesError.RUNTIME, "The JSONPath '" + expression + "' specified for the field '"
                    + field + "' could not be found in the input '" + Json.compact(searched) + "'");
        }
    }
}
