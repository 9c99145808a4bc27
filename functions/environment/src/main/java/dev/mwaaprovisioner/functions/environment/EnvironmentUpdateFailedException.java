package dev.mwaaprovisioner.functions.environment;

/**
 * An update this execution started ended UPDATE_FAILED (or was rolled back): the message carries
 * MWAA's LastUpdate.Error. Not retried; the environment keeps its previous settings.
 */
public final class EnvironmentUpdateFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EnvironmentUpdateFailedException(String message) {
        super(message);
    }
}
