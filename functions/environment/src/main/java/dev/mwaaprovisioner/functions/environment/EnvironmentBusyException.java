package dev.mwaaprovisioner.functions.environment;

/**
 * The environment is in a status from which it cannot be compared or changed now (UPDATING,
 * DELETING, MAINTENANCE...). The state machine retries the planning step with a long back-off
 * until it settles; the message says what it is doing.
 */
public final class EnvironmentBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EnvironmentBusyException(String message) {
        super(message);
    }
}
