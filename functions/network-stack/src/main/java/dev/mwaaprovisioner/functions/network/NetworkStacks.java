package dev.mwaaprovisioner.functions.network;

import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.PollingSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** What both network-stack handlers know about stacks: reading one and judging its status. */
final class NetworkStacks {

    /** Statuses from which the stack will never reach CREATE_COMPLETE. */
    static final Set<StackStatus> FAILED = Set.of(StackStatus.CREATE_FAILED, StackStatus.ROLLBACK_IN_PROGRESS,
            StackStatus.ROLLBACK_FAILED, StackStatus.ROLLBACK_COMPLETE, StackStatus.DELETE_IN_PROGRESS,
            StackStatus.DELETE_FAILED, StackStatus.DELETE_COMPLETE);

    /** Statuses of a stack whose resources exist and whose outputs are current. */
    static final Set<StackStatus> READY = Set.of(StackStatus.CREATE_COMPLETE, StackStatus.UPDATE_COMPLETE,
            StackStatus.UPDATE_ROLLBACK_COMPLETE);

    private static final int EVENT_PAGES = 3;

    private final CloudFormationClient cloudFormation;

    NetworkStacks(CloudFormationClient cloudFormation) {
        this.cloudFormation = cloudFormation;
    }

    /** The stack, or empty when no stack of that name (or id) exists. */
    Optional<Stack> find(String stackNameOrId) {
        return AwsCalls.call("DescribeStacks " + stackNameOrId, () -> {
            try {
                return cloudFormation.describeStacks(r -> r.stackName(stackNameOrId)).stacks().stream().findFirst();
            } catch (CloudFormationException e) {
                // CloudFormation answers a ValidationError "Stack with id X does not exist".
                if (e.statusCode() == 400 && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /** The network state of a stack that is ready, in progress, or a failure to throw. */
    NetworkState state(Stack stack, boolean createdByThisExecution, Instant startedAt, Instant now) {
        StackStatus status = stack.stackStatus();
        if (READY.contains(status)) {
            Map<String, String> outputs = stack.outputs().stream()
                    .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> a));
            return new NetworkState(NetworkState.MODE_CREATE_STACK, stack.stackName(), stack.stackId(),
                    NetworkState.READY, createdByThisExecution, startedAt.toString(), null,
                    requireOutput(stack, outputs, NetworkTemplate.OUTPUT_VPC_ID),
                    List.of(requireOutput(stack, outputs, NetworkTemplate.OUTPUT_PRIVATE_SUBNET_1),
                            requireOutput(stack, outputs, NetworkTemplate.OUTPUT_PRIVATE_SUBNET_2)),
                    List.of(requireOutput(stack, outputs, NetworkTemplate.OUTPUT_SECURITY_GROUP_ID)), null);
        }
        if (FAILED.contains(status)) {
            throw failed(stack);
        }
        if (status == StackStatus.CREATE_IN_PROGRESS) {
            Duration elapsed = Duration.between(startedAt, now);
            PollingSchedule schedule = PollingSchedule.NETWORK_STACK;
            if (schedule.isPastDeadline(elapsed)) {
                throw new NetworkStackTimedOutException("Network stack " + stack.stackName() + " is still "
                        + status + " after " + elapsed.toMinutes() + " minutes (deadline " + schedule.deadline().toMinutes()
                        + " minutes); look at its events in the CloudFormation console, then delete it and send the request again.");
            }
            return new NetworkState(NetworkState.MODE_CREATE_STACK, stack.stackName(), stack.stackId(),
                    status.toString(), createdByThisExecution, startedAt.toString(),
                    schedule.nextCheckSeconds(elapsed), null, null, null, null);
        }
        // UPDATE_IN_PROGRESS and friends: someone else is changing the stack; this workflow only creates.
        throw new NetworkStackFailedException("Network stack " + stack.stackName() + " is " + status
                + ", which this workflow does not wait for; let the operation finish and send the request again.");
    }

    /** The failure, with the first resource that failed and CloudFormation's reason. */
    NetworkStackFailedException failed(Stack stack) {
        String reason = firstFailure(stack.stackId())
                .map(e -> e.logicalResourceId() + " (" + e.resourceType() + ") " + e.resourceStatusAsString()
                        + ": " + e.resourceStatusReason())
                .orElseGet(() -> stack.stackStatusReason() == null ? "no reason given" : stack.stackStatusReason());
        return new NetworkStackFailedException("Network stack " + stack.stackName() + " is " + stack.stackStatus()
                + ": " + reason.replaceFirst("\\.$", "") + ". Fix the cause, delete the stack (aws cloudformation delete-stack --stack-name "
                + stack.stackName() + ") and send the request again.");
    }

    /** The earliest CREATE_FAILED event that is not a mere cancellation caused by another failure. */
    private Optional<StackEvent> firstFailure(String stackId) {
        List<StackEvent> events = new ArrayList<>();
        String token = null;
        for (int page = 0; page < EVENT_PAGES; page++) {
            String next = token;
            var response = AwsCalls.call("DescribeStackEvents " + stackId,
                    () -> cloudFormation.describeStackEvents(r -> r.stackName(stackId).nextToken(next)));
            events.addAll(response.stackEvents());
            token = response.nextToken();
            if (token == null) {
                break;
            }
        }
        List<StackEvent> failures = events.stream()
                .filter(e -> e.resourceStatus() == ResourceStatus.CREATE_FAILED && !e.logicalResourceId().equals(e.stackName()))
                .sorted(Comparator.comparing(StackEvent::timestamp))
                .toList();
        return failures.stream()
                .filter(e -> e.resourceStatusReason() == null || !e.resourceStatusReason().contains("cancelled"))
                .findFirst()
                .or(() -> failures.stream().findFirst());
    }

    private static String requireOutput(Stack stack, Map<String, String> outputs, String key) {
        String value = outputs.get(key);
        if (value == null || value.isBlank()) {
            throw new NetworkStackFailedException("Network stack " + stack.stackName() + " has no output " + key
                    + "; it was not created from the provisioner's network template. Delete it and send the request again.");
        }
        return value;
    }
}
