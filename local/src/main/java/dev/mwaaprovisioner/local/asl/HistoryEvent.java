package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One event of an execution's history, named and shaped as in Step Functions'
 * GetExecutionHistory: {@code type} such as {@code TaskStateEntered}, and the details under
 * {@code detailsName} such as {@code stateEnteredEventDetails} (both null for events without
 * details).
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, String detailsName,
        ObjectNode details) {

    /** The state the event concerns, for state-entered and -exited events. */
    public Optional<String> stateName() {
        return detail("name").map(JsonNode::asText);
    }

    public Optional<JsonNode> detail(String field) {
        return details == null || !details.has(field) ? Optional.empty() : Optional.of(details.get(field));
    }

    @Override
    public ObjectNode details() {
        return details == null ? null : details.deepCopy();
    }
}
