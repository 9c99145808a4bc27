package dev.mwaaprovisioner.functions.environment;

/**
 * The environment was still being created when the polling deadline (about 3 hours) passed.
 */
public final class EnvironmentCreationTimedOutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EnvironmentCreationTimedOutException(String message) {
        super(message);
    }

    public EnvironmentCreationTimedOutException(String message, Throwable cause) {
        super(message, cause);
    }
}
