package dev.mwaaprovisioner.local.cloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Calls a Java handler as the Lambda Java runtime does: a {@link RequestStreamHandler} gets the
 * payload bytes and writes the response; a {@link RequestHandler} gets the payload deserialised
 * with Jackson into its input type and its result is serialised back to JSON.
 */
final class HandlerAdapter {

    /** Lenient like the runtime's serialiser: unknown properties are ignored. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true)
            .configure(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT, true);

    private final Object handler;
    private final JavaType inputType;

    private HandlerAdapter(Object handler, JavaType inputType) {
        this.handler = handler;
        this.inputType = inputType;
    }

    /**
     * @throws IllegalArgumentException when the object is neither kind of handler
     */
    static HandlerAdapter of(Object handler) {
        if (handler instanceof RequestStreamHandler) {
            return new HandlerAdapter(handler, null);
        }
        if (handler instanceof RequestHandler<?, ?>) {
            Type input = inputType(handler.getClass());
            return new HandlerAdapter(handler, MAPPER.constructType(input == null ? Object.class : input));
        }
        throw new IllegalArgumentException(handler.getClass().getName() + " implements neither "
                + RequestHandler.class.getName() + " nor " + RequestStreamHandler.class.getName());
    }

    Object target() {
        return handler;
    }

    String handlerClass() {
        return handler.getClass().getName();
    }

    /** Runs the handler on the payload (empty for none) and returns the response bytes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    byte[] invoke(byte[] payload, Context context) throws Exception {
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(payload), out, context);
            return out.toByteArray();
        }
        Object input = payload.length == 0 ? null : deserialize(payload);
        Object output = ((RequestHandler) handler).handleRequest(input, context);
        return MAPPER.writeValueAsBytes(output);
    }

    private Object deserialize(byte[] payload) {
        try {
            return MAPPER.readValue(payload, inputType);
        } catch (IOException e) {
            // As the Java runtime reports it: a RuntimeException about the JSON.
            throw new RuntimeException("An error occurred during JSON parsing", e);
        }
    }

    /** The {@code I} of {@code RequestHandler<I, O>} as the handler class binds it, or null. */
    private static Type inputType(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type generic : c.getGenericInterfaces()) {
                if (generic instanceof ParameterizedType parameterized
                        && parameterized.getRawType() == RequestHandler.class) {
                    Type argument = parameterized.getActualTypeArguments()[0];
                    return argument instanceof Class<?> || argument instanceof ParameterizedType ? argument : null;
                }
            }
        }
        return null;
    }
}
