package dev.mwaaprovisioner.functions.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.ExecutionRoleState;
import dev.mwaaprovisioner.common.workflow.KeyPolicyState;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import java.util.List;

/**
 * {@code status/<Name>.json} in the config bucket, and the detail of the outcome event: what the
 * user reads. It carries what was created (so nothing is left unknown), for an update what changed
 * ({@code Changes}, one line per field, old and new value) and, on failure, the
 * error, its cause and, for a refused request, every bad field. It never carries the request's
 * Airflow configuration values, which are sensitive.
 */
@JsonPropertyOrder({"Name", "State", "StartedAt", "FinishedAt", "ExecutionArn", "Source", "Changes", "Environment",
        "Network", "ExecutionRole", "KeyPolicy", "Error"})
public record StatusDocument(
        @JsonProperty("Name") String name,
        @JsonProperty("State") String state,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("FinishedAt") String finishedAt,
        @JsonProperty("ExecutionArn") String executionArn,
        @JsonProperty("Source") RequestSource source,
        @JsonProperty("Changes") List<String> changes,
        @JsonProperty("Environment") EnvironmentState environment,
        @JsonProperty("Network") NetworkState network,
        @JsonProperty("ExecutionRole") ExecutionRoleState executionRole,
        @JsonProperty("KeyPolicy") KeyPolicyState keyPolicy,
        @JsonProperty("Error") Failure error) {

    /** The environment was created (or found as the request asks, the first time). */
    public static final String SUCCEEDED = "SUCCEEDED";
    /** An existing environment was changed in place; {@code Changes} says what. */
    public static final String UPDATED = "UPDATED";
    /** The request asked for nothing that is not already so: nothing was written. */
    public static final String UNCHANGED = "UNCHANGED";
    public static final String FAILED = "FAILED";

    /** What went wrong: the error name, its message, and the bad fields of a refused request. */
    public record Failure(@JsonProperty("Error") String error,
                          @JsonProperty("Cause") String cause,
                          @JsonProperty("Problems") List<FieldProblem> problems) {
    }

    /** One bad field of a refused request. */
    public record FieldProblem(@JsonProperty("Path") String path, @JsonProperty("Message") String message) {

        /** Splits a {@code Path: message} line. */
        static FieldProblem of(String line) {
            int colon = line.indexOf(": ");
            return colon < 0 ? new FieldProblem("Request", line)
                    : new FieldProblem(line.substring(0, colon), line.substring(colon + 2));
        }
    }
}
