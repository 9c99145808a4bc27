package dev.mwaaprovisioner.local.runner;

import dev.mwaaprovisioner.local.cloud.CloudServices;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.cloudformation.CloudFormationService;
import dev.mwaaprovisioner.local.cloud.cloudformation.CloudFormationStacks;
import dev.mwaaprovisioner.local.cloud.cloudformation.Stack;
import dev.mwaaprovisioner.local.cloud.cloudformation.StackEvent;
import dev.mwaaprovisioner.local.cloud.cloudformation.StackOutput;
import dev.mwaaprovisioner.local.cloud.cloudformation.StackResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.StackStatus;
import dev.mwaaprovisioner.local.cloud.cloudformation.StackStore;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Settings;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunction;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.functions.InProcessFunction;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import dev.mwaaprovisioner.local.sam.SamApplication;
import dev.mwaaprovisioner.local.sam.SamFunction;
import dev.mwaaprovisioner.local.sam.SamTransform;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The application running on the embedded local cloud: template.yaml from the checkout,
 * transformed by the local SAM transform and deployed as the CloudFormation stack
 * {@value #STACK_NAME}, with its functions in the local Lambda, its state machine in the local
 * Step Functions and its rules in the local EventBridge.
 */
public final class LocalApplication implements AutoCloseable {

    public static final String STACK_NAME = "mwaa-provisioner";
    public static final String CONFIG_BUCKET_OUTPUT = "ConfigBucketName";
    public static final String STATE_MACHINE_OUTPUT = "ProvisioningStateMachineArn";

    /**
     * The account's EC2 quotas for the application's cloud. AWS's defaults (5 VPCs and 5 Elastic
     * IPs per Region) allow two network stacks; an account that hosts environments for many teams
     * has them raised, as this one does: room for 250 network stacks.
     */
    public static final int VPC_QUOTA = 250;
    public static final int ELASTIC_IP_QUOTA = 2 * VPC_QUOTA;

    /** How long a deployment may take in real time before it is given up. */
    private static final Duration DEPLOY_LIMIT = Duration.ofSeconds(60);

    private final LocalCloud cloud;
    private final SamApplication application;
    private final Map<String, String> outputs;
    private final Map<String, String> physicalIds;
    private final Duration deployTime;

    private LocalApplication(LocalCloud cloud, SamApplication application, Map<String, String> outputs,
                             Map<String, String> physicalIds, Duration deployTime) {
        this.cloud = cloud;
        this.application = application;
        this.outputs = outputs;
        this.physicalIds = physicalIds;
        this.deployTime = deployTime;
    }

    /**
     * The configuration of the application's cloud: every service, EC2 with the raised quotas of
     * {@link #VPC_QUOTA}.
     */
    public static LocalCloudConfig config() {
        return LocalCloudConfig.defaults().withServices(
                CloudServices.all(Ec2Settings.defaults().withLimits(VPC_QUOTA, ELASTIC_IP_QUOTA)));
    }

    /**
     * Transforms template.yaml (refusing what the local deployer does not support before anything
     * starts), starts a local cloud and deploys the application into it.
     *
     * @throws dev.mwaaprovisioner.local.sam.SamTemplateException when the template cannot be deployed locally
     * @throws DeploymentFailedException when the stack does not reach CREATE_COMPLETE
     */
    public static LocalApplication start(ProjectCheckout checkout, LocalCloudConfig config) {
        SamApplication application = new SamTransform(checkout).transformCheckout();
        LocalCloud cloud = LocalCloud.start(config);
        try {
            long start = System.nanoTime();
            Stack stack = deploy(cloud, application);
            Map<String, String> outputs = new LinkedHashMap<>();
            for (StackOutput output : stack.outputs()) {
                outputs.put(output.outputKey(), output.outputValue());
            }
            Map<String, String> physicalIds = new LinkedHashMap<>();
            for (StackResource resource : stack.resourceList()) {
                physicalIds.put(resource.logicalId(), resource.physicalId());
            }
            awaitSnapshots(cloud, application, physicalIds);
            return new LocalApplication(cloud, application, outputs, physicalIds,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException | Error e) {
            cloud.close();
            throw e;
        }
    }

    private static Stack deploy(LocalCloud cloud, SamApplication application) {
        CloudFormationStacks stacks = cloud.service(CloudFormationService.class).stacks();
        StackStore store = stacks.region(cloud.defaultRegion());
        store.createStack(new StackStore.CreateRequest(STACK_NAME, application.templateBody(), Map.of(), Map.of(),
                List.of(), List.of("CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"),
                Stack.OnFailure.ROLLBACK, false));
        stacks.pump();
        long deadline = System.nanoTime() + DEPLOY_LIMIT.toNanos();
        while (true) {
            Stack stack = store.require(STACK_NAME);
            StackStatus status = stack.status();
            if (status == StackStatus.CREATE_COMPLETE) {
                return stack;
            }
            if (!status.inProgress()) {
                throw new DeploymentFailedException(STACK_NAME, status, failures(stack));
            }
            if (System.nanoTime() > deadline) {
                throw new DeploymentFailedException(STACK_NAME, status, List.of("still " + status + " after "
                        + DEPLOY_LIMIT.toSeconds() + " s; is --time-scale very low?"));
            }
            try {
                TimeUnit.MILLISECONDS.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeploymentFailedException(STACK_NAME, status, List.of("interrupted"));
            }
        }
    }

    /** A deployment is ready when SnapStart has initialised the published versions of its functions. */
    private static void awaitSnapshots(LocalCloud cloud, SamApplication application, Map<String, String> physicalIds) {
        LambdaFunctions lambda = cloud.service(LambdaFunctions.class);
        for (SamFunction function : application.functions().values()) {
            lambda.find(physicalIds.get(function.logicalId())).map(LambdaFunction::handlerObject)
                    .filter(InProcessFunction.class::isInstance)
                    .ifPresent(handler -> ((InProcessFunction) handler).awaitSnapshot());
        }
    }

    /** The reasons of the stack's failed resources, first failure first. */
    private static List<String> failures(Stack stack) {
        return stack.events().stream()
                .filter(e -> e.resourceStatus().endsWith("_FAILED") && e.resourceStatusReason() != null
                        && !e.logicalResourceId().equals(STACK_NAME))
                .sorted(java.util.Comparator.comparing(StackEvent::timestamp))
                .map(e -> e.logicalResourceId() + " (" + e.resourceType() + "): " + e.resourceStatusReason())
                .distinct()
                .toList();
    }

    public LocalCloud cloud() {
        return cloud;
    }

    public SamApplication application() {
        return application;
    }

    /** The stack's outputs (ConfigBucketName, ProvisioningStateMachineArn). */
    public Map<String, String> outputs() {
        return outputs;
    }

    public String configBucket() {
        return outputs.get(CONFIG_BUCKET_OUTPUT);
    }

    public String stateMachineArn() {
        return outputs.get(STATE_MACHINE_OUTPUT);
    }

    /** How long the deployment took, in real time. */
    public Duration deployTime() {
        return deployTime;
    }

    /** The physical ID of a resource of the deployed stack. */
    public Optional<String> physicalId(String logicalId) {
        return Optional.ofNullable(physicalIds.get(logicalId));
    }

    /** The deployed name of a function of template.yaml, by its logical ID. */
    public Optional<String> functionName(String logicalId) {
        SamFunction function = application.functions().get(logicalId);
        return function == null ? Optional.empty() : physicalId(logicalId);
    }

    @Override
    public void close() {
        cloud.close();
    }

    /** The application stack did not deploy; the message lists every failed resource with its reason. */
    public static final class DeploymentFailedException extends RuntimeException {
        DeploymentFailedException(String stack, StackStatus status, List<String> reasons) {
            super("Deploying template.yaml as stack " + stack + " failed (" + status + ")"
                    + (reasons.isEmpty() ? "" : ":\n  " + String.join("\n  ", reasons)));
        }
    }
}
