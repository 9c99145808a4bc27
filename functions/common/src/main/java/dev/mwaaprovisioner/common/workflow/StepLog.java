package dev.mwaaprovisioner.common.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One log line per step outcome, written through Lambda's own logger ({@link Context#getLogger()}):
 * with {@code LoggingConfig: LogFormat: JSON} the Java runtime writes it as
 * {@code {"timestamp", "level", "message", "AWSRequestId"}} and drops levels below the function's
 * {@code ApplicationLogLevel}; nothing is added to the function's artifact. The message is itself
 * a JSON object:
 * <pre>{"Function", "Name", "ExecutionArn", "Outcome": "succeeded"|"retryable"|"failed",
 *  "ErrorType", "AwsRequestIds": [...], "DurationMs", "Notes": [...]}</pre>
 * It never holds an error message, an input or an output: only identifiers (the environment Name
 * when it is a valid one, ARNs, request ids) and what a handler chose to {@link #note}, so no
 * option value can reach the log. Without a context (SnapStart priming, tests calling
 * {@code handle} directly) nothing is written.
 */
public final class StepLog {

    public static final String SUCCEEDED = "succeeded";
    public static final String RETRYABLE = "retryable";
    public static final String FAILED = "failed";

    /** Where a step's input or output names its environment, most specific first. */
    private static final List<String> NAME_POINTERS = List.of("/Name", "/Request/Name", "/Environment/Name",
            "/Removal/Name", "/State/Request/Name", "/State/Environment/Name", "/State/Removal/Name",
            "/detail/RequestCopy/Name", "/Claim/Name");
    /** Where a step's input carries the execution: tasks pass {@code $$.Execution.Id} as {@code Execution}. */
    private static final List<String> EXECUTION_POINTERS = List.of("/Execution", "/ExecutionArn");

    private static final ThreadLocal<List<String>> NOTES = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> WARNED = new ThreadLocal<>();
    private static final ThreadLocal<String> EXECUTION = new ThreadLocal<>();

    private StepLog() {
    }

    /** Starts an invocation's notes on this thread, with the execution its input names. */
    static void begin(JsonNode input) {
        NOTES.set(new ArrayList<>());
        WARNED.remove();
        String execution = first(input, EXECUTION_POINTERS);
        if (execution != null && execution.startsWith("arn:")) {
            EXECUTION.set(execution);
        } else {
            EXECUTION.remove();
        }
    }

    /** The ARN of the execution the running step belongs to, or null outside one. */
    public static String execution() {
        return EXECUTION.get();
    }

    /** A line of what the step did, for its log line (identifiers only, never option values). */
    public static void note(String line) {
        List<String> notes = NOTES.get();
        if (notes != null) {
            notes.add(line);
        }
    }

    /** A note that raises the line to WARN even when the step succeeded. */
    public static void warn(String line) {
        note(line);
        if (NOTES.get() != null) {
            WARNED.set(Boolean.TRUE);
        }
    }

    /** The outcome of an error: retryable when the state machine retries it, else failed. */
    static String outcomeOf(Throwable error) {
        return error == null ? SUCCEEDED : error instanceof RetryableAwsException ? RETRYABLE : FAILED;
    }

    /**
     * Writes the step's line and ends its notes.
     *
     * @param error null when the step succeeded
     */
    static void write(Context context, String function, JsonNode input, JsonNode output, Throwable error,
                      List<String> requestIds, Duration duration) {
        List<String> notes = NOTES.get();
        boolean warned = Boolean.TRUE.equals(WARNED.get());
        NOTES.remove();
        WARNED.remove();
        EXECUTION.remove();
        if (context == null || context.getLogger() == null) {
            return;
        }
        String outcome = outcomeOf(error);
        LogLevel level = switch (outcome) {
            case SUCCEEDED -> warned ? LogLevel.WARN : LogLevel.INFO;
            case RETRYABLE -> LogLevel.WARN;
            default -> LogLevel.ERROR;
        };
        ObjectNode line = line(function, input, output, outcome, error, requestIds, duration, notes);
        LambdaLogger logger = context.getLogger();
        try {
            logger.log(WorkflowJson.MAPPER.writeValueAsString(line), level);
        } catch (JsonProcessingException e) {
            logger.log("{\"Function\":\"" + function + "\",\"Outcome\":\"" + outcome + "\"}", level);
        }
    }

    /**
     * A line outside any invocation, in the shape Lambda's JSON format gives application logs
     * (timestamp, level, message), for what happens before a snapshot.
     */
    public static String standalone(String level, String message) {
        ObjectNode line = WorkflowJson.MAPPER.createObjectNode();
        line.put("timestamp", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        line.put("level", level);
        line.put("message", message);
        try {
            return WorkflowJson.MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            return message;
        }
    }

    static ObjectNode line(String function, JsonNode input, JsonNode output, String outcome, Throwable error,
                           List<String> requestIds, Duration duration, List<String> notes) {
        ObjectNode line = WorkflowJson.MAPPER.createObjectNode();
        line.put("Function", function);
        String name = environmentName(input, output);
        if (name != null) {
            line.put("Name", name);
        }
        String execution = first(input, EXECUTION_POINTERS);
        if (execution != null && execution.startsWith("arn:")) {
            line.put("ExecutionArn", execution);
        }
        line.put("Outcome", outcome);
        if (error != null) {
            line.put("ErrorType", error.getClass().getName());
        }
        ArrayNode ids = line.putArray("AwsRequestIds");
        requestIds.forEach(ids::add);
        line.put("DurationMs", duration.toMillis());
        if (notes != null && !notes.isEmpty()) {
            ArrayNode array = line.putArray("Notes");
            notes.forEach(array::add);
        }
        return line;
    }

    /** The environment Name the step worked on; only a valid Name, so a bad request's text stays out. */
    static String environmentName(JsonNode input, JsonNode output) {
        for (JsonNode node : new JsonNode[] {output, input}) {
            String name = first(node, NAME_POINTERS);
            if (name != null && AwsIdentifiers.ENVIRONMENT_NAME.matcher(name).matches()) {
                return name;
            }
        }
        return null;
    }

    private static String first(JsonNode node, List<String> pointers) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String pointer : pointers) {
            JsonNode value = node.at(pointer);
            if (value.isTextual() && !value.textValue().isBlank()) {
                return value.textValue();
            }
        }
        return null;
    }
}
