package dev.mwaaprovisioner.local.runner;

import dev.mwaaprovisioner.local.functions.AwsTarget;
import java.net.ConnectException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The account or endpoint a command was pointed at cannot be used: no credentials, credentials it
 * refuses, or an endpoint that does not answer. Its message is one line with the fix, instead of
 * the SDK's (the credentials provider chain alone explains itself in some sixty lines).
 */
public final class TargetUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TargetUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What went wrong calling {@code operation} on {@code target}, and what to do about it. */
    static TargetUnreachableException of(AwsTarget target, String operation, SdkException e) {
        String where = target.describe();
        if (e instanceof AwsServiceException service && service.statusCode() == 403) {
            return new TargetUnreachableException(where + " refused the credentials (" + operation + ": "
                    + service.awsErrorDetails().errorCode() + "): refresh them (aws sso login, or new "
                    + "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN), or use another AWS_PROFILE.", e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Unable to load credentials")) {
            return new TargetUnreachableException("No AWS credentials for " + where + ": set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_PROFILE (after aws configure or aws sso "
                    + "login).", e);
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof UnknownHostException) {
                return new TargetUnreachableException("Cannot reach " + where + " (" + operation + "): " + c.getMessage()
                        + ". Check --endpoint: is the emulator running, on that host and port?", e);
            }
        }
        return new TargetUnreachableException("Cannot use " + where + " (" + operation + "): "
                + message.lines().findFirst().orElse(""), e);
    }
}
