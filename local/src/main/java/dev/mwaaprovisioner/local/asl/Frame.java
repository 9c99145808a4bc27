package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One thread of control of an execution (the main flow, a Parallel branch, a Map iteration):
 * its cancellation scope and the id of its latest history event, which becomes the
 * {@code previousEventId} of its next one.
 */
final class Frame {

    final ExecutionRuntime runtime;
    final Scope scope;
    private long lastEventId;

    Frame(ExecutionRuntime runtime, Scope scope, long lastEventId) {
        this.runtime = runtime;
        this.scope = scope;
        this.lastEventId = lastEventId;
    }

    HistoryEvent record(String type, String detailsName, ObjectNode details) {
        HistoryEvent event = runtime.execution.record(lastEventId, runtime.clock.now(), type, detailsName, details);
        lastEventId = event.id();
        return event;
    }

    HistoryEvent record(String type) {
        return record(type, null, null);
    }

    /** A frame for work nested in this one (a branch or iteration), continuing from this frame's last event. */
    Frame nested(Scope nestedScope) {
        return new Frame(runtime, nestedScope, lastEventId);
    }

    long lastEventId() {
        return lastEventId;
    }
}
