package dev.mwaaprovisioner.local.cloud.events;

import java.util.Map;

/**
 * A target of a rule: a Step Functions state machine or a Lambda function, with at most one of
 * {@code input}, {@code inputPath} or an input transformer ({@code inputPathsMap} + {@code inputTemplate}),
 * its retry policy (null: EventBridge's default, 185 attempts within 24 hours) and the ARN of its
 * dead-letter queue (null: none, an event that cannot be delivered is dropped).
 */
public record EventTarget(String id, String arn, String roleArn, String input, String inputPath,
        Map<String, String> inputPathsMap, String inputTemplate, RetryPolicy retryPolicy, String deadLetterArn) {

    /** A target's RetryPolicy: retries of a retriable failure (0-185) within an event age (60-86400 s). */
    public record RetryPolicy(int maximumRetryAttempts, int maximumEventAgeSeconds) {
        public static final RetryPolicy DEFAULT = new RetryPolicy(185, 86_400);
    }

    public EventTarget(String id, String arn, String roleArn, String input, String inputPath,
                       Map<String, String> inputPathsMap, String inputTemplate) {
        this(id, arn, roleArn, input, inputPath, inputPathsMap, inputTemplate, null, null);
    }

    /** The retry policy in force: the target's, or EventBridge's default. */
    public RetryPolicy effectiveRetryPolicy() {
        return retryPolicy != null ? retryPolicy : RetryPolicy.DEFAULT;
    }
}
