package dev.mwaaprovisioner.local.asl;

import java.util.Collections;
import java.util.Map;

/**
 * A {@code StartAt} and its {@code States}: the whole machine, a Parallel branch or a Map item
 * processor. States in one graph transition only to each other.
 */
final class StateGraph {

    final String startAt;
    final Map<String, State> states;
    /** Where the graph sits in the definition, e.g. {@code ""} or {@code /States/P/Branches[0]}. */
    final String location;

    StateGraph(String startAt, Map<String, State> states, String location) {
        this.startAt = startAt;
        this.states = Collections.unmodifiableMap(states);
        this.location = location;
    }

    State state(String name) {
        State state = states.get(name);
        if (state == null) {
            // Validation guarantees every transition names a state of the same graph.
            throw new IllegalStateException("No state named " + name + " in " + location);
        }
        return state;
    }
}
