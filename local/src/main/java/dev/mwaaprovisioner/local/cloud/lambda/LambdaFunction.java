package dev.mwaaprovisioner.local.cloud.lambda;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function of the local Lambda: a name, its ARN, the limits Lambda applies (timeout, memory)
 * and the in-process Java handler that runs it. {@link LambdaFunctions} keeps its published
 * versions and aliases.
 */
public final class LambdaFunction {

    public static final String LATEST = "$LATEST";
    /** Lambda's defaults for a function created without these settings. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_MEMORY_MB = 128;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-_]{1,64}");

    private final String name;
    private final String arn;
    private final Duration timeout;
    private final int memoryMb;
    private final HandlerAdapter handler;

    LambdaFunction(String name, String arn, Duration timeout, int memoryMb, HandlerAdapter handler) {
        this.name = name;
        this.arn = arn;
        this.timeout = timeout;
        this.memoryMb = memoryMb;
        this.handler = handler;
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "function name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Function name '" + name
                    + "' is invalid: use 1-64 letters, digits, hyphens or underscores");
        }
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    public Duration timeout() {
        return timeout;
    }

    public int memoryMb() {
        return memoryMb;
    }

    /** The handler's class name, e.g. {@code com.example.Handler}. */
    public String handlerClass() {
        return handler.handlerClass();
    }

    /** The handler object the function runs (a {@code RequestHandler} or {@code RequestStreamHandler}). */
    public Object handlerObject() {
        return handler.target();
    }

    HandlerAdapter handler() {
        return handler;
    }

    @Override
    public String toString() {
        return arn + " (" + handlerClass() + ", timeout " + timeout.toSeconds() + " s)";
    }
}
