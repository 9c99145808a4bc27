package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One visit of one state: input and output processing (InputPath, Parameters, ResultSelector,
 * ResultPath, OutputPath) with the error messages Step Functions gives when a path fails.
 */
final class StateRun {

    final State state;
    final Frame frame;
    final long enteredEventId;
    final Instant enteredTime;

    StateRun(State state, Frame frame, long enteredEventId, Instant enteredTime) {
        this.state = state;
        this.frame = frame;
        this.enteredEventId = enteredEventId;
        this.enteredTime = enteredTime;
    }

    ExecutionRuntime runtime() {
        return frame.runtime;
    }

    ObjectNode context(int retryCount) {
        return frame.runtime.context(state.name, enteredTime, retryCount);
    }

    /** InputPath applied to the raw input; a null InputPath gives {@code {}}. */
    JsonNode inputPath(JsonNode rawInput) {
        return select(state.inputPath, rawInput, "InputPath");
    }

    /** OutputPath applied to the state output; a null OutputPath gives {@code {}}. */
    JsonNode outputPath(JsonNode output) {
        return select(state.outputPath, output, "OutputPath");
    }

    /** The effective input: InputPath, then the Parameters template if there is one. */
    JsonNode effectiveInput(JsonNode rawInput, JsonNode parameters, int retryCount) {
        JsonNode selected = inputPath(rawInput);
        return parameters == null ? selected : PayloadTemplate.apply(parameters, selected, context(retryCount));
    }

    /** ResultSelector (if any), ResultPath and OutputPath applied to a result. */
    JsonNode output(JsonNode rawInput, JsonNode result, JsonNode resultSelector, String resultPath, int retryCount) {
        JsonNode selected = resultSelector == null ? result
                : PayloadTemplate.apply(resultSelector, result, context(retryCount));
        return outputPath(JsonPaths.placeResult(rawInput, resultPath, selected));
    }

    /** Reads a path on the effective input, failing with States.Runtime when it matches nothing. */
    JsonNode read(String path, JsonNode data, String field) {
        return select(path, data, field);
    }

    private JsonNode select(String path, JsonNode data, String field) {
        if (path == null) {
            return ExecutionRuntime.emptyObject();
        }
        if (path.equals("$")) {
            return data;
        }
        try {
            return JsonPaths.read(path, data, context(0));
        } catch (JsonPaths.NoSuchPathException e) {
            throw runtimeError("Invalid path '" + path + "' : " + e.getMessage());
        }
    }

    /** A States.Runtime error with the prefix Step Functions puts on them. */
    StatesError runtimeError(String problem) {
        return new StatesError(StatesError.RUNTIME, "An error occurred while executing the state '" + state.name
                + "' (entered at the event id #" + enteredEventId + "). " + problem);
    }
}
