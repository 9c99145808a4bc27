package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;

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

    /**
     * Reads a step's input. An input of another shape — not JSON, a value of the wrong type, a
     * {@link Required} field missing or null — is refused with {@link InvalidStepInputException},
     * which names the field's path and what is expected there.
     */
    public static <T> T read(InputStream in, Class<T> type) {
        return convert(readTree(in), type);
    }

    /** Reads a step's input as a tree; input that is not JSON is refused like any wrong shape. */
    public static JsonNode readTree(InputStream in) {
        try {
            JsonNode tree = MAPPER.readTree(in);
            return tree == null ? MissingNode.getInstance() : tree;
        } catch (JsonProcessingException e) {
            throw new InvalidStepInputException("$", "the input is not a JSON document: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the step input", e);
        }
    }

    /** A step's input tree as the step's input type, refused as {@link #read} refuses it. */
    public static <T> T convert(JsonNode tree, Class<T> type) {
        T value;
        try {
            value = tree.isMissingNode() ? null : MAPPER.treeToValue(tree, type);
        } catch (MismatchedInputException e) {
            throw new InvalidStepInputException(path(e), "expected " + expected(e.getTargetType())
                    + (e.getTargetType() == null ? "" : "; " + e.getOriginalMessage()));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new InvalidStepInputException(path(e), "cannot be read: " + cause.getMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidStepInputException("$", "the input cannot be read: " + e.getOriginalMessage());
        }
        if (value == null) {
            throw new InvalidStepInputException("$", "expected " + expected(type) + ", got null");
        }
        requirePresent(value, "");
        return value;
    }

    /** Checks the {@link Required} components of a record and, in turn, of the records it holds. */
    private static void requirePresent(Object value, String prefix) {
        if (!(value instanceof Record record)) {
            return;
        }
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            JsonProperty property = field(record.getClass(), component.getName()).getAnnotation(JsonProperty.class);
            String name = property == null || property.value().isEmpty() ? component.getName() : property.value();
            Object member;
            try {
                member = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read " + prefix + name, e);
            }
            if (member == null) {
                if (field(record.getClass(), component.getName()).isAnnotationPresent(Required.class)) {
                    throw new InvalidStepInputException(prefix + name, "required, expected "
                            + expected(component.getType()) + ", got nothing");
                }
                continue;
            }
            requirePresent(member, prefix + name + ".");
        }
    }

    private static java.lang.reflect.Field field(Class<?> type, String name) {
        try {
            return type.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(type + " has no field " + name, e);
        }
    }

    /** {@code Request.Network.SubnetIds[0]}: the path Jackson was at, in the input's own names. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "$" : path.toString();
    }

    /** What a value of this type looks like in JSON. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "another JSON value";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object (" + type.getSimpleName() + ")";
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
