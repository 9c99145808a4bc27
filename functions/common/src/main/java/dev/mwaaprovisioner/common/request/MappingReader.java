package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the values of one mapping of the document with the types the model expects. A value of
 * the wrong type, or with no value at all, is reported (naming the expected type) and read as
 * "not given", so that reading goes on and every problem of the file is found in one pass.
 * Keys the model does not know are reported by {@link #reportUnknownKeys}.
 */
final class MappingReader {

    private static final int LISTED_KEYS_MAX = 6;

    private final ObjectNode node;
    private final String path;
    private final Set<String> known;
    private final Problems problems;

    private MappingReader(ObjectNode node, String path, Set<String> known, Problems problems) {
        this.node = node;
        this.path = path;
        this.known = known;
        this.problems = problems;
    }

    /** Reads {@code node} (at {@code path}, "" for the top level) as one of the model {@code shapes}. */
    @SafeVarargs
    static MappingReader of(ObjectNode node, String path, Problems problems, Class<? extends Record>... shapes) {
        return new MappingReader(node, path, keysOf(shapes), problems);
    }

    @SafeVarargs
    private static Set<String> keysOf(Class<? extends Record>... shapes) {
        Set<String> known = new LinkedHashSet<>();
        for (Class<? extends Record> shape : shapes) {
            known.addAll(RecordKeys.of(shape));
        }
        return known;
    }

    String path() {
        return path;
    }

    String path(String key) {
        return ProblemPath.child(path, key);
    }

    boolean has(String key) {
        return value(key) != null;
    }

    /**
     * Reports {@code key} as missing, unless an unknown key of this mapping is a misspelling of
     * it: then the unknown-key line ("did you mean ...?") already tells the user, once.
     */
    void require(String key, String how) {
        boolean misspelled = unknownKeys().stream()
                .anyMatch(k -> KeySuggestions.nearest(k, known).filter(key::equals).isPresent());
        if (value(key) == null && !misspelled) {
            problems.add(path(key), "is required; " + how);
        }
    }

    /** The keys of this mapping that the model does not know, in file order. */
    List<String> unknownKeys() {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!known.contains(entry.getKey())) {
                unknown.add(entry.getKey());
            }
        }
        return unknown;
    }

    String text(String key) {
        JsonNode v = present(key, "text");
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        problems.add(path(key), "expected text, got " + TypeNames.describe(v)
                + (v.isValueNode() ? "; put it in quotes" : ""));
        return null;
    }

    Integer integer(String key) {
        JsonNode v = present(key, "a whole number");
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isIntegralNumber()) {
            problems.add(path(key), v.asText() + " is far too large; expected a small whole number");
        } else {
            boolean quotedNumber = v.isTextual() && v.textValue().strip().matches("[-+]?\\d{1,9}");
            problems.add(path(key), "expected a whole number, got " + TypeNames.describe(v)
                    + (quotedNumber ? "; write it without quotes" : ""));
        }
        return null;
    }

    Boolean bool(String key) {
        JsonNode v = present(key, "true or false");
        if (v == null) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        problems.add(path(key), "expected true or false, got " + TypeNames.describe(v)
                + (v.isTextual() ? "; write it without quotes" : ""));
        return null;
    }

    /** One of the values of an enumerated type, spelled exactly as the API spells it. */
    <E extends Enum<E> & WireValue> E choice(String key, Class<E> type) {
        List<String> allowed = Arrays.stream(type.getEnumConstants()).map(WireValue::wireName).toList();
        String text = text(key);
        if (text == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(text)) {
                return constant;
            }
        }
        Optional<String> meant = KeySuggestions.nearest(text, allowed);
        problems.add(path(key), Shown.quoted(text) + " is not one of " + String.join(", ", allowed)
                + meant.map(m -> "; did you mean " + m + "?").orElse(""));
        return null;
    }

    /**
     * A mapping of text keys to text values (tags, Airflow options); keys keep their order.
     * Secret values are described by their type only, never shown.
     */
    Map<String, String> textMap(String key, boolean secretValues) {
        ObjectNode map = object(key, "a mapping of names to text values");
        if (map == null) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        String mapPath = path(key);
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            JsonNode v = entry.getValue();
            if (v.isTextual()) {
                values.put(entry.getKey(), v.textValue());
            } else {
                problems.add(ProblemPath.child(mapPath, entry.getKey()), "expected text, got "
                        + (secretValues ? TypeNames.kind(v) : TypeNames.describe(v))
                        + (v.isValueNode() && !v.isNull() ? "; put it in quotes" : ""));
            }
        }
        return values;
    }

    /** A list of text values (subnet and security group IDs). */
    List<String> textList(String key) {
        JsonNode v = present(key, "a list");
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            problems.add(path(key), "expected a list, got " + TypeNames.describe(v)
                    + (v.isTextual() ? "; write it as a list: [" + v.textValue() + "]" : ""));
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (item.isTextual()) {
                values.add(item.textValue());
            } else {
                problems.add(ProblemPath.index(path(key), i), "expected text, got " + TypeNames.describe(item));
            }
        }
        return values;
    }

    /** The nested mapping at {@code key}, read as one of the model {@code shapes}; null when absent or not a mapping. */
    @SafeVarargs
    final MappingReader mapping(String key, Class<? extends Record>... shapes) {
        String expected = "a mapping with " + String.join(", ", keysOf(shapes));
        ObjectNode nested = object(key, expected);
        return nested == null ? null : of(nested, path(key), problems, shapes);
    }

    /** Reports every key not in the model, with the key the user most likely meant. */
    void reportUnknownKeys(Map<String, String> misplaced) {
        for (String key : unknownKeys()) {
            String hint = misplaced.get(key);
            if (hint == null) {
                hint = KeySuggestions.nearest(key, known).map(k -> "did you mean " + k + "?")
                        .orElse(known.size() <= LISTED_KEYS_MAX
                                ? "expected one of " + String.join(", ", known)
                                : "remove it (docs/request-file.md lists every key)");
            }
            problems.add(path(key), "unknown key; " + hint);
        }
    }

    /** The keys of this mapping that the model knows, as given in the file. */
    Set<String> givenKnownKeys() {
        Set<String> given = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (known.contains(entry.getKey())) {
                given.add(entry.getKey());
            }
        }
        return given;
    }

    private ObjectNode object(String key, String expected) {
        JsonNode v = present(key, expected);
        if (v == null) {
            return null;
        }
        if (v.isObject()) {
            return (ObjectNode) v;
        }
        problems.add(path(key), "expected " + expected + ", got " + TypeNames.describe(v));
        return null;
    }

    /** The value at {@code key}; null (after reporting it) when it is written with no value. */
    private JsonNode present(String key, String expected) {
        JsonNode v = value(key);
        if (v != null && v.isNull()) {
            problems.add(path(key), "has no value; give " + expected + " or remove the key");
            return null;
        }
        return v;
    }

    private JsonNode value(String key) {
        if (!known.contains(key)) {
            // A programming error, caught by every test: the model has no such key.
            throw new IllegalStateException("the request model has no key " + key + " at " + path
                    + "; known: " + known.stream().collect(Collectors.joining(", ")));
        }
        return node.get(key);
    }
}
