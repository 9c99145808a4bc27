package dev.mwaaprovisioner.common.documents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Building, reading and writing IAM-grammar policy documents (identity, trust and key policies)
 * as Jackson trees, so every value is escaped and placed by the JSON library.
 */
public final class PolicyJson {

    /** The only policy language version with policy variables and all current condition operators. */
    public static final String VERSION = "2012-10-17";

    // Exact decimals so that reading and writing back a key policy never rewrites a number.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private PolicyJson() {
    }

    /** The compact JSON text of a document, as IAM receives it. */
    public static String compact(JsonNode document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A policy tree could not be written as JSON", e);
        }
    }

    /** The indented JSON text of a document, for policies people read in the console (key policies). */
    public static String pretty(JsonNode document) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A policy tree could not be written as JSON", e);
        }
    }

    /**
     * Reads a policy document and checks its outline: a JSON object whose {@code Statement} is a
     * list of objects. A single statement object, which the policy grammar also allows, is turned
     * into a list of one. {@code what} names the document in error messages.
     */
    public static ObjectNode readPolicy(String json, String what) {
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException(what + ": the policy is empty; pass the policy document as JSON.");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? ""
                    : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": ";
            throw new IllegalArgumentException(what + ": the policy is not valid JSON (" + at + e.getOriginalMessage()
                    + ").", e);
        }
        if (!(root instanceof ObjectNode policy)) {
            throw new IllegalArgumentException(what + ": the policy must be a JSON object with a Statement list, but it "
                    + "is " + root.getNodeType().toString().toLowerCase(Locale.ROOT) + ".");
        }
        JsonNode statements = policy.get("Statement");
        if (statements instanceof ObjectNode single) {
            ArrayNode list = policy.arrayNode().add(single);
            policy.set("Statement", list);
            statements = list;
        }
        if (!(statements instanceof ArrayNode list)) {
            throw new IllegalArgumentException(what + ": the policy has " + (statements == null ? "no Statement"
                    : "a Statement that is not a list") + "; a policy needs \"Statement\": [ {...}, ... ].");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isObject()) {
                throw new IllegalArgumentException(what + ": Statement[" + i + "] is not a JSON object; every "
                        + "statement must be {\"Effect\": ..., \"Action\": ..., ...}.");
            }
        }
        return policy;
    }

    /** {@code {"Version": "2012-10-17", "Statement": []}}. */
    static ObjectNode newPolicy() {
        ObjectNode policy = MAPPER.createObjectNode();
        policy.put("Version", VERSION);
        policy.putArray("Statement");
        return policy;
    }

    /** Appends a statement with a Sid and an Effect to a policy and returns it for filling in. */
    static ObjectNode addStatement(ObjectNode policy, String sid, String effect) {
        ObjectNode statement = ((ArrayNode) policy.get("Statement")).addObject();
        statement.put("Sid", sid);
        statement.put("Effect", effect);
        return statement;
    }

    /** Sets a field to a string when there is one value and to a list otherwise, as policies are written. */
    static void putOneOrMany(ObjectNode node, String field, String... values) {
        if (values.length == 1) {
            node.put(field, values[0]);
        } else {
            ArrayNode list = node.putArray(field);
            for (String value : values) {
                list.add(value);
            }
        }
    }

    static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }
}
