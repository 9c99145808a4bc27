package dev.mwaaprovisioner.functions.executionrole;

/** A role with the derived name exists but belongs to another environment or to someone else. */
public final class ExecutionRoleConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExecutionRoleConflictException(String message) {
        super(message);
    }
}
