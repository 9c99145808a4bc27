package dev.mwaaprovisioner.local.cloud.cloudformation;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/** Polls a stack through the real SDK, as a client waiting for a stack operation does. */
final class StackPolling {

    private StackPolling() {}

    /** Polls DescribeStacks until the stack leaves *_IN_PROGRESS; returns it and how many polls it took. */
    static Stack awaitSettled(CloudFormationClient cfn, String stackNameOrId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Stack stack = cfn.describeStacks(r -> r.stackName(stackNameOrId)).stacks().get(0);
            if (!stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
                return stack;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stack " + stackNameOrId + " still " + stack.stackStatusAsString());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The stack's events, oldest first. */
    static List<StackEvent> eventsOldestFirst(CloudFormationClient cfn, String stackNameOrId) {
        List<StackEvent> events = new java.util.ArrayList<>(
                cfn.describeStackEvents(r -> r.stackName(stackNameOrId)).stackEvents());
        java.util.Collections.reverse(events);
        return events;
    }
}
