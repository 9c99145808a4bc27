package dev.mwaaprovisioner.local.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function of template.yaml running in this JVM: its handler, its environment, and its execution
 * environments ("containers"). Registered with the local Lambda as a stream handler, it gives each
 * invocation an idle container or initialises a new one (a handler instance made with the
 * function's environment), so concurrent invocations never share an instance, as in Lambda. The
 * local Lambda applies the timeout; a container whose invocation was interrupted (timed out) is
 * discarded, as Lambda discards a timed-out sandbox.
 */
public final class InProcessFunction implements RequestStreamHandler {

    private final FunctionSettings settings;
    private final JavaHandler handler;
    private final Map<String, String> environment;
    private final ConcurrentLinkedDeque<Object> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger containers = new AtomicInteger();

    /**
     * Binds a function to its handler; the handler's class is loaded now, so a missing class or
     * constructor is reported when the function is created, not at its first invocation.
     *
     * @throws JavaHandler.HandlerException naming what is missing
     */
    public InProcessFunction(FunctionSettings settings, AwsTarget target, ClassLoader loader) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = JavaHandler.load(settings.handler(), loader);
        this.environment = FunctionEnvironment.of(settings, target);
    }

    public FunctionSettings settings() {
        return settings;
    }

    /** The environment every container of this function is initialised with. */
    public Map<String, String> environment() {
        return environment;
    }

    /** How many containers were initialised so far (cold starts). */
    public int containersStarted() {
        return containers.get();
    }

    /** Runs one invocation in a container; the handler's exceptions propagate unchanged. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] payload = input.readAllBytes();
        Object container = idle.pollFirst();
        if (container == null) {
            try {
                container = handler.newInstance(environment);
            } catch (JavaHandler.HandlerException e) {
                // The init phase failed: the invocation fails with what the constructor threw.
                throw sneaky(e.getCause() == null ? e : e.getCause());
            }
            containers.incrementAndGet();
        }
        byte[] response;
        try {
            response = handler.invoke(container, payload, context);
        } catch (Throwable error) {
            release(container);
            throw sneaky(error);
        }
        release(container);
        output.write(response);
    }

    private void release(Object container) {
        if (!Thread.currentThread().isInterrupted()) {
            idle.addFirst(container);
        }
    }

    /** Rethrows any throwable unchanged, so Lambda reports the handler's own exception type. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable error) throws T {
        throw (T) error;
    }
}
