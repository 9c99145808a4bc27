package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads strict JSON (no comments, no trailing commas, one document) into a tree with Jackson's
 * streaming parser, so that a duplicate key is reported with its path and line instead of
 * silently keeping the last value, and nesting and length are bounded while reading.
 */
final class JsonTree {

    private static final JsonNodeFactory NODES = new JsonNodeFactory(true); // keep numbers as written: 2.10, not 2.1
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(DocumentLimits.MAX_DEPTH)
                    .maxNumberLength(100)
                    .maxStringLength(DocumentLimits.MAX_BYTES)
                    .maxNameLength(DocumentLimits.MAX_BYTES)
                    .build())
            .build();

    private final Problems problems;
    private final DocumentLimits.Budget budget = new DocumentLimits.Budget();

    private JsonTree(Problems problems) {
        this.problems = problems;
    }

    /** The document as a tree, or null after a problem. */
    static JsonNode read(String text, Problems problems) {
        return new JsonTree(problems).read(text);
    }

    private JsonNode read(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            parser.nextToken();
            JsonNode root = value(parser, "", 1);
            if (parser.nextToken() != null) {
                problems.add(Problem.DOCUMENT, "malformed JSON " + at(parser.currentTokenLocation())
                        + ": more content after the end of the document; a request file holds one JSON object");
                return null;
            }
            return root;
        } catch (StreamConstraintsException e) {
            problems.add(Problem.DOCUMENT, e.getOriginalMessage().contains("nesting depth")
                    ? "the document nests deeper than " + DocumentLimits.MAX_DEPTH
                            + " levels; a request is at most 4 levels deep — is this the right file?"
                    : "the document passes a reading limit: " + LibraryMessages.oneLine(e.getOriginalMessage()));
            return null;
        } catch (JsonProcessingException e) {
            problems.add(Problem.DOCUMENT, "malformed JSON " + at(e.getLocation()) + ": "
                    + LibraryMessages.oneLine(e.getOriginalMessage())
                    + "; check quotes, commas and brackets near that point");
            return null;
        } catch (DocumentLimits.Exceeded e) {
            problems.add(Problem.DOCUMENT, e.getMessage());
            return null;
        } catch (IOException e) {
            // The text is already in memory: no I/O can fail.
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode value(JsonParser parser, String path, int depth) throws IOException, DocumentLimits.Exceeded {
        budget.enter(depth);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return object(parser, path, depth);
            case START_ARRAY:
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser, ProblemPath.index(path, array.size()), depth + 1));
                }
                return array;
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                return NODES.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    private ObjectNode object(JsonParser parser, String path, int depth) throws IOException, DocumentLimits.Exceeded {
        ObjectNode object = NODES.objectNode();
        Map<String, JsonLocation> firstSeen = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            String keyPath = ProblemPath.child(path, key);
            JsonLocation location = parser.currentTokenLocation();
            parser.nextToken();
            JsonNode value = value(parser, keyPath, depth + 1);
            JsonLocation first = firstSeen.putIfAbsent(key, location);
            if (first != null) {
                problems.add(keyPath, "duplicate key " + at(location) + ", first given " + at(first)
                        + "; keep only one");
            } else {
                object.set(key, value);
            }
        }
        return object;
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : "at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
