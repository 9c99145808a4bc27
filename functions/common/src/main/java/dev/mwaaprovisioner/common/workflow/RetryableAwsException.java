package dev.mwaaprovisioner.common.workflow;

/**
 * An AWS call was throttled or failed transiently even after the SDK's own retries. The state
 * machine retries the step on this error with a longer back-off than the SDK's; any other AWS
 * error ends the workflow with that error.
 */
public final class RetryableAwsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RetryableAwsException(String message, Throwable cause) {
        super(message, cause);
    }
}
