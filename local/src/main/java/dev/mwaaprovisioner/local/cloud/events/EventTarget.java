package dev.mwaaprovisioner.local.cloud.events;

import java.util.Map;

/**
 * A target of a rule: a Step Functions state machine or a Lambda function, with at most one of
 * {@code input}, {@code inputPath} or an input transformer ({@code inputPathsMap} + {@code inputTemplate}).
 */
public record EventTarget(String id, String arn, String roleArn, String input, String inputPath,
        Map<String, String> inputPathsMap, String inputTemplate) {
}
