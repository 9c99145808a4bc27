package dev.mwaaprovisioner.local.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function running in this JVM: its handler, its environment, and its execution environments
 * ("containers"). Like Lambda, an invocation takes an idle container or initialises a new one
 * (a handler instance made with the function's environment), so concurrent invocations never
 * share an instance; a container whose invocation timed out is discarded. Timeouts are measured in
 * real time, since handlers run in real time whatever the simulated clock does.
 */
public final class InProcessFunction implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService INVOCATIONS = Executors.newCachedThreadPool(new DaemonThreads());

    private final FunctionSettings settings;
    private final JavaHandler handler;
    private final Map<String, String> environment;
    private final PrintStream log;
    private final ConcurrentLinkedDeque<Object> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger containers = new AtomicInteger();

    /**
     * Binds a function to its handler; the handler's class is loaded now, so a missing class or
     * constructor is reported at deployment, not at the first invocation.
     */
    public InProcessFunction(FunctionSettings settings, AwsTarget target, ClassLoader loader, PrintStream log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = JavaHandler.load(settings.handler(), loader);
        this.environment = FunctionEnvironment.of(settings, target);
        this.log = log;
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

    /**
     * Invokes the function synchronously (RequestResponse).
     *
     * @param payload     the event, JSON bytes (empty for none)
     * @param invokedArn  the ARN the caller used (with its qualifier), for the context
     */
    public Invocation invoke(byte[] payload, String invokedArn) throws InterruptedException {
        String requestId = UUID.randomUUID().toString();
        Object container = idle.pollFirst();
        if (container == null) {
            try {
                container = handler.newInstance(environment);
                containers.incrementAndGet();
            } catch (JavaHandler.HandlerException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return Invocation.failed(requestId, FunctionError.of(cause));
            }
        }
        Object instance = container;
        LocalContext context = new LocalContext(requestId, settings, invokedArn, log);
        Future<byte[]> running = INVOCATIONS.submit(() -> {
            try {
                return handler.invoke(instance, payload, context);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ExecutionException(t);
            }
        });
        try {
            byte[] response = running.get(settings.timeoutSeconds(), TimeUnit.SECONDS);
            idle.addFirst(instance);
            return Invocation.succeeded(requestId, response);
        } catch (ExecutionException e) {
            idle.addFirst(instance);
            return Invocation.failed(requestId, FunctionError.of(e.getCause()));
        } catch (TimeoutException e) {
            running.cancel(true); // the container is discarded, as Lambda discards a timed-out sandbox
            return Invocation.failed(requestId, FunctionError.of("Sandbox.Timedout", "RequestId: " + requestId
                    + " Error: Task timed out after " + settings.timeoutSeconds() + ".00 seconds"));
        } catch (InterruptedException e) {
            running.cancel(true);
            throw e;
        }
    }

    @Override
    public void close() {
        idle.clear();
    }

    /**
     * One invocation's outcome, as Lambda's Invoke API returns it.
     *
     * @param payload       the response, or Lambda's error document when {@code functionError} is set
     * @param functionError {@code Unhandled} when the function failed, else null
     */
    public record Invocation(String requestId, byte[] payload, String functionError) {

        static Invocation succeeded(String requestId, byte[] payload) {
            return new Invocation(requestId, payload, null);
        }

        static Invocation failed(String requestId, com.fasterxml.jackson.databind.node.ObjectNode error) {
            try {
                return new Invocation(requestId, JSON.writeValueAsBytes(error), "Unhandled");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        public boolean failed() {
            return functionError != null;
        }
    }

    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "lambda-invocation-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
