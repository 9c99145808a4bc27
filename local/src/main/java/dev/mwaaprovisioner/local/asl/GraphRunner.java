package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Runs a graph from its StartAt to a terminal state: records each state's entered and exited
 * events and hands the state to the executor of its type.
 */
final class GraphRunner {

    /** Step Functions' payload quota for state input and output (256 KiB). */
    static final int MAX_PAYLOAD_BYTES = 262_144;

    private GraphRunner() {
    }

    static JsonNode run(StateGraph graph, JsonNode input, Frame frame) {
        String current = graph.startAt;
        JsonNode data = input;
        while (true) {
            frame.scope.check();
            Transition transition = runState(graph.state(current), data, frame);
            if (transition.next() == null) {
                return transition.output();
            }
            current = transition.next();
            data = transition.output();
        }
    }

    private static Transition runState(State state, JsonNode input, Frame frame) {
        Instant entered = frame.runtime.clock.now();
        HistoryEvent event = frame.record(state.type + "StateEntered", "stateEnteredEventDetails",
                HistoryDetails.stateEntered(state.name, input));
        StateRun run = new StateRun(state, frame, event.id(), entered);
        Transition transition;
        if (state instanceof PassState pass) {
            transition = pass(pass, input, run);
        } else if (state instanceof TaskState task) {
            transition = TaskExecutor.execute(task, input, run);
        } else if (state instanceof ChoiceState choice) {
            transition = ChoiceExecutor.execute(choice, input, run);
        } else if (state instanceof WaitState wait) {
            transition = WaitExecutor.execute(wait, input, run);
        } else if (state instanceof ParallelState parallel) {
            transition = ParallelExecutor.execute(parallel, input, run);
        } else if (state instanceof MapState map) {
            transition = MapExecutor.execute(map, input, run);
        } else if (state instanceof SucceedState) {
            transition = new Transition(run.outputPath(run.inputPath(input)), null);
        } else if (state instanceof FailState fail) {
            throw fail(fail, input, run);
        } else {
            throw new IllegalStateException("No executor for " + state.type);
        }
        if (Json.utf8Length(transition.output()) > MAX_PAYLOAD_BYTES) {
            throw new StatesError(StatesError.DATA_LIMIT_EXCEEDED, "The state/task '" + state.name
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
        frame.record(state.type + "StateExited", "stateExitedEventDetails",
                HistoryDetails.stateExited(state.name, transition.output()));
        return transition;
    }

    private static Transition pass(PassState pass, JsonNode input, StateRun run) {
        JsonNode effective = run.effectiveInput(input, pass.parameters, 0);
        JsonNode result = pass.result != null ? pass.result : effective;
        return new Transition(run.outputPath(JsonPaths.placeResult(input, pass.resultPath, result)), pass.next);
    }

    private static StatesError fail(FailState fail, JsonNode input, StateRun run) {
        String error = fail.errorPath != null ? stringAt(fail.errorPath, "ErrorPath", input, run) : fail.error;
        String cause = fail.causePath != null ? stringAt(fail.causePath, "CausePath", input, run) : fail.cause;
        return new StatesError(error, cause);
    }

    private static String stringAt(String expression, String field, JsonNode input, StateRun run) {
        JsonNode value = IntrinsicFunctions.looksLikeCall(expression)
                ? PayloadTemplate.resolve(field, expression, input, run.context(0))
                : run.read(expression, input, field);
        if (!value.isTextual()) {
            throw run.runtimeError("The " + field + " '" + expression + "' must resolve to a string but resolved to "
                    + Json.compact(value));
        }
        return value.asText();
    }
}
