package dev.mwaaprovisioner.functions.environment;

/**
 * The environment cannot be created or ended CREATE_FAILED (or in another status it does not recover from). The message carries MWAA's LastUpdate.Error code and message, or the reason MWAA refused the request.
 */
public final class EnvironmentCreationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EnvironmentCreationFailedException(String message) {
        super(message);
    }

    public EnvironmentCreationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
