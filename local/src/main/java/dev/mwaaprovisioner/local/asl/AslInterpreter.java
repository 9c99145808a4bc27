package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs Amazon States Language state machines (JSONPath query language). Executions run on
 * background daemon threads, sleep on the given {@link AslClock} and call Lambda through the given
 * {@link LambdaInvoker}.
 *
 * <pre>{@code
 * AslInterpreter interpreter = new AslInterpreter(AslClock.system(), invoker);
 * Execution execution = interpreter.start(StateMachineDefinition.parse(json), request,
 *         (e, event) -> System.out.println(event.type()));
 * execution.awaitCompletion(Duration.ofMinutes(1));
 * }</pre>
 */
public final class AslInterpreter implements AutoCloseable {

    private final AslClock clock;
    private final LambdaInvoker invoker;
    private final ExecutorService pool;

    public AslInterpreter(AslClock clock, LambdaInvoker invoker) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.invoker = Objects.requireNonNull(invoker, "invoker");
        this.pool = Executors.newCachedThreadPool(new DaemonThreads());
    }

    /** Starts an execution; the listeners receive every history event from ExecutionStarted on. */
    public Execution start(StateMachineDefinition definition, ExecutionRequest request, ExecutionListener... listeners) {
        AslClock executionClock = clock.forExecution();
        Execution execution = new Execution(request, executionClock.now());
        for (ExecutionListener listener : listeners) {
            execution.addListener(listener);
        }
        ExecutionRuntime runtime = new ExecutionRuntime(executionClock, invoker, pool, execution);
        pool.submit(() -> run(definition, runtime));
        return execution;
    }

    /** Starts an execution and waits (in real time) for it to end. */
    public Execution run(StateMachineDefinition definition, ExecutionRequest request, Duration realTimeout,
            ExecutionListener... listeners) throws InterruptedException {
        Execution execution = start(definition, request, listeners);
        if (!execution.awaitCompletion(realTimeout)) {
            execution.stop("States.Timeout", "The caller stopped waiting after " + realTimeout);
        }
        return execution;
    }

    private void run(StateMachineDefinition definition, ExecutionRuntime runtime) {
        Execution execution = runtime.execution;
        AslClock clock = runtime.clock;
        Scope scope = execution.scope();
        Frame frame = new Frame(runtime, scope, 0);
        JsonNode input = execution.request().input();
        ObjectNode started = HistoryDetails.withInput(HistoryDetails.object(), input);
        if (execution.request().roleArn() != null) {
            started.put("roleArn", execution.request().roleArn());
        }
        frame.record("ExecutionStarted", "executionStartedEventDetails", started);
        Future<?> timeoutWatcher = definition.timeoutSeconds == null ? null : pool.submit(() -> {
            try {
                clock.awaitPassing(Duration.ofSeconds(definition.timeoutSeconds));
                execution.timeOut();
            } catch (InterruptedException e) {
                // the execution ended first
            }
        });
        scope.enter();
        try {
            JsonNode output = GraphRunner.run(definition.graph, input, frame);
            scope.exit();
            frame.record("ExecutionSucceeded", "executionSucceededEventDetails",
                    HistoryDetails.withOutput(HistoryDetails.object(), output));
            execution.finish(ExecutionStatus.SUCCEEDED, clock.now(), output, null, null);
        } catch (StatesError e) {
            scope.exit();
            frame.record("ExecutionFailed", "executionFailedEventDetails", HistoryDetails.failure(e.error(), e.cause()));
            execution.finish(ExecutionStatus.FAILED, clock.now(), null, e.error(), e.cause());
        } catch (Scope.CancelledException e) {
            scope.exit();
            Thread.interrupted();
            if (execution.cancelReason() == ExecutionStatus.TIMED_OUT) {
                String cause = "The execution exceeded its TimeoutSeconds of " + definition.timeoutSeconds + " second(s)";
                frame.record("ExecutionTimedOut", "executionTimedOutEventDetails",
                        HistoryDetails.failure(StatesError.TIMEOUT, cause));
                execution.finish(ExecutionStatus.TIMED_OUT, clock.now(), null, StatesError.TIMEOUT, cause);
            } else {
                frame.record("ExecutionAborted", "executionAbortedEventDetails",
                        HistoryDetails.failure(execution.stopError(), execution.stopCause()));
                execution.finish(ExecutionStatus.ABORTED, clock.now(), null, execution.stopError(),
                        execution.stopCause());
            }
        } catch (RuntimeException | Error e) {
            // A defect of the interpreter: fail the execution visibly rather than leave it RUNNING.
            scope.exit();
            String cause = "The local interpreter failed: " + e;
            frame.record("ExecutionFailed", "executionFailedEventDetails",
                    HistoryDetails.failure(StatesError.RUNTIME, cause));
            execution.finish(ExecutionStatus.FAILED, clock.now(), null, StatesError.RUNTIME, cause);
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            if (timeoutWatcher != null) {
                timeoutWatcher.cancel(true);
            }
        }
    }

    /** Stops accepting executions and interrupts running ones. */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "asl-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
