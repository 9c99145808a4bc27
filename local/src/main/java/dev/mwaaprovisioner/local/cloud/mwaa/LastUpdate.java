package dev.mwaaprovisioner.local.cloud.mwaa;

import java.time.Instant;

/**
 * The {@code LastUpdate} structure of an environment: the state of its latest create or update.
 *
 * @param status       {@code PENDING}, {@code SUCCESS} or {@code FAILED} (the {@code UpdateStatus} enum)
 * @param createdAt    when that create or update started
 * @param error        why it failed, or null
 * @param workerReplacementStrategy the strategy an update asked for, or null
 */
public record LastUpdate(String status, Instant createdAt, Failure error, String workerReplacementStrategy) {

    /** The {@code UpdateError} structure: the reason MWAA gives for a failed create or update. */
    public record Failure(String errorCode, String errorMessage) {}

    static LastUpdate pending(Instant at, String workerReplacementStrategy) {
        return new LastUpdate("PENDING", at, null, workerReplacementStrategy);
    }

    LastUpdate succeeded() {
        return new LastUpdate("SUCCESS", createdAt, null, workerReplacementStrategy);
    }

    LastUpdate failed(Failure failure) {
        return new LastUpdate("FAILED", createdAt, failure, workerReplacementStrategy);
    }
}
