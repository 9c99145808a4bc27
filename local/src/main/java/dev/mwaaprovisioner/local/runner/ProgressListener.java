package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionListener;
import dev.mwaaprovisioner.local.asl.HistoryEvent;
import java.io.IOException;
import java.time.Instant;

/**
 * Turns an execution's history events into {@link ProgressReport} lines as they are recorded, and
 * keeps the last state document, which {@link ProgressReport#finished} summarises.
 */
public final class ProgressListener implements ExecutionListener {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENTERED = "StateEntered";
    private static final String EXITED = "StateExited";

    private final ProgressReport report;
    private volatile String currentState;
    private volatile JsonNode lastDocument;
    private volatile Instant lastTimestamp;
    /** The current state's task failed: its exit, if caught, was already reported by the failure line. */
    private volatile boolean taskFailed;

    public ProgressListener(ProgressReport report) {
        this.report = report;
    }

    @Override
    public void onEvent(Execution execution, HistoryEvent event) {
        String type = event.type();
        lastTimestamp = event.timestamp();
        if (type.equals("ExecutionStarted")) {
            report.started(execution.executionArn(), event.timestamp());
        } else if (type.endsWith(ENTERED)) {
            currentState = event.stateName().orElse(null);
            taskFailed = false;
            event.detail("input").map(ProgressListener::parse).ifPresent(doc -> lastDocument = doc);
        } else if (type.endsWith(EXITED)) {
            JsonNode output = event.detail("output").map(ProgressListener::parse).orElse(null);
            if (output != null) {
                lastDocument = output;
            }
            if (taskFailed) {
                return;
            }
            report.stateExited(event.stateName().orElse("?"), type.substring(0, type.length() - EXITED.length()),
                    event.timestamp(), output);
        } else if (type.equals("LambdaFunctionScheduled") || type.equals("TaskScheduled")) {
            taskFailed = false; // a retry
        } else if (type.equals("LambdaFunctionFailed") || type.equals("TaskFailed")
                || type.equals("LambdaFunctionTimedOut") || type.equals("TaskTimedOut")) {
            taskFailed = true;
            report.taskFailed(currentState, event.timestamp(), event.detail("error").map(JsonNode::asText).orElse(null),
                    event.detail("cause").map(JsonNode::asText).orElse(null));
        }
    }

    /** The last state document seen: the execution's output, or the input of its Fail state. */
    public JsonNode lastDocument() {
        return lastDocument;
    }

    /** Prints the summary of an ended execution. */
    public void finished(Execution execution) {
        JsonNode document = execution.output().orElse(lastDocument);
        report.finished(execution.status().name(), execution.stopDate().orElse(lastTimestamp), document,
                execution.error().orElse(null), execution.cause().orElse(null));
    }

    private static JsonNode parse(JsonNode text) {
        try {
            return JSON.readTree(text.asText());
        } catch (IOException e) {
            return null;
        }
    }
}
