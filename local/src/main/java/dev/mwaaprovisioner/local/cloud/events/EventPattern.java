package dev.mwaaprovisioner.local.cloud.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An EventBridge event pattern: nested objects mirror the event; each leaf is an array of
 * matchers of which one must match (OR). Matchers: exact values (strings, numbers, booleans,
 * null), {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code wildcard},
 * {@code anything-but} (values, {@code prefix}, {@code suffix}), {@code exists} and
 * {@code numeric}. An event field holding an array matches when any element does. {@code cidr}
 * and {@code $or} are refused as not supported.
 */
public final class EventPattern {

    /** A pattern that cannot be used; the message is the reason. */
    public static final class InvalidPatternException extends Exception {
        InvalidPatternException(String reason) {
            super("Event pattern is not valid. Reason: " + reason);
        }
    }

    private interface Matcher {
        /** Whether the matcher accepts a present scalar value. */
        boolean matches(JsonNode value);

        /** Whether the matcher accepts a missing field. */
        default boolean matchesMissing() {
            return false;
        }
    }

    private final Map<String, Object> root;
    private final String text;

    private EventPattern(Map<String, Object> root, String text) {
        this.root = root;
        this.text = text;
    }

    public static EventPattern parse(String text) throws InvalidPatternException {
        JsonNode json;
        try {
            json = Json.parse(text);
        } catch (IOException e) {
            throw new InvalidPatternException(Json.describe(e));
        }
        if (json == null || !json.isObject()) {
            throw new InvalidPatternException("Filter is not an object");
        }
        return new EventPattern(object(json, ""), text);
    }

    public String text() {
        return text;
    }

    public boolean matches(JsonNode event) {
        return matchesObject(root, event);
    }

    // ------------------------------------------------------------------------------------------
    // Parsing

    private static Map<String, Object> object(JsonNode node, String path) throws InvalidPatternException {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            String here = path.isEmpty() ? name : path + "." + name;
            if (name.equals("$or")) {
                throw new InvalidPatternException("\"$or\" matching is not supported by the local cloud");
            }
            JsonNode value = field.getValue();
            if (value.isObject()) {
                fields.put(name, object(value, here));
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw new InvalidPatternException("Empty arrays are not allowed (at \"" + here + "\")");
                }
                List<Matcher> matchers = new ArrayList<>();
                for (JsonNode element : value) {
                    matchers.add(matcher(element, here));
                }
                fields.put(name, matchers);
            } else {
                throw new InvalidPatternException("\"" + here + "\" must be an object or an array");
            }
        }
        return fields;
    }

    private static Matcher matcher(JsonNode element, String path) throws InvalidPatternException {
        if (element.isValueNode()) {
            return value -> sameValue(element, value);
        }
        if (!element.isObject() || element.size() != 1) {
            throw new InvalidPatternException("Match expressions at \"" + path
                    + "\" must be values or objects with one match type");
        }
        String type = element.fieldNames().next();
        JsonNode operand = element.get(type);
        switch (type) {
            case "prefix":
            case "suffix": {
                boolean prefix = type.equals("prefix");
                if (operand.isObject() && operand.has("equals-ignore-case") && operand.get("equals-ignore-case").isTextual()) {
                    String affix = operand.get("equals-ignore-case").asText().toLowerCase(Locale.ROOT);
                    return value -> value.isTextual() && (prefix
                            ? value.asText().toLowerCase(Locale.ROOT).startsWith(affix)
                            : value.asText().toLowerCase(Locale.ROOT).endsWith(affix));
                }
                String affix = requireString(operand, type, path);
                return value -> value.isTextual() && (prefix ? value.asText().startsWith(affix)
                        : value.asText().endsWith(affix));
            }
            case "equals-ignore-case": {
                String expected = requireString(operand, type, path);
                return value -> value.isTextual() && value.asText().equalsIgnoreCase(expected);
            }
            case "wildcard": {
                Pattern pattern = wildcard(requireString(operand, type, path));
                return value -> value.isTextual() && pattern.matcher(value.asText()).matches();
            }
            case "exists": {
                if (!operand.isBoolean()) {
                    throw new InvalidPatternException("exists match pattern must be either true or false (at \"" + path
                            + "\")");
                }
                boolean exists = operand.asBoolean();
                return new Matcher() {
                    @Override
                    public boolean matches(JsonNode value) {
                        return exists;
                    }

                    @Override
                    public boolean matchesMissing() {
                        return !exists;
                    }
                };
            }
            case "anything-but":
                return anythingBut(operand, path);
            case "numeric":
                return numeric(operand, path);
            case "cidr":
                throw new InvalidPatternException("\"cidr\" matching is not supported by the local cloud (at \"" + path
                        + "\")");
            default:
                throw new InvalidPatternException("Unrecognized match type " + type + " (at \"" + path + "\")");
        }
    }

    private static Matcher anythingBut(JsonNode operand, String path) throws InvalidPatternException {
        if (operand.isObject()) {
            if (operand.size() != 1 || !(operand.has("prefix") || operand.has("suffix"))) {
                throw new InvalidPatternException("Unsupported anything-but pattern at \"" + path
                        + "\": use values, {\"prefix\": ...} or {\"suffix\": ...}");
            }
            boolean prefix = operand.has("prefix");
            String affix = requireString(operand.get(prefix ? "prefix" : "suffix"), "anything-but", path);
            return value -> value.isTextual() && !(prefix ? value.asText().startsWith(affix)
                    : value.asText().endsWith(affix));
        }
        List<JsonNode> excluded = new ArrayList<>();
        if (operand.isArray()) {
            if (operand.isEmpty()) {
                throw new InvalidPatternException("Empty arrays are not allowed (at \"" + path + "\")");
            }
            operand.forEach(excluded::add);
        } else {
            excluded.add(operand);
        }
        for (JsonNode value : excluded) {
            if (!value.isTextual() && !value.isNumber()) {
                throw new InvalidPatternException("Inside anything but list, only strings and numbers are allowed"
                        + " (at \"" + path + "\")");
            }
        }
        return value -> value.isValueNode() && !value.isNull()
                && excluded.stream().noneMatch(excludedValue -> sameValue(excludedValue, value));
    }

    private static Matcher numeric(JsonNode operand, String path) throws InvalidPatternException {
        if (!operand.isArray() || operand.isEmpty() || operand.size() % 2 != 0 || operand.size() > 4) {
            throw new InvalidPatternException("Value of numeric must be an array of one or two [operator, number] pairs"
                    + " (at \"" + path + "\")");
        }
        List<String> operators = new ArrayList<>();
        List<BigDecimal> bounds = new ArrayList<>();
        for (int i = 0; i < operand.size(); i += 2) {
            String operator = operand.get(i).asText();
            if (!List.of("<", "<=", "=", ">", ">=").contains(operator) || !operand.get(i + 1).isNumber()) {
                throw new InvalidPatternException("Unrecognized numeric range operator or value: " + operand.get(i)
                        + " " + operand.get(i + 1) + " (at \"" + path + "\")");
            }
            operators.add(operator);
            bounds.add(operand.get(i + 1).decimalValue());
        }
        return value -> {
            if (!value.isNumber()) {
                return false;
            }
            for (int i = 0; i < operators.size(); i++) {
                int c = value.decimalValue().compareTo(bounds.get(i));
                boolean ok = switch (operators.get(i)) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case "=" -> c == 0;
                    case ">" -> c > 0;
                    default -> c >= 0;
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        };
    }

    private static String requireString(JsonNode operand, String type, String path) throws InvalidPatternException {
        if (!operand.isTextual()) {
            throw new InvalidPatternException(type + " match pattern must be a string (at \"" + path + "\")");
        }
        return operand.asText();
    }

    private static Pattern wildcard(String text) {
        StringBuilder regex = new StringBuilder();
        String[] parts = text.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    // ------------------------------------------------------------------------------------------
    // Matching

    @SuppressWarnings("unchecked")
    private static boolean matchesObject(Map<String, Object> pattern, JsonNode event) {
        for (Map.Entry<String, Object> field : pattern.entrySet()) {
            JsonNode value = event == null ? null : event.get(field.getKey());
            boolean ok;
            if (field.getValue() instanceof Map<?, ?> nested) {
                Map<String, Object> nestedPattern = (Map<String, Object>) nested;
                if (value != null && value.isArray()) {
                    ok = false;
                    for (JsonNode element : value) {
                        ok |= element.isObject() && matchesObject(nestedPattern, element);
                    }
                } else {
                    ok = matchesObject(nestedPattern, value != null && value.isObject() ? value : null);
                }
            } else {
                ok = matchesLeaf((List<Matcher>) field.getValue(), value);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesLeaf(List<Matcher> matchers, JsonNode value) {
        if (value == null) {
            return matchers.stream().anyMatch(Matcher::matchesMissing);
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (matchers.stream().anyMatch(m -> m.matches(element))) {
                    return true;
                }
            }
            return false;
        }
        return matchers.stream().anyMatch(m -> m.matches(value));
    }

    private static boolean sameValue(JsonNode expected, JsonNode value) {
        if (expected.isNumber() && value.isNumber()) {
            return expected.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return expected.equals(value);
    }
}
