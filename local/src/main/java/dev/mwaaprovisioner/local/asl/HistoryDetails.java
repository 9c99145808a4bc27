package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the detail objects of history events as GetExecutionHistory shows them. */
final class HistoryDetails {

    private HistoryDetails() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** {@code input} as a JSON string plus {@code inputDetails} (never truncated here). */
    static ObjectNode withInput(ObjectNode details, JsonNode input) {
        details.put("input", Json.compact(input));
        details.putObject("inputDetails").put("truncated", false);
        return details;
    }

    static ObjectNode withOutput(ObjectNode details, JsonNode output) {
        details.put("output", Json.compact(output));
        details.putObject("outputDetails").put("truncated", false);
        return details;
    }

    static ObjectNode stateEntered(String name, JsonNode input) {
        return withInput(object().put("name", name), input);
    }

    static ObjectNode stateExited(String name, JsonNode output) {
        return withOutput(object().put("name", name), output);
    }

    /** Error and cause, each only when known. */
    static ObjectNode failure(String error, String cause) {
        ObjectNode details = object();
        if (error != null) {
            details.put("error", error);
        }
        if (cause != null) {
            details.put("cause", cause);
        }
        return details;
    }
}
