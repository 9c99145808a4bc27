package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transition rules Step Functions checks on each graph (the machine, every Parallel branch and
 * Map processor): every {@code StartAt}, {@code Next}, {@code Default} and Catcher {@code Next}
 * names a state of the same graph, every state is reachable from {@code StartAt}, and the graph
 * has a terminal state. Works on the raw JSON, so it reports problems even where the schema check
 * found others.
 */
final class TransitionChecker {

    private final List<Diagnostic> diagnostics;

    TransitionChecker(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    void check(ObjectNode graph, String location) {
        JsonNode statesNode = graph.get("States");
        if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
            return;
        }
        Map<String, List<String[]>> targets = new LinkedHashMap<>();
        boolean hasTerminal = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            JsonNode state = entry.getValue();
            String here = location + "/States/" + name;
            List<String[]> out = new ArrayList<>();
            targets.put(name, out);
            if (!state.isObject()) {
                continue;
            }
            String type = state.path("Type").asText("");
            hasTerminal |= type.equals("Succeed") || type.equals("Fail") || state.path("End").asBoolean(false);
            addTarget(out, state.get("Next"), here + "/Next");
            addTarget(out, state.get("Default"), here + "/Default");
            JsonNode choices = state.get("Choices");
            if (choices != null && choices.isArray()) {
                for (int i = 0; i < choices.size(); i++) {
                    addTarget(out, choices.get(i).get("Next"), here + "/Choices[" + i + "]/Next");
                }
            }
            JsonNode catchers = state.get("Catch");
            if (catchers != null && catchers.isArray()) {
                for (int i = 0; i < catchers.size(); i++) {
                    addTarget(out, catchers.get(i).get("Next"), here + "/Catch[" + i + "]/Next");
                }
            }
            JsonNode branches = state.get("Branches");
            if (branches != null && branches.isArray()) {
                for (int i = 0; i < branches.size(); i++) {
                    if (branches.get(i).isObject()) {
                        check((ObjectNode) branches.get(i), here + "/Branches[" + i + "]");
                    }
                }
            }
            for (String processor : List.of("ItemProcessor", "Iterator")) {
                if (state.get(processor) instanceof ObjectNode nested) {
                    check(nested, here + "/" + processor);
                }
            }
        }

        String startAt = graph.path("StartAt").isTextual() ? graph.get("StartAt").asText() : null;
        if (startAt != null && !targets.containsKey(startAt)) {
            missing(startAt, location + "/StartAt");
        }
        for (List<String[]> out : targets.values()) {
            for (String[] target : out) {
                if (!targets.containsKey(target[0])) {
                    missing(target[0], target[1]);
                }
            }
        }
        if (!hasTerminal) {
            // Step Functions reports only this for a graph without an end, not the unreachable states.
            diagnostics.add(new Diagnostic(Diagnostic.MISSING_END_STATE, "Workflow has no terminal state",
                    location.isEmpty() ? null : location));
            return;
        }
        if (startAt == null || !targets.containsKey(startAt)) {
            return;
        }
        Set<String> reached = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(startAt));
        while (!queue.isEmpty()) {
            String name = queue.pop();
            if (reached.add(name)) {
                for (String[] target : targets.getOrDefault(name, List.of())) {
                    if (targets.containsKey(target[0])) {
                        queue.push(target[0]);
                    }
                }
            }
        }
        for (String name : targets.keySet()) {
            if (!reached.contains(name)) {
                diagnostics.add(new Diagnostic(Diagnostic.MISSING_TRANSITION_TARGET,
                        "State \"" + name + "\" is not reachable.", location + "/States/" + name));
            }
        }
    }

    private static void addTarget(List<String[]> out, JsonNode target, String location) {
        if (target != null && target.isTextual()) {
            out.add(new String[] {target.asText(), location});
        }
    }

    private void missing(String target, String location) {
        diagnostics.add(new Diagnostic(Diagnostic.MISSING_TRANSITION_TARGET, "Missing 'Next' target: " + target, location));
    }
}
