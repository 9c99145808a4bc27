package dev.mwaaprovisioner.functions.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.ExecutionRoleState;
import dev.mwaaprovisioner.common.workflow.KeyPolicyState;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import java.util.List;

/**
 * {@code status/<Name>.json} in the config bucket, and the detail of the outcome event: what the
 * user reads. It carries what was created (so nothing is left unknown), for an update what changed
 * ({@code Changes}, one line per field, old and new value) and, on failure, the
 * error, its cause and, for a refused request, every bad field. It never carries the request's
 * Airflow configuration values, which are sensitive.
 *
 * <p>After a failed run, {@code Removal} lists what the rollback removed and what it kept (and
 * {@code RemovalError} why it stopped, if it did); after a removal, what was removed or retained.
 * While another execution holds the Name, {@code State: QUEUED} and {@code QueuedBehind} name it.
 */
@JsonPropertyOrder({"Name", "State", "StartedAt", "FinishedAt", "ExecutionArn", "Source", "DeletionPolicy",
        "OnFailure", "Changes", "Environment", "Network", "ExecutionRole", "KeyPolicy", "Error", "Removal",
        "RemovalError", "QueuedBehind"})
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
        @JsonProperty("Error") Failure error,
        @JsonProperty("DeletionPolicy") String deletionPolicy,
        @JsonProperty("OnFailure") String onFailure,
        @JsonProperty("Removal") RemovalState removal,
        @JsonProperty("RemovalError") Failure removalError,
        @JsonProperty("QueuedBehind") String queuedBehind) {

    /** The environment was created (or found as the request asks, the first time). */
    public static final String SUCCEEDED = "SUCCEEDED";
    /** An existing environment was changed in place; {@code Changes} says what. */
    public static final String UPDATED = "UPDATED";
    /** The request asked for nothing that is not already so: nothing was written. */
    public static final String UNCHANGED = "UNCHANGED";
    public static final String FAILED = "FAILED";
    /** The request file was deleted (or a Deprovision Environment event came) and its resources removed. */
    public static final String DEPROVISIONED = "DEPROVISIONED";
    /** As DEPROVISIONED, with DeletionPolicy Retain: everything stays, the request is forgotten. */
    public static final String RETAINED = "RETAINED";
    public static final String DEPROVISIONING_FAILED = "DEPROVISIONING_FAILED";
    /**
     * Another execution ({@code QueuedBehind}) is changing the environment: this request waits in the
     * Name's record, and that execution applies it (or a newer one) when it is done.
     */
    public static final String QUEUED = "QUEUED";

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
