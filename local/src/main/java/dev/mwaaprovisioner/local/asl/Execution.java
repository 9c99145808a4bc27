package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of a state machine. It runs on background threads; this object reports its status,
 * result and history as they change, and lets callers follow, await or stop it.
 */
public final class Execution {

    private final ExecutionRequest request;
    private final Instant startDate;
    private final List<HistoryEvent> history = new ArrayList<>();
    private final List<ExecutionListener> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Scope scope = new Scope(null);
    private long lastEventId;

    private ExecutionStatus status = ExecutionStatus.RUNNING;
    private Instant stopDate;
    private JsonNode output;
    private String error;
    private String cause;
    /** Why the root scope was cancelled: ABORTED (stopped) or TIMED_OUT. */
    private ExecutionStatus cancelReason;
    private String stopError;
    private String stopCause;

    Execution(ExecutionRequest request, Instant startDate) {
        this.request = request;
        this.startDate = startDate;
    }

    public String executionArn() {
        return request.executionArn();
    }

    public String name() {
        return request.name();
    }

    public String stateMachineArn() {
        return request.stateMachineArn();
    }

    public ExecutionRequest request() {
        return request;
    }

    public JsonNode input() {
        return request.input().deepCopy();
    }

    public Instant startDate() {
        return startDate;
    }

    public synchronized ExecutionStatus status() {
        return status;
    }

    public synchronized Optional<Instant> stopDate() {
        return Optional.ofNullable(stopDate);
    }

    public synchronized Optional<JsonNode> output() {
        return Optional.ofNullable(output).map(JsonNode::deepCopy);
    }

    public synchronized Optional<String> error() {
        return Optional.ofNullable(error);
    }

    public synchronized Optional<String> cause() {
        return Optional.ofNullable(cause);
    }

    /** The events recorded so far, oldest first. */
    public synchronized List<HistoryEvent> history() {
        return List.copyOf(history);
    }

    /**
     * Follows the execution: the listener first receives every event recorded so far, then each
     * new one as it is recorded.
     */
    public synchronized void addListener(ExecutionListener listener) {
        for (HistoryEvent event : history) {
            notify(listener, event);
        }
        listeners.add(listener);
    }

    public void removeListener(ExecutionListener listener) {
        listeners.remove(listener);
    }

    /** Waits (in real time) until the execution has ended; true if it has. */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops a running execution (StopExecution): it ends ABORTED with the given error and cause
     * (both optional). Returns once the execution has ended, or after a few seconds if a function
     * ignores interruption.
     */
    public void stop(String stopError, String stopCause) throws InterruptedException {
        synchronized (this) {
            if (status != ExecutionStatus.RUNNING || cancelReason != null) {
                return;
            }
            cancelReason = ExecutionStatus.ABORTED;
            this.stopError = stopError;
            this.stopCause = stopCause;
        }
        scope.cancel();
        awaitCompletion(Duration.ofSeconds(10));
    }

    // ------------------------------------------------------------------------------------------
    // Used by the interpreter

    Scope scope() {
        return scope;
    }

    synchronized void timeOut() {
        if (status == ExecutionStatus.RUNNING && cancelReason == null) {
            cancelReason = ExecutionStatus.TIMED_OUT;
            scope.cancel();
        }
    }

    synchronized ExecutionStatus cancelReason() {
        return cancelReason;
    }

    synchronized String stopError() {
        return stopError;
    }

    synchronized String stopCause() {
        return stopCause;
    }

    synchronized HistoryEvent record(long previousEventId, Instant timestamp, String type, String detailsName,
            com.fasterxml.jackson.databind.node.ObjectNode details) {
        HistoryEvent event = new HistoryEvent(++lastEventId, previousEventId, timestamp, type, detailsName, details);
        history.add(event);
        for (ExecutionListener listener : listeners) {
            notify(listener, event);
        }
        return event;
    }

    synchronized void finish(ExecutionStatus finalStatus, Instant when, JsonNode finalOutput, String finalError,
            String finalCause) {
        status = finalStatus;
        stopDate = when;
        output = finalOutput;
        error = finalError;
        cause = finalCause;
        done.countDown();
    }

    private void notify(ExecutionListener listener, HistoryEvent event) {
        try {
            listener.onEvent(this, event);
        } catch (RuntimeException e) {
            System.err.println("Execution listener failed on event " + event.id() + " (" + event.type() + "): " + e);
        }
    }

    @Override
    public String toString() {
        return "Execution " + executionArn() + " " + status();
    }
}
