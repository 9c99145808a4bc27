package dev.mwaaprovisioner.functions.environment;

/**
 * MWAA could not assume the execution role yet: IAM is eventually consistent and a role created seconds ago may not be visible to MWAA. The state machine retries CreateEnvironment on this error with back-off.
 */
public final class ExecutionRoleNotAssumableYetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExecutionRoleNotAssumableYetException(String message) {
        super(message);
    }

    public ExecutionRoleNotAssumableYetException(String message, Throwable cause) {
        super(message, cause);
    }
}
