package dev.mwaaprovisioner.local.cloud.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.util.Locale;

/**
 * The error documents Lambda returns for a failed invocation: for an uncaught Java exception the
 * Java runtime's {@code {errorMessage, errorType, stackTrace[, cause]}} with the fully qualified
 * class name as {@code errorType}; {@code Sandbox.Timedout} for a function that runs past its
 * timeout.
 */
final class FunctionErrors {

    private static final int MAX_CAUSE_DEPTH = 5;

    private FunctionErrors() {
    }

    static ObjectNode fromThrowable(Throwable error) {
        return document(error, 0);
    }

    private static ObjectNode document(Throwable error, int depth) {
        ObjectNode doc = Json.object();
        if (error.getMessage() != null) {
            doc.put("errorMessage", error.getMessage());
        }
        doc.put("errorType", error.getClass().getName());
        ArrayNode trace = doc.putArray("stackTrace");
        for (StackTraceElement frame : error.getStackTrace()) {
            trace.add(frame.toString());
        }
        Throwable cause = error.getCause();
        if (cause != null && cause != error && depth < MAX_CAUSE_DEPTH) {
            doc.set("cause", document(cause, depth + 1));
        }
        return doc;
    }

    static ObjectNode timedOut(String requestId, java.time.Duration timeout) {
        return Json.object()
                .put("errorType", "Sandbox.Timedout")
                .put("errorMessage", "RequestId: " + requestId + " Error: Task timed out after "
                        + String.format(Locale.ROOT, "%.2f", timeout.toMillis() / 1000.0) + " seconds");
    }

    /** An error injected with the {@code lambda:function} fault kind. */
    static ObjectNode injected(String errorType, String errorMessage) {
        ObjectNode doc = Json.object().put("errorMessage", errorMessage).put("errorType", errorType);
        doc.putArray("stackTrace");
        return doc;
    }
}
