package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code $.Environment} of the state document. The state machine waits while {@code Status} is
 * not {@code AVAILABLE}, for {@code NextCheckSeconds}; {@code StartedAt} anchors the polling
 * schedule and its deadline. {@code Operation} is {@value #UPDATE} while an update is awaited
 * (the check then judges the update's outcome, not the creation's); absent for a creation.
 */
public record EnvironmentState(
        @Required @JsonProperty("Name") String name,
        @JsonProperty("Arn") String arn,
        @JsonProperty("Status") String status,
        @JsonProperty("WebserverUrl") String webserverUrl,
        @JsonProperty("CreatedByThisExecution") Boolean createdByThisExecution,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("NextCheckSeconds") Long nextCheckSeconds,
        @JsonProperty("Operation") String operation) {

    public static final String AVAILABLE = "AVAILABLE";
    public static final String UPDATE = "Update";

    /** The state of a creation (or of an environment found as it is). */
    public EnvironmentState(String name, String arn, String status, String webserverUrl,
            Boolean createdByThisExecution, String startedAt, Long nextCheckSeconds) {
        this(name, arn, status, webserverUrl, createdByThisExecution, startedAt, nextCheckSeconds, null);
    }

    /** True while this execution awaits an update it started. */
    @JsonIgnore
    public boolean isUpdate() {
        return UPDATE.equals(operation);
    }
}
