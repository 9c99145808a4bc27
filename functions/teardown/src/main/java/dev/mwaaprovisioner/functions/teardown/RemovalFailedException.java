package dev.mwaaprovisioner.functions.teardown;

/**
 * A resource could not be removed and waiting will not change that (a stack that ends
 * DELETE_FAILED, a role someone attached a managed policy to, a deadline passed). The message
 * says what is left and what to do; the status document lists what was removed before.
 */
public final class RemovalFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RemovalFailedException(String message) {
        super(message);
    }
}
