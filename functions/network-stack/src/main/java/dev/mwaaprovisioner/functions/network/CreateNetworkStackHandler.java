package dev.mwaaprovisioner.functions.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.NetworkCidrs;
import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.common.request.NewNetwork;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * Step "CreateNetworkStack": finds the network stack {@code mwaa-<Name>-network} or creates it
 * from the provisioner's network template, and says when to check it next.
 *
 * <p>Input {@code {"Request": <normalized request>, "Now": "<state entered time>"}}; output the
 * {@link NetworkState} ({@code $.Network}). A stack that already exists is reused when it belongs
 * to this environment and has the requested CIDRs; one left failed by an earlier attempt, or built
 * with other CIDRs, is refused with what to do.
 *
 * <p>The stack is created with the service role in {@code NETWORK_STACK_ROLE_ARN} when set (the
 * deployed template sets it), so CloudFormation, not this function, holds the EC2 permissions.
 */
public final class CreateNetworkStackHandler extends WorkflowStep<CreateNetworkStackHandler.Input, NetworkState> {

    /** Logical ID in template.yaml; also the User-Agent suffix of this function's AWS calls. */
    public static final String FUNCTION = "CreateNetworkStackFunction";
    static final String ROLE_ENV = "NETWORK_STACK_ROLE_ARN";

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Request") ProvisioningRequest request, @Required @JsonProperty("Now") String now) {
    }

    private final CloudFormationClient cloudFormation;
    private final NetworkStacks stacks;
    private final String stackRoleArn;

    /** Lambda's entry: clients built once per container from the process environment. */
    public CreateNetworkStackHandler() {
        this(FromProcessEnvironment.CLOUD_FORMATION, System.getenv(ROLE_ENV));
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials, NETWORK_STACK_ROLE_ARN). */
    public CreateNetworkStackHandler(Map<String, String> environment) {
        this(cloudFormation(new FunctionClients(FUNCTION, environment)), environment.get(ROLE_ENV));
    }

    public CreateNetworkStackHandler(CloudFormationClient cloudFormation, String stackRoleArn) {
        super(FUNCTION, Input.class);
        this.cloudFormation = cloudFormation;
        this.stacks = new NetworkStacks(cloudFormation);
        this.stackRoleArn = stackRoleArn == null || stackRoleArn.isBlank() ? null : stackRoleArn;
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
                SnapStartPriming.answer(400, "priming/stack-does-not-exist.xml", "Content-Type", "text/xml"),
                SnapStartPriming.answer(200, "priming/create-stack.xml", "Content-Type", "text/xml"),
                SnapStartPriming.answer(200, "priming/stack-in-progress.xml", "Content-Type", "text/xml")));
    }

    @Override
    public NetworkState handle(Input input) {
        ProvisioningRequest request = input.request();
        if (!(request.network() instanceof NewNetwork network)) {
            throw new IllegalArgumentException("Request " + request.name()
                    + " names existing subnets; the state machine routes it to CheckExistingNetwork, not here.");
        }
        Instant now = Instant.parse(input.now());
        String stackName = NetworkTemplate.stackName(request.name());
        Map<String, String> parameters = NetworkTemplate.parameters(request.name(), new NetworkCidrs(
                network.vpcCidr(), network.publicSubnet1Cidr(), network.publicSubnet2Cidr(),
                network.privateSubnet1Cidr(), network.privateSubnet2Cidr()));

        Optional<Stack> existing = stacks.find(stackName);
        if (existing.isPresent()) {
            Stack stack = existing.get();
            requireSameEnvironmentAndCidrs(stack, request.name(), parameters);
            return stacks.state(stack, false, stack.creationTime(), now);
        }
        try {
            String stackId = AwsCalls.call("CreateStack " + stackName, () -> cloudFormation.createStack(r -> r
                    .stackName(stackName)
                    .templateBody(NetworkTemplate.body())
                    .parameters(parameters.entrySet().stream()
                            .map(p -> Parameter.builder().parameterKey(p.getKey()).parameterValue(p.getValue()).build())
                            .toList())
                    .tags(tags(request))
                    .roleARN(stackRoleArn))
                    .stackId());
            Stack created = stacks.find(stackId).orElseThrow(() -> new NetworkStackFailedException(
                    "Network stack " + stackName + " was created (" + stackId + ") but cannot be read back."));
            return stacks.state(created, true, now, now);
        } catch (AlreadyExistsException raced) {
            // Another execution for the same request created it between our look and our create.
            Stack stack = stacks.find(stackName).orElseThrow(() -> raced);
            requireSameEnvironmentAndCidrs(stack, request.name(), parameters);
            return stacks.state(stack, false, stack.creationTime(), now);
        }
    }

    /** The stack tag that marks whose stack it is, then the request's tags (propagated to the VPC resources). */
    private static List<Tag> tags(ProvisioningRequest request) {
        List<Tag> tags = new ArrayList<>();
        tags.add(Tag.builder().key(NetworkTemplate.ENVIRONMENT_TAG_KEY).value(request.name()).build());
        if (request.tags() != null) {
            request.tags().forEach((k, v) -> {
                if (!k.equals(NetworkTemplate.ENVIRONMENT_TAG_KEY)) {
                    tags.add(Tag.builder().key(k).value(v).build());
                }
            });
        }
        return tags;
    }

    private static void requireSameEnvironmentAndCidrs(Stack stack, String environmentName, Map<String, String> wanted) {
        String owner = stack.tags().stream().filter(t -> t.key().equals(NetworkTemplate.ENVIRONMENT_TAG_KEY))
                .map(Tag::value).findFirst().orElse(null);
        if (!environmentName.equals(owner)) {
            throw new NetworkStackFailedException("Stack " + stack.stackName() + " exists but was not created by "
                    + "the provisioner for environment " + environmentName + " (its tag " + NetworkTemplate.ENVIRONMENT_TAG_KEY
                    + " is " + (owner == null ? "missing" : "'" + owner + "'") + "); rename the environment or remove that stack.");
        }
        Map<String, String> actual = stack.parameters().stream()
                .collect(Collectors.toMap(Parameter::parameterKey, p -> String.valueOf(p.parameterValue()), (a, b) -> a));
        List<String> differences = wanted.entrySet().stream()
                .filter(e -> !e.getValue().equals(actual.get(e.getKey())))
                .map(e -> "Network." + e.getKey() + " is " + e.getValue() + " but the stack has " + actual.get(e.getKey()))
                .toList();
        if (!differences.isEmpty()) {
            throw new NetworkStackFailedException("Network stack " + stack.stackName() + " already exists with other "
                    + "CIDR blocks, which cannot change in place: " + String.join("; ", differences)
                    + ". Keep the stack's CIDRs in the request, or delete the environment and its stack first.");
        }
    }
}
