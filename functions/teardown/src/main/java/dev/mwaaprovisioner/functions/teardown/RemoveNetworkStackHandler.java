package dev.mwaaprovisioner.functions.teardown;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.RemovalState.Item;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * Step "RemoveNetworkStack": deletes the network stack the provisioner created
 * ({@code mwaa-<Name>-network}) and waits until it is DELETE_COMPLETE. CloudFormation deletes the
 * VPC resources with the stack's service role, so this function holds no EC2 permission. Only a
 * stack tagged {@code mwaa-provisioner:environment = <Name>} is deleted. A stack that ends
 * DELETE_FAILED because of a dependency (the deleted environment's network interfaces, which
 * linger for minutes) is deleted again with back-off until the deletion deadline (an hour);
 * any other DELETE_FAILED fails the step with CloudFormation's reason.
 *
 * <p>Input {@code {"Removal": <$.Removal>, "Now": "<state entered time>"}}; output the updated
 * {@link RemovalState}.
 */
public final class RemoveNetworkStackHandler extends WorkflowStep<RemoveNetworkStackHandler.Input, RemovalState> {

    public static final String FUNCTION = "RemoveNetworkStackFunction";

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Removal") RemovalState removal, @Required @JsonProperty("Now") String now) {
    }

    private final CloudFormationClient cloudFormation;

    /** Lambda's entry: clients built once per container from the process environment. */
    public RemoveNetworkStackHandler() {
        this(FromProcessEnvironment.CLOUD_FORMATION);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public RemoveNetworkStackHandler(Map<String, String> environment) {
        this(cloudFormation(new FunctionClients(FUNCTION, environment)));
    }

    public RemoveNetworkStackHandler(CloudFormationClient cloudFormation) {
        super(FUNCTION, Input.class);
        this.cloudFormation = cloudFormation;
    }

    private static CloudFormationClient cloudFormation(FunctionClients clients) {
        return clients.create(CloudFormationClient.builder(), AwsService.CLOUDFORMATION);
    }

    private static final class FromProcessEnvironment {
        static final CloudFormationClient CLOUD_FORMATION = cloudFormation(new FunctionClients(FUNCTION, System.getenv()));
    }

    /**
     * The priming: returns the handler's output on the sample event (the resource is not there).
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(400, "priming/stack-does-not-exist.xml", "Content-Type", "text/xml")));
    }

    @Override
    public RemovalState handle(Input input) {
        RemovalState removal = input.removal();
        Instant now = Instant.parse(input.now());
        List<Item> items = new ArrayList<>();
        Long wait = null;
        for (Item item : removal.items()) {
            if (!item.kind().equals(RemovalState.NETWORK_STACK) || !item.open()) {
                items.add(item);
                continue;
            }
            Item next = look(item, removal.name(), now);
            if (RemovalState.REMOVING.equals(next.status())) {
                long seconds = Removals.nextCheck(Removals.NETWORK_STACK_DELETION, next, now);
                wait = wait == null ? seconds : Math.min(wait, seconds);
            }
            items.add(next);
        }
        return removal.with(items, wait);
    }

    private Item look(Item item, String environmentName, Instant now) {
        String stackName = item.name();
        boolean started = RemovalState.REMOVING.equals(item.status());
        Optional<Stack> found = find(stackName);
        if (found.isEmpty() || found.get().stackStatus() == StackStatus.DELETE_COMPLETE) {
            return item.with(started ? RemovalState.REMOVED : RemovalState.ABSENT, started ? null : "no stack " + stackName);
        }
        Stack stack = found.get();
        if (!started) {
            String owner = stack.tags().stream().filter(t -> t.key().equals(NetworkTemplate.ENVIRONMENT_TAG_KEY))
                    .map(Tag::value).findFirst().orElse(null);
            if (!environmentName.equals(owner)) {
                return item.with(RemovalState.KEPT, "its tag " + NetworkTemplate.ENVIRONMENT_TAG_KEY + " is "
                        + (owner == null ? "missing" : "'" + owner + "'") + ": the provisioner did not create it for "
                        + environmentName);
            }
            if (Removals.existedBefore(item, stack.creationTime())) {
                return Removals.keptAsOlder(item, stack.creationTime());
            }
        }
        StackStatus status = stack.stackStatus();
        if (status == StackStatus.DELETE_FAILED && started && heldByDependencies(stackName)) {
            // The environment's interface endpoints and their network interfaces can take minutes
            // to go after DeleteEnvironment ends: delete again, with the back-off of the deletion
            // schedule, until its deadline (Removals.nextCheck).
            AwsCalls.run("DeleteStack " + stackName, () -> cloudFormation.deleteStack(r -> r.stackName(stackName)));
            return item.removing(now.toString());
        }
        if (status == StackStatus.DELETE_FAILED && started) {
            throw new RemovalFailedException("Network stack " + stackName + " is DELETE_FAILED: "
                    + (stack.stackStatusReason() == null ? "no reason given" : stack.stackStatusReason())
                    + ". Remove what holds its resources (network interfaces of another service in its subnets, "
                    + "say), then send the removal again.");
        }
        boolean busy = status.toString().endsWith("_IN_PROGRESS") && status != StackStatus.CREATE_IN_PROGRESS;
        if (status != StackStatus.DELETE_IN_PROGRESS && !busy) {
            // Without RoleARN: CloudFormation deletes with the service role the stack was created with.
            AwsCalls.run("DeleteStack " + stackName, () -> cloudFormation.deleteStack(r -> r.stackName(stackName)));
        }
        return item.removing(now.toString());
    }

    /**
     * Whether every resource that failed to delete failed on EC2's DependencyViolation: something
     * else (network interfaces) is still in the stack's subnets or security group, and goes on its
     * own. The stack's own reason only lists the resources; each resource's reason tells why.
     */
    private boolean heldByDependencies(String stackName) {
        List<StackResource> failed = AwsCalls.call("DescribeStackResources " + stackName,
                () -> cloudFormation.describeStackResources(r -> r.stackName(stackName)).stackResources()).stream()
                .filter(r -> r.resourceStatus() == ResourceStatus.DELETE_FAILED).toList();
        return !failed.isEmpty() && failed.stream().allMatch(r -> isDependency(r.resourceStatusReason()));
    }

    static boolean isDependency(String reason) {
        return reason != null && (reason.contains("DependencyViolation") || reason.contains("has dependencies")
                || reason.contains("has a dependent object"));
    }

    private Optional<Stack> find(String stackName) {
        return AwsCalls.call("DescribeStacks " + stackName, () -> {
            try {
                return cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().stream().findFirst();
            } catch (CloudFormationException e) {
                if (e.statusCode() == 400 && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }
}
