package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A validated Amazon States Language definition (JSONPath query language) that
 * {@link AslInterpreter} can run. {@link #parse(String)} refuses, with the diagnostics Step
 * Functions gives, anything invalid and anything this interpreter does not support.
 */
public final class StateMachineDefinition {

    final StateGraph graph;
    /** The machine-wide timeout, or null. */
    final Integer timeoutSeconds;
    private final JsonNode document;

    StateMachineDefinition(StateGraph graph, Integer timeoutSeconds, JsonNode document) {
        this.graph = graph;
        this.timeoutSeconds = timeoutSeconds;
        this.document = document;
    }

    /**
     * Parses and validates a definition.
     *
     * @throws InvalidDefinitionException with every problem found, each naming its location
     */
    public static StateMachineDefinition parse(String json) throws InvalidDefinitionException {
        return new DefinitionParser().parse(json);
    }

    /** The definition as JSON. */
    public JsonNode document() {
        return document.deepCopy();
    }

    /** The names of the top-level states, in definition order. */
    public Set<String> stateNames() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(graph.states.keySet()));
    }

    public String startAt() {
        return graph.startAt;
    }
}
