package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/** JSON helpers shared by the interpreter. */
final class Json {

    private Json() {
    }

    static String compact(JsonNode node) {
        try {
            return JsonPaths.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JsonNode always serialises", e);
        }
    }

    static JsonNode parse(String text) throws JsonProcessingException {
        return JsonPaths.MAPPER.readTree(text);
    }

    static int utf8Length(JsonNode node) {
        return compact(node).getBytes(StandardCharsets.UTF_8).length;
    }

    /** JSON equality with numbers compared by value, so {@code 5} equals {@code 5.0}. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !sameValue(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Whether a JSON number is an integer (5 and 5.0 are, 5.5 is not). */
    static boolean isIntegral(JsonNode node) {
        if (!node.isNumber()) {
            return false;
        }
        BigDecimal value = node.decimalValue();
        return value.signum() == 0 || value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0;
    }
}
