package dev.mwaaprovisioner.local.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
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

    /**
     * How many invocations of one function run at once in this JVM. Lambda would start an
     * execution environment per concurrent invocation; in one JVM on a few cores more than a few
     * at once only add instances to initialise (each builds its AWS clients) and memory, not speed,
     * so further invocations wait for a running one to end. The wait counts toward the timeout.
     */
    static final int CONCURRENCY = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    /** Initialises snapshots in the background, one per core: deployments run them side by side. */
    private static final ExecutorService SNAPSHOTS = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                Thread thread = new Thread(r, "snapstart-init");
                thread.setDaemon(true);
                return thread;
            });

    private final FunctionSettings settings;
    private final JavaHandler handler;
    private final Map<String, String> environment;
    private final ConcurrentLinkedDeque<Object> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger containers = new AtomicInteger();
    /** How many invocations run at once; more wait for one to end (see {@link #CONCURRENCY}). */
    private final Semaphore capacity = new Semaphore(CONCURRENCY, true);
    private final boolean snapStart;
    private volatile CompletableFuture<Void> snapshotting = CompletableFuture.completedFuture(null);

    /**
     * Binds a function to its handler; the handler's class is loaded now, so a missing class or
     * constructor is reported when the function is created, not at its first invocation.
     *
     * @throws JavaHandler.HandlerException naming what is missing
     */
    public InProcessFunction(FunctionSettings settings, AwsTarget target, ClassLoader loader) {
        this(settings, target, loader, false);
    }

    /**
     * @param snapStart whether published versions are initialised when published
     *     ({@code SnapStart: ApplyOn: PublishedVersions}), see {@link #snapshot()}
     */
    public InProcessFunction(FunctionSettings settings, AwsTarget target, ClassLoader loader, boolean snapStart) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = JavaHandler.load(settings.handler(), loader);
        this.environment = FunctionEnvironment.of(settings, target);
        this.snapStart = snapStart;
    }

    /** Whether a published version of the function is initialised when it is published. */
    public boolean snapStart() {
        return snapStart;
    }

    /** Waits until the last {@link #snapshot()} is ready. */
    public void awaitSnapshot() {
        snapshotting.join();
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
     * SnapStart's local counterpart: initialises a container now, in the background, as Lambda
     * initialises and snapshots a published version of a function with {@code SnapStart: ApplyOn:
     * PublishedVersions}, and runs the handler's runtime hooks ({@code org.crac.Resource}
     * {@code beforeCheckpoint}, then {@code afterRestore}) as Lambda does around the snapshot, so
     * the first invocation finds it ready and primed. A failing initialisation is left to the first
     * invocation to report, as its error.
     *
     * @return completes when the container is ready (or its initialisation failed)
     */
    public CompletableFuture<Void> snapshot() {
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            Object container;
            try {
                container = handler.newInstance(environment);
            } catch (JavaHandler.HandlerException e) {
                return; // reported by the invocation that needs the container
            }
            if (container instanceof org.crac.Resource resource) {
                // What Lambda does around the snapshot: the handler primes its call paths, then resumes.
                try {
                    resource.beforeCheckpoint(null);
                    resource.afterRestore(null);
                } catch (Exception e) {
                    System.err.println(settings.functionName() + ": SnapStart hook failed: " + e);
                }
            }
            containers.incrementAndGet();
            idle.addFirst(container);
        }, SNAPSHOTS);
        snapshotting = started;
        return started;
    }

    /** Runs one invocation in a container; the handler's exceptions propagate unchanged. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] payload = input.readAllBytes();
        try {
            capacity.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw sneaky(e);
        }
        try {
            run(payload, output, context);
        } finally {
            capacity.release();
        }
    }

    private void run(byte[] payload, OutputStream output, Context context) throws IOException {
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
