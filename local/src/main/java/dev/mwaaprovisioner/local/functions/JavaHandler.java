package dev.mwaaprovisioner.local.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A Java Lambda handler named as in {@code Handler: package.Class::method}, loaded from this JVM's
 * classpath and called the way Lambda's Java runtime calls it: a stream handler
 * {@code (InputStream, OutputStream[, Context])}, or a typed one {@code (Input[, Context]) -> Output}
 * whose input and output Jackson converts from and to JSON.
 *
 * <p>Instances are made with the class's public {@code (Map<String, String> environment)}
 * constructor (see the package documentation); one instance serves one invocation at a time, as a
 * Lambda execution environment does.
 */
public final class JavaHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Shape { STREAM_WITH_CONTEXT, STREAM, TYPED_WITH_CONTEXT, TYPED }

    private final String name;
    private final Constructor<?> constructor;
    private final Method method;
    private final Shape shape;
    private final JavaType inputType;

    private JavaHandler(String name, Constructor<?> constructor, Method method, Shape shape, JavaType inputType) {
        this.name = name;
        this.constructor = constructor;
        this.method = method;
        this.shape = shape;
        this.inputType = inputType;
    }

    /**
     * Finds the handler {@code package.Class::method} (or {@code package.Class}, meaning
     * {@code handleRequest}) on the class path of {@code loader}.
     *
     * @throws HandlerException naming what is missing when the class, the method or the
     *     environment constructor does not exist
     */
    public static JavaHandler load(String handler, ClassLoader loader) {
        int separator = handler.indexOf("::");
        String className = separator < 0 ? handler : handler.substring(0, separator);
        String methodName = separator < 0 ? "handleRequest" : handler.substring(separator + 2);
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new HandlerException("Handler " + handler + ": class " + className + " is not on the local runner's "
                    + "classpath; add the function's module as a dependency of local/ and rebuild.");
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            throw new HandlerException("Handler " + handler + ": class " + className + " must be public and concrete, "
                    + "as Lambda requires.");
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor(Map.class);
        } catch (NoSuchMethodException e) {
            throw new HandlerException("Handler " + handler + ": class " + className + " has no public constructor "
                    + "taking the environment (Map<String, String>). Functions run in-process locally share one JVM, so "
                    + "each gets its environment through that constructor, never through System.getenv().");
        }
        List<Method> candidates = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(methodName) && !m.isBridge() && !m.isSynthetic()
                        && !Modifier.isStatic(m.getModifiers()) && shape(m) != null)
                .sorted(Comparator.comparing(JavaHandler::shape))
                .toList();
        if (candidates.isEmpty()) {
            throw new HandlerException("Handler " + handler + ": class " + className + " has no public instance method "
                    + methodName + "(InputStream, OutputStream, Context) or " + methodName + "(Input[, Context]).");
        }
        Method method = candidates.get(0);
        Shape shape = shape(method);
        JavaType inputType = shape == Shape.TYPED || shape == Shape.TYPED_WITH_CONTEXT
                ? JSON.getTypeFactory().constructType(method.getGenericParameterTypes()[0]) : null;
        return new JavaHandler(handler, constructor, method, shape, inputType);
    }

    private static Shape shape(Method m) {
        Class<?>[] p = m.getParameterTypes();
        if (p.length == 3 && p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == Context.class) {
            return Shape.STREAM_WITH_CONTEXT;
        }
        if (p.length == 2 && p[0] == InputStream.class && p[1] == OutputStream.class) {
            return Shape.STREAM;
        }
        if (p.length == 2 && p[1] == Context.class) {
            return Shape.TYPED_WITH_CONTEXT;
        }
        if (p.length == 1 && p[0] != Context.class) {
            return Shape.TYPED;
        }
        return null;
    }

    /** The handler as named in the template. */
    public String name() {
        return name;
    }

    /**
     * A new instance on the given environment: what Lambda's init phase does in a new execution
     * environment.
     *
     * @throws HandlerException when the constructor fails (the cause is kept)
     */
    public Object newInstance(Map<String, String> environment) {
        try {
            return constructor.newInstance(Map.copyOf(environment));
        } catch (InvocationTargetException e) {
            throw new HandlerException("Handler " + name + ": the constructor failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new HandlerException("Handler " + name + ": cannot create an instance: " + e, e);
        }
    }

    /**
     * Calls the handler on a payload (JSON bytes; empty for none).
     *
     * @return the response payload (JSON bytes, empty when the handler returns nothing)
     * @throws Throwable whatever the handler throws, unwrapped
     */
    public byte[] invoke(Object instance, byte[] payload, Context context) throws Throwable {
        try {
            switch (shape) {
                case STREAM_WITH_CONTEXT, STREAM -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    InputStream in = new ByteArrayInputStream(payload);
                    if (shape == Shape.STREAM) {
                        method.invoke(instance, in, out);
                    } else {
                        method.invoke(instance, in, out, context);
                    }
                    return out.toByteArray();
                }
                default -> {
                    Object input = payload.length == 0 ? null : read(payload);
                    Object result = shape == Shape.TYPED
                            ? method.invoke(instance, input)
                            : method.invoke(instance, input, context);
                    return method.getReturnType() == void.class ? new byte[0] : JSON.writeValueAsBytes(result);
                }
            }
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object read(byte[] payload) {
        try {
            return JSON.readValue(payload, inputType);
        } catch (IOException e) {
            // Lambda's runtime fails the invocation the same way when the event does not fit the type.
            throw new IllegalArgumentException("Cannot deserialize the event as " + inputType.toCanonical() + ": "
                    + e.getMessage(), e);
        }
    }

    /** A handler that cannot be bound or started. */
    public static final class HandlerException extends RuntimeException {
        public HandlerException(String message) {
            super(message);
        }

        public HandlerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
