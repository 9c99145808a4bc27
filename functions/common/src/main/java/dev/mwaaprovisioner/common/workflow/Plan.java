package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code $.Plan} of the state document: which optional steps the request needs. The state
 * machine's Choice states read it, so the validate step decides once and the rest follows.
 */
public record Plan(
        @JsonProperty("CreateNetworkStack") boolean createNetworkStack,
        @JsonProperty("CreateExecutionRole") boolean createExecutionRole,
        @JsonProperty("UpdateKeyPolicy") boolean updateKeyPolicy) {
}
