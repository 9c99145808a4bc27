package dev.mwaaprovisioner.local.cloud.logs;

import java.time.Instant;
import java.util.Map;

/**
 * A CloudWatch Logs log group. The local cloud keeps log groups so templates and policies can name
 * them; it stores no log events (in-process functions write to the runner's standard error).
 *
 * @param retentionInDays null for "never expire"
 */
public record LogGroup(String name, String arn, String region, Instant creationTime, Integer retentionInDays,
                       Map<String, String> tags) {

    public LogGroup {
        tags = Map.copyOf(tags);
    }
}
