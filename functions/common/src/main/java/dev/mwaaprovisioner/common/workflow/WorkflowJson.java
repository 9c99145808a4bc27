package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the handlers. Built once per container; handlers read their input and
 * write their output with it (RequestStreamHandler), so no reflection-heavy serializer of the
 * Lambda runtime is involved.
 */
public final class WorkflowJson {

    /**
     * Unknown fields are ignored: the state machine may pass more than a step reads. Absent
     * (null) fields are left out of what a step returns, so the execution history stays short.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private WorkflowJson() {
    }

    /** Reads a step's input; a malformed input is the state machine's bug, reported as such. */
    public static <T> T read(InputStream in, Class<T> type) {
        try {
            return MAPPER.readValue(in, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("The step input is not a " + type.getSimpleName()
                    + " document: " + e.getMessage(), e);
        }
    }

    /** Reads a step's input as a tree; a malformed input is the state machine's bug. */
    public static JsonNode readTree(InputStream in) {
        try {
            JsonNode tree = MAPPER.readTree(in);
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (IOException e) {
            throw new IllegalArgumentException("The step input is not JSON: " + e.getMessage(), e);
        }
    }

    /** A step's input tree as the step's input type. */
    public static <T> T convert(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (IOException e) {
            throw new IllegalArgumentException("The step input is not a " + type.getSimpleName()
                    + " document: " + e.getMessage(), e);
        }
    }

    /** Writes a step's output. */
    public static void write(OutputStream out, Object value) {
        try {
            MAPPER.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the step output", e);
        }
    }
}
