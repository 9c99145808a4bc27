package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code $.Environment} of the state document. The state machine waits while {@code Status} is
 * not {@code AVAILABLE}, for {@code NextCheckSeconds}; {@code StartedAt} anchors the polling
 * schedule and its deadline.
 */
public record EnvironmentState(
        @JsonProperty("Name") String name,
        @JsonProperty("Arn") String arn,
        @JsonProperty("Status") String status,
        @JsonProperty("WebserverUrl") String webserverUrl,
        @JsonProperty("CreatedByThisExecution") Boolean createdByThisExecution,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("NextCheckSeconds") Long nextCheckSeconds) {

    public static final String AVAILABLE = "AVAILABLE";
}
