package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionListener;
import dev.mwaaprovisioner.local.asl.HistoryEvent;
import java.io.IOException;
import java.time.Instant;

/**
 * Turns an execution's history events into {@link ProgressReport} lines as they are recorded; the
 * event that ends the execution prints the summary of its last state document.
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
        } else if (type.startsWith("Execution")) {
            ended(event);
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

    /** The ending event: the summary, from the event itself (the execution's status changes just after it). */
    private void ended(HistoryEvent event) {
        String type = event.type();
        String status = switch (type) {
            case "ExecutionSucceeded" -> "SUCCEEDED";
            case "ExecutionTimedOut" -> "TIMED_OUT";
            case "ExecutionAborted" -> "ABORTED";
            default -> "FAILED";
        };
        JsonNode document = event.detail("output").map(ProgressListener::parse).orElse(lastDocument);
        report.finished(status, event.timestamp(), document, event.detail("error").map(JsonNode::asText).orElse(null),
                event.detail("cause").map(JsonNode::asText).orElse(null));
    }

    /** The last state document seen: the execution's output, or the input of its Fail state. */
    public JsonNode lastDocument() {
        return lastDocument;
    }

    private static JsonNode parse(JsonNode text) {
        try {
            return JSON.readTree(text.asText());
        } catch (IOException e) {
            return null;
        }
    }
}
