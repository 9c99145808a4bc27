package dev.mwaaprovisioner.functions.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Step "CheckNetworkStack": reads the network stack's status. Ready: the private subnets, VPC and
 * security group from its outputs. In progress: when to check next (PollingSchedule). Failed or
 * rolled back: {@link NetworkStackFailedException} with the first failed resource and its reason.
 *
 * <p>Input {@code {"Network": <$.Network>, "Now": "<state entered time>"}}; output the updated
 * {@link NetworkState}.
 */
public final class CheckNetworkStackHandler extends WorkflowStep<CheckNetworkStackHandler.Input, NetworkState> {

    public static final String FUNCTION = "CheckNetworkStackFunction";

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Network") NetworkState network, @Required @JsonProperty("Now") String now) {
    }

    private final NetworkStacks stacks;

    /** Lambda's entry: clients built once per container from the process environment. */
    public CheckNetworkStackHandler() {
        this(FromProcessEnvironment.CLOUD_FORMATION);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public CheckNetworkStackHandler(Map<String, String> environment) {
        this(cloudFormation(new FunctionClients(FUNCTION, environment)));
    }

    public CheckNetworkStackHandler(CloudFormationClient cloudFormation) {
        super(FUNCTION, Input.class);
        this.stacks = new NetworkStacks(cloudFormation);
    }

    private static CloudFormationClient cloudFormation(FunctionClients clients) {
        return clients.create(CloudFormationClient.builder(), AwsService.CLOUDFORMATION);
    }

    private static final class FromProcessEnvironment {
        static final CloudFormationClient CLOUD_FORMATION =
                cloudFormation(new FunctionClients(FUNCTION, System.getenv()));
    }

    /**
     * The priming: returns the handler's output on the sample event.
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(200, "priming/stack-complete.xml", "Content-Type", "text/xml")));
    }

    @Override
    public NetworkState handle(Input input) {
        NetworkState network = input.network();
        String id = network.stackId() != null ? network.stackId() : network.stackName();
        Stack stack = stacks.find(id).orElseThrow(() -> new NetworkStackFailedException("Network stack "
                + network.stackName() + " no longer exists; someone deleted it while it was being created. "
                + "Send the request again."));
        return stacks.state(stack, Boolean.TRUE.equals(network.createdByThisExecution()),
                Instant.parse(network.startedAt()), Instant.parse(input.now()));
    }
}
