package dev.mwaaprovisioner.functions.environment;

/**
 * MWAA refused the environment because the execution role seemed to lack a permission (S3, CloudWatch
 * Logs...) right after its policy was written: IAM is eventually consistent, and MWAA's dry run can
 * see the role without its new policy for a while. The state machine retries CreateEnvironment on
 * this error with back-off; if the refusal outlasts the retries, the policy really lacks it.
 */
public final class ExecutionRolePermissionsNotYetEffectiveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ExecutionRolePermissionsNotYetEffectiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
