package dev.mwaaprovisioner.local.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Draws an Amazon States Language definition as a Mermaid flowchart, so the documented picture of
 * the workflow is generated from {@code statemachine/provision.asl.json} and cannot drift from it.
 * Tasks are boxes, Choices diamonds, Waits rounded, terminal states circles; a Choice's edges
 * carry their rule, Catch edges are dotted and carry the errors they catch.
 */
public final class StateMachineDiagram {

    /** The block of a Markdown document between these markers is the generated diagram. */
    public static final String BEGIN = "<!-- state-machine-diagram:begin (generated from statemachine/provision.asl.json) -->";
    public static final String END = "<!-- state-machine-diagram:end -->";

    private static final ObjectMapper JSON = new ObjectMapper();

    private StateMachineDiagram() {
    }

    /** The Mermaid flowchart of a definition. */
    public static String mermaid(String aslJson) {
        JsonNode definition;
        try {
            definition = JSON.readTree(aslJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("The state machine definition is not JSON: " + e.getMessage(), e);
        }
        StringBuilder out = new StringBuilder("flowchart TD\n");
        out.append("    Start((Start)) --> ").append(id(definition.path("StartAt").asText())).append('\n');
        JsonNode states = definition.path("States");
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            out.append("    ").append(node(entry.getKey(), entry.getValue())).append('\n');
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            edges(entry.getKey(), entry.getValue(), out);
        }
        return out.toString();
    }

    /** The document with its diagram block replaced by the diagram of {@code asl}. */
    public static String updateDocument(String document, String aslJson) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("The document has no diagram block: add the lines\n" + BEGIN + "\n" + END
                    + "\nwhere the diagram goes.");
        }
        return document.substring(0, begin) + block(aslJson) + document.substring(end + END.length());
    }

    /** The whole generated block, markers included. */
    public static String block(String aslJson) {
        return BEGIN + "\n```mermaid\n" + mermaid(aslJson) + "```\n" + END;
    }

    /** Rewrites the diagram block of a Markdown file from a definition file. */
    public static void updateDocument(Path document, Path asl) throws IOException {
        String updated = updateDocument(Files.readString(document, StandardCharsets.UTF_8),
                Files.readString(asl, StandardCharsets.UTF_8));
        Files.writeString(document, updated, StandardCharsets.UTF_8);
    }

    private static String node(String name, JsonNode state) {
        String label = "\"" + name + "\"";
        return id(name) + switch (state.path("Type").asText()) {
            case "Choice" -> "{" + label + "}";
            case "Wait" -> "([" + label + "])";
            case "Succeed", "Fail" -> "((" + label + "))";
            case "Pass" -> "[/" + label + "/]";
            default -> "[" + label + "]";
        };
    }

    private static void edges(String name, JsonNode state, StringBuilder out) {
        String from = "    " + id(name);
        for (JsonNode choice : state.path("Choices")) {
            out.append(from).append(" -->|\"").append(rule(choice)).append("\"| ")
                    .append(id(choice.path("Next").asText())).append('\n');
        }
        if (state.has("Default")) {
            out.append(from).append(" -->|otherwise| ").append(id(state.get("Default").asText())).append('\n');
        }
        if (state.has("Next")) {
            out.append(from).append(" --> ").append(id(state.get("Next").asText())).append('\n');
        }
        for (JsonNode catcher : state.path("Catch")) {
            StringBuilder errors = new StringBuilder();
            for (JsonNode error : catcher.path("ErrorEquals")) {
                errors.append(errors.length() == 0 ? "" : ", ").append(shortError(error.asText()));
            }
            out.append(from).append(" -.->|\"catch ").append(errors).append("\"| ")
                    .append(id(catcher.path("Next").asText())).append('\n');
        }
    }

    /** A Choice rule as one short line: {@code Plan.CreateNetworkStack = false}. */
    private static String rule(JsonNode choice) {
        String variable = choice.path("Variable").asText().replaceFirst("^\\$\\.", "");
        for (Iterator<Map.Entry<String, JsonNode>> it = choice.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String operator = field.getKey();
            if (operator.equals("Variable") || operator.equals("Next")) {
                continue;
            }
            String symbol = operator.endsWith("Equals") ? " = " : " " + operator + " ";
            return variable + symbol + field.getValue().asText();
        }
        return variable;
    }

    private static String shortError(String error) {
        return error.matches("([a-z][a-z0-9_]*\\.)+[A-Z].*") ? error.substring(error.lastIndexOf('.') + 1) : error;
    }

    private static String id(String stateName) {
        return stateName.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
