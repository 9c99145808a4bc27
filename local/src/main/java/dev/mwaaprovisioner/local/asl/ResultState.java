package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Task, Parallel and Map: states that produce a result and may retry and catch errors. */
abstract class ResultState extends State {

    /** Payload template applied to the effective input, or null. */
    final JsonNode parameters;
    /** Payload template applied to the result, or null. */
    final JsonNode resultSelector;
    final String resultPath;
    final List<Retrier> retriers;
    final List<Catcher> catchers;

    ResultState(Common common, JsonNode parameters, JsonNode resultSelector, String resultPath,
            List<Retrier> retriers, List<Catcher> catchers) {
        super(common);
        this.parameters = parameters;
        this.resultSelector = resultSelector;
        this.resultPath = resultPath;
        this.retriers = List.copyOf(retriers);
        this.catchers = List.copyOf(catchers);
    }
}
