package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.asl.Execution;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;

/**
 * How a provisioning execution ended: its status and its last state document.
 *
 * @param status   SUCCEEDED, FAILED, TIMED_OUT or ABORTED
 * @param document the execution's output, or the state document its failure was reported with
 */
public record Outcome(String status, Optional<JsonNode> document) {

    /** Follows an execution to its end, printing a line per state, then the summary (at its end event). */
    public static Outcome follow(Execution execution, PrintWriter out) throws InterruptedException {
        ProgressListener listener = new ProgressListener(new ProgressReport(out));
        execution.addListener(listener);
        while (!execution.awaitCompletion(Duration.ofMinutes(1))) {
            // The execution bounds itself (TimeoutSeconds); a slow clock only makes this wait longer.
        }
        return new Outcome(execution.status().name(),
                Optional.ofNullable(execution.output().orElse(listener.lastDocument())));
    }

    /** SUCCEEDED with the environment AVAILABLE. */
    public boolean available() {
        return "SUCCEEDED".equals(status) && document
                .map(d -> "AVAILABLE".equals(d.path("Environment").path("Status").asText()))
                .orElse(false);
    }
}
