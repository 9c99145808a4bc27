package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;

/** Parallel states: every branch gets the effective input; the result is the array of branch outputs. */
final class ParallelExecutor {

    private ParallelExecutor() {
    }

    static Transition execute(ParallelState parallel, JsonNode rawInput, StateRun run) {
        return ErrorHandling.run(parallel, run, rawInput, retryCount -> {
            JsonNode input = run.effectiveInput(rawInput, parallel.parameters, retryCount);
            Frame frame = run.frame;
            frame.record("ParallelStateStarted");
            List<NestedRuns.Unit> branches = new ArrayList<>();
            for (StateGraph branch : parallel.branches) {
                branches.add(branchFrame -> GraphRunner.run(branch, input, branchFrame));
            }
            List<JsonNode> outputs;
            try {
                outputs = NestedRuns.runAll(branches, branches.size(), frame);
            } catch (StatesError e) {
                frame.record("ParallelStateFailed", "parallelStateFailedEventDetails",
                        HistoryDetails.failure(e.error(), e.cause()));
                throw e;
            } catch (Scope.CancelledException e) {
                frame.record("ParallelStateAborted");
                throw e;
            }
            frame.record("ParallelStateSucceeded");
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            outputs.forEach(result::add);
            return run.output(rawInput, result, parallel.resultSelector, parallel.resultPath, retryCount);
        });
    }
}
