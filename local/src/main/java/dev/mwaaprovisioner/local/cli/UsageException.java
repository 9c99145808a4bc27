package dev.mwaaprovisioner.local.cli;

/**
 * A command used wrongly in a way picocli cannot see (a file that does not exist, an option that
 * does not fit another): reported in one line, exit code 2.
 */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
