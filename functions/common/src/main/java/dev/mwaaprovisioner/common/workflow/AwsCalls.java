package dev.mwaaprovisioner.common.workflow;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one AWS call of a step and sorts its failure: throttling, 5xx answers and I/O failures
 * (left after the SDK's own retries) become {@link RetryableAwsException}, which the state
 * machine retries with its longer back-off; any other AWS error (access denied, validation...)
 * propagates unchanged, so the execution's error names the service exception and its message.
 */
public final class AwsCalls {

    private AwsCalls() {
    }

    /**
     * @param what the call, for the message (e.g. {@code "CreateStack mwaa-x-network"})
     */
    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw sort(what, e);
        }
    }

    public static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /** The exception to throw for a failed call: retryable or the original. */
    public static RuntimeException sort(String what, SdkException e) {
        if (isTransient(e)) {
            return new RetryableAwsException(what + " failed transiently: " + e.getMessage(), e);
        }
        return e;
    }

    static boolean isTransient(SdkException e) {
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof SdkClientException;
    }
}
