package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

final class ParallelState extends ResultState {

    final List<StateGraph> branches;

    ParallelState(Common common, List<StateGraph> branches, JsonNode parameters, JsonNode resultSelector,
            String resultPath, List<Retrier> retriers, List<Catcher> catchers) {
        super(common, parameters, resultSelector, resultPath, retriers, catchers);
        this.branches = List.copyOf(branches);
    }
}
