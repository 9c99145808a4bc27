package dev.mwaaprovisioner.local.functions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The error document Lambda's Java runtime returns for an uncaught exception:
 * {@code {"errorMessage", "errorType", "stackTrace", "cause"}}, with the exception's class name as
 * {@code errorType} (which Step Functions reports as the task's error name).
 */
public final class FunctionError {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FunctionError() {
    }

    public static ObjectNode of(Throwable error) {
        return of(error, new IdentityHashMap<>());
    }

    /** An error document for a failure of the runtime itself, e.g. a timeout. */
    public static ObjectNode of(String errorType, String errorMessage) {
        ObjectNode document = JSON.createObjectNode();
        document.put("errorMessage", errorMessage);
        document.put("errorType", errorType);
        return document;
    }

    private static ObjectNode of(Throwable error, Map<Throwable, Boolean> seen) {
        seen.put(error, true);
        ObjectNode document = JSON.createObjectNode();
        if (error.getMessage() != null) {
            document.put("errorMessage", error.getMessage());
        }
        document.put("errorType", error.getClass().getName());
        ArrayNode trace = document.putArray("stackTrace");
        for (StackTraceElement element : error.getStackTrace()) {
            trace.add(element.toString());
        }
        Throwable cause = error.getCause();
        if (cause != null && !seen.containsKey(cause)) {
            document.set("cause", of(cause, seen));
        }
        return document;
    }
}
