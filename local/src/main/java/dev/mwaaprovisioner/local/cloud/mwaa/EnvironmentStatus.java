package dev.mwaaprovisioner.local.cloud.mwaa;

/** Every value of the {@code EnvironmentStatus} enum of the MWAA API model. */
public enum EnvironmentStatus {
    CREATING,
    CREATE_FAILED,
    AVAILABLE,
    UPDATING,
    DELETING,
    DELETED,
    UNAVAILABLE,
    UPDATE_FAILED,
    ROLLING_BACK,
    CREATING_SNAPSHOT,
    PENDING,
    MAINTENANCE
}
