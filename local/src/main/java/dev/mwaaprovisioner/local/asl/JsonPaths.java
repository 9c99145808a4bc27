package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Paths and Reference Paths as the Amazon States Language defines them: JSONPath in the syntax of
 * Jayway JsonPath (the implementation the specification names), with {@code $$} addressing the
 * Context Object.
 */
final class JsonPaths {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Configuration CONFIGURATION = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .options(EnumSet.noneOf(com.jayway.jsonpath.Option.class))
            .build();

    private JsonPaths() {
    }

    /** A path that could not be applied; the message is Jayway's, as Step Functions reports it. */
    static final class NoSuchPathException extends RuntimeException {
        NoSuchPathException(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether {@code text} is a Path (or, starting with {@code $$}, a Context Object path). */
    static boolean isPath(String text) {
        return compile(text).isPresent();
    }

    /**
     * Whether {@code text} is a Reference Path: a path that names exactly one node (no wildcards,
     * deep scans, filters, slices, unions or functions).
     */
    static boolean isReferencePath(String text) {
        Optional<JsonPath> path = compile(text);
        return path.isPresent() && path.get().isDefinite() && !text.contains("()");
    }

    /** Whether {@code text} is a Reference Path this interpreter can also write to (ResultPath). */
    static boolean isWritableReferencePath(String text) {
        return text != null && !text.startsWith("$$") && segments(text).isPresent();
    }

    private static Optional<JsonPath> compile(String text) {
        if (text == null || !text.startsWith("$")) {
            return Optional.empty();
        }
        String path = text.startsWith("$$") ? text.substring(1) : text;
        try {
            return Optional.of(JsonPath.compile(path));
        } catch (InvalidPathException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Applies {@code path} to {@code input}, or to {@code context} when it starts with {@code $$}.
     * A path that can match several nodes yields the array of the matches.
     *
     * @throws NoSuchPathException when a definite path matches nothing
     */
    static JsonNode read(String path, JsonNode input, JsonNode context) {
        boolean onContext = path.startsWith("$$");
        JsonNode root = onContext ? context : input;
        String effective = onContext ? path.substring(1) : path;
        try {
            Object value = JsonPath.compile(effective).read(root, CONFIGURATION);
            return toNode(value);
        } catch (PathNotFoundException e) {
            throw new NoSuchPathException(e.getMessage());
        } catch (InvalidPathException e) {
            throw new NoSuchPathException("Invalid path '" + path + "': " + e.getMessage());
        }
    }

    private static JsonNode toNode(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        // Jayway unwraps leaf values into Java objects.
        return MAPPER.valueToTree(value);
    }

    /**
     * Places {@code result} into a copy of {@code rawInput} at the Reference Path
     * {@code resultPath}, creating intermediate objects as needed ("ResultPath").
     */
    static JsonNode placeResult(JsonNode rawInput, String resultPath, JsonNode result) {
        if (resultPath == null) {
            return rawInput;
        }
        List<Object> segments = segments(resultPath).orElseThrow(() -> new StatesError(
                StatesError.RESULT_PATH_MATCH_FAILURE, "Unsupported ResultPath '" + resultPath + "'"));
        if (segments.isEmpty()) {
            return result;
        }
        JsonNode root = rawInput.deepCopy();
        JsonNode current = root;
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment instanceof String field) {
                if (!(current instanceof ObjectNode object)) {
                    throw resultPathMismatch(resultPath, rawInput);
                }
                if (last) {
                    object.set(field, result);
                } else {
                    JsonNode child = object.get(field);
                    if (child == null || child.isNull()) {
                        child = object.putObject(field);
                    }
                    current = child;
                }
            } else {
                int index = (Integer) segment;
                if (!(current instanceof ArrayNode array) || index >= array.size()) {
                    throw resultPathMismatch(resultPath, rawInput);
                }
                if (last) {
                    array.set(index, result);
                } else {
                    current = array.get(index);
                }
            }
        }
        return root;
    }

    private static StatesError resultPathMismatch(String resultPath, JsonNode rawInput) {
        return new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath '" + resultPath
                + "' to input '" + Json.compact(rawInput) + "'");
    }

    /**
     * Splits a simple Reference Path ({@code $}, {@code .name}, {@code ['name']}, {@code [n]})
     * into field names and indexes; empty when the path uses anything else.
     */
    static Optional<List<Object>> segments(String path) {
        if (path == null || !path.startsWith("$") || path.startsWith("$$")) {
            return Optional.empty();
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    i++;
                }
                String field = path.substring(start, i);
                if (field.isEmpty() || field.equals("*") || field.contains("(")) {
                    return Optional.empty();
                }
                segments.add(field);
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    return Optional.empty();
                }
                String inside = path.substring(i + 1, close).trim();
                if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                        || inside.startsWith("\"") && inside.endsWith("\""))) {
                    String field = inside.substring(1, inside.length() - 1);
                    if (field.contains("'") || field.contains("\"")) {
                        return Optional.empty();
                    }
                    segments.add(field);
                } else if (inside.matches("\\d+")) {
                    segments.add(Integer.parseInt(inside));
                } else {
                    return Optional.empty();
                }
                i = close + 1;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(segments);
    }
}
