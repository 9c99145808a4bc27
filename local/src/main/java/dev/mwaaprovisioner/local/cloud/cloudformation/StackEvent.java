package dev.mwaaprovisioner.local.cloud.cloudformation;

import java.time.Instant;

/** One entry of DescribeStackEvents: a status change of the stack or of one of its resources. */
public record StackEvent(
        String eventId,
        String stackId,
        String stackName,
        String logicalResourceId,
        String physicalResourceId,
        String resourceType,
        Instant timestamp,
        String resourceStatus,
        String resourceStatusReason,
        String resourceProperties) {}
