package dev.mwaaprovisioner.local.cli;

/** A local run that could not go on, with a message that says why and what to do. Exit code 1. */
public final class LocalRunException extends RuntimeException {

    public LocalRunException(String message) {
        super(message);
    }

    public LocalRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
