package dev.mwaaprovisioner.functions.environment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.BucketArn;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import dev.mwaaprovisioner.common.documents.EnvironmentScope;
import dev.mwaaprovisioner.common.documents.ExecutionRolePolicy;
import dev.mwaaprovisioner.common.documents.KeyPolicyLogsAccess;
import dev.mwaaprovisioner.common.documents.KmsKeyArn;
import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.common.documents.Partition;
import dev.mwaaprovisioner.common.request.ExistingNetwork;
import dev.mwaaprovisioner.common.request.NewNetwork;
import dev.mwaaprovisioner.common.request.OptionDigests;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.ChangePlan;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.ImmutableChangeException;
import dev.mwaaprovisioner.common.workflow.ProgressStatus;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.EnvironmentStatus;

/**
 * Step "PlanChanges": decides whether the request creates an environment, updates one, or
 * changes nothing, by comparing it with what exists — the environment (GetEnvironment), its
 * network stack's parameters and outputs (DescribeStacks), the execution role's inline policy
 * (GetRolePolicy) — never with a stored digest, so whatever changed outside the provisioner is
 * seen too. It writes nothing.
 *
 * <p>What cannot change in place — the network (CIDRs, subnets, created vs existing), KmsKey,
 * EndpointManagement, the provisioner's role vs one the request brings, a major Airflow version
 * MWAA does not change in place, removing an S3 path or pinned version — is refused here with
 * {@link ImmutableChangeException}, every such field at once, before any step writes anything.
 * An environment that is busy (UPDATING, DELETING, MAINTENANCE...) raises
 * {@link EnvironmentBusyException}, which the state machine retries until it settles.
 *
 * <p>Input {@code {"Request", "Source", "Account", "Region", "Partition"}}; output the
 * {@link ChangePlan} ({@code $.Changes}).
 */
public final class PlanChangesHandler extends WorkflowStep<PlanChangesHandler.Input, ChangePlan> {

    public static final String FUNCTION = "PlanChangesFunction";

    /** Statuses in which the provisioning path takes over: it finds the environment and waits or reports. */
    static final Set<EnvironmentStatus> BEING_CREATED = Set.of(EnvironmentStatus.CREATING, EnvironmentStatus.PENDING,
            EnvironmentStatus.CREATE_FAILED);

    /** Statuses in which an environment can be compared and updated. */
    static final Set<EnvironmentStatus> SETTLED = Set.of(EnvironmentStatus.AVAILABLE, EnvironmentStatus.UPDATE_FAILED);

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Request") ProvisioningRequest request,
                        @JsonProperty("Source") RequestSource source,
                        @Required @JsonProperty("Account") String account,
                        @Required @JsonProperty("Region") String region,
                        @Required @JsonProperty("Partition") String partition) {
    }

    private final Environments environments;
    private final CloudFormationClient cloudFormation;
    private final IamClient iam;
    private final KmsClient kms;
    private final ProgressStatus progress;

    /** Lambda's entry: clients built once per container from the process environment. */
    public PlanChangesHandler() {
        this(FromProcessEnvironment.CLIENTS);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public PlanChangesHandler(Map<String, String> environment) {
        this(new FunctionClients(FUNCTION, environment));
    }

    private PlanChangesHandler(FunctionClients clients) {
        this(Environments.client(clients), cloudFormation(clients, ApacheHttpClient.builder().build()),
                iam(clients, ApacheHttpClient.builder().build()),
                clients.create(KmsClient.builder(), AwsService.KMS, ApacheHttpClient.builder().build()),
                ProgressStatus.of(clients, Environments.s3(clients)));
    }

    public PlanChangesHandler(MwaaClient mwaa, CloudFormationClient cloudFormation, IamClient iam, KmsClient kms) {
        this(mwaa, cloudFormation, iam, kms, new ProgressStatus(null, null));
    }

    public PlanChangesHandler(MwaaClient mwaa, CloudFormationClient cloudFormation, IamClient iam, KmsClient kms,
                              ProgressStatus progress) {
        super(FUNCTION, Input.class);
        this.environments = new Environments(mwaa);
        this.cloudFormation = cloudFormation;
        this.iam = iam;
        this.kms = kms;
        this.progress = progress;
    }

    // The module's one HTTP client is Apache (MWAA's UpdateEnvironment is a PATCH); every client uses it.
    private static CloudFormationClient cloudFormation(FunctionClients clients, SdkHttpClient http) {
        return clients.create(CloudFormationClient.builder(), AwsService.CLOUDFORMATION, http);
    }

    private static IamClient iam(FunctionClients clients, SdkHttpClient http) {
        return clients.create(IamClient.builder(), AwsService.IAM, http);
    }

    private static final class FromProcessEnvironment {
        static final FunctionClients CLIENTS = new FunctionClients(FUNCTION, System.getenv());
    }

    /**
     * The priming: returns the handler's output on the sample event, whose environment exists
     * and matches it (the no-op, which runs every comparison).
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(200, "priming/get-environment-available.json", "Content-Type", "application/json"),
                SnapStartPriming.answer(200, "priming/describe-network-stack.xml", "Content-Type", "text/xml"),
                SnapStartPriming.answer(200, "priming/get-role-policy.xml", "Content-Type", "text/xml")));
    }

    @Override
    public ChangePlan handle(Input input) {
        ChangePlan plan = plan(input);
        // Validation passed and this run owns the Name: the status says it is at work.
        progress.write(input.request().name(), "PlanChanges: " + plan.action(), null);
        return plan;
    }

    private ChangePlan plan(Input input) {
        ProvisioningRequest request = input.request();
        EnvironmentScope scope = new EnvironmentScope(Partition.fromId(input.partition()), input.region(),
                input.account(), request.name());
        Optional<Environment> found = environments.find(request.name());
        String keyStatement = request.usesCustomerManagedKey() ? keyStatement(request, scope) : null;
        if (found.isEmpty()) {
            return new ChangePlan(ChangePlan.CREATE, List.of(), null, keyStatement);
        }
        Environment environment = found.get();
        EnvironmentStatus status = environment.status();
        if (BEING_CREATED.contains(status)) {
            return new ChangePlan(ChangePlan.CREATE, List.of(), null, keyStatement);
        }
        if (!SETTLED.contains(status)) {
            throw new EnvironmentBusyException("Environment " + request.name() + " is " + environment.statusAsString()
                    + "; the request is compared with it once it is AVAILABLE again (the step is retried).");
        }
        String roleArn = request.createsExecutionRole()
                ? "arn:" + scope.partition().id() + ":iam::" + input.account() + ":role/"
                        + DerivedNames.executionRoleName(request.name())
                : request.executionRoleArn();

        List<String> refused = new ArrayList<>(network(request, environment));
        // The state carries option digests, never values: the environment's options are compared as digests too.
        EnvironmentChanges changes = EnvironmentChanges.compare(request.withOptionDigests(),
                withOptionDigests(environment, request.name()), roleArn,
                request.network() instanceof ExistingNetwork existing ? existing.securityGroupIds() : null);
        refused.addAll(changes.refused());
        if (!refused.isEmpty()) {
            throw new ImmutableChangeException(request.name(),
                    input.source() == null ? "the request" : input.source().describe(), refused);
        }
        List<String> changed = new ArrayList<>(changes.changed());
        if (request.createsExecutionRole()) {
            executionPolicy(request, scope).ifPresent(changed::add);
        }
        if (keyStatement != null && !ChangePlan.KEY_STATEMENT_PRESENT.equals(keyStatement)) {
            changed.add("KmsKey: the \"" + KeyPolicyLogsAccess.SID + "\" statement CloudWatch Logs needs is "
                    + (ChangePlan.KEY_STATEMENT_MISSING.equals(keyStatement) ? "missing from" : "not as written in")
                    + " the policy of key " + request.kmsKey() + " -> put back");
        }
        EnvironmentState current = new EnvironmentState(environment.name(), environment.arn(),
                environment.statusAsString(), environment.webserverUrl(), false,
                environment.createdAt() == null ? null : environment.createdAt().toString(), null);
        return new ChangePlan(changed.isEmpty() ? ChangePlan.NONE : ChangePlan.UPDATE, changed, current, keyStatement);
    }

    /**
     * The network is fixed at creation: the CIDRs of the provisioner's stack, or the subnets the
     * request named; and which of the two it is. Only the security groups of an existing network
     * can change (EnvironmentChanges).
     */
    /** The environment with each Airflow configuration option value replaced by its digest ({@link OptionDigests}). */
    static Environment withOptionDigests(Environment environment, String name) {
        if (environment.airflowConfigurationOptions() == null || environment.airflowConfigurationOptions().isEmpty()) {
            return environment;
        }
        return environment.toBuilder()
                .airflowConfigurationOptions(OptionDigests.of(name, environment.airflowConfigurationOptions())).build();
    }

    private List<String> network(ProvisioningRequest request, Environment environment) {
        List<String> refused = new ArrayList<>();
        List<String> subnets = environment.networkConfiguration() == null ? List.of()
                : environment.networkConfiguration().subnetIds();
        String stackName = NetworkTemplate.stackName(request.name());
        Optional<Stack> stack = findStack(stackName);
        boolean inStack = stack.isPresent() && new HashSet<>(privateSubnets(stack.get())).equals(new HashSet<>(subnets));
        String fix = " Keep the network as it is in the request, or delete the request (which removes the environment) "
                + "and upload the changed one as a new request.";
        if (request.network() instanceof NewNetwork network) {
            if (!inStack) {
                refused.add("Network: the environment is in existing subnets " + subnets + " that the provisioner did "
                        + "not create, the request asks for a new network (VpcCIDR " + network.vpcCidr() + "); an "
                        + "environment's subnets cannot change after creation." + fix);
                return refused;
            }
            Map<String, String> actual = stack.get().parameters().stream().collect(Collectors.toMap(
                    Parameter::parameterKey, p -> String.valueOf(p.parameterValue()), (a, b) -> a, LinkedHashMap::new));
            Map<String, String> wanted = new LinkedHashMap<>();
            wanted.put(NetworkTemplate.PARAM_VPC_CIDR, network.vpcCidr());
            wanted.put(NetworkTemplate.PARAM_PUBLIC_SUBNET_1_CIDR, network.publicSubnet1Cidr());
            wanted.put(NetworkTemplate.PARAM_PUBLIC_SUBNET_2_CIDR, network.publicSubnet2Cidr());
            wanted.put(NetworkTemplate.PARAM_PRIVATE_SUBNET_1_CIDR, network.privateSubnet1Cidr());
            wanted.put(NetworkTemplate.PARAM_PRIVATE_SUBNET_2_CIDR, network.privateSubnet2Cidr());
            wanted.forEach((key, value) -> {
                if (!value.equals(actual.get(key))) {
                    refused.add("Network." + key + ": is " + actual.get(key) + " (stack " + stackName + "), the request "
                            + "says " + value + "; an environment's network cannot change after creation." + fix);
                }
            });
        } else if (request.network() instanceof ExistingNetwork existing) {
            if (inStack) {
                refused.add("Network: the environment is in the network stack " + stackName + " that the provisioner "
                        + "created for it, the request names existing subnets " + existing.subnetIds() + "; an "
                        + "environment's subnets cannot change after creation." + fix);
            } else if (!new HashSet<>(subnets).equals(new HashSet<>(existing.subnetIds()))) {
                refused.add("Network.SubnetIds: is " + subnets + ", the request says " + existing.subnetIds()
                        + "; an environment's subnets cannot change after creation." + fix);
            }
        }
        return refused;
    }

    private Optional<Stack> findStack(String stackName) {
        return AwsCalls.call("DescribeStacks " + stackName, () -> {
            try {
                return cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks().stream().findFirst();
            } catch (CloudFormationException e) {
                // CloudFormation answers a ValidationError "Stack with id X does not exist".
                if (e.statusCode() == 400 && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    private static List<String> privateSubnets(Stack stack) {
        return stack.outputs().stream()
                .filter(o -> o.outputKey().equals(NetworkTemplate.OUTPUT_PRIVATE_SUBNET_1)
                        || o.outputKey().equals(NetworkTemplate.OUTPUT_PRIVATE_SUBNET_2))
                .map(Output::outputValue).toList();
    }

    /**
     * How the customer-managed key's policy holds the "Allow logs access" statement now, before
     * this run writes anything: drift to repair on an existing environment, and what a rollback
     * may remove (ChangePlan).
     */
    private String keyStatement(ProvisioningRequest request, EnvironmentScope scope) {
        String keyArn = keyArn(request.kmsKey(), scope).toString();
        String policy = AwsCalls.call("GetKeyPolicy " + keyArn,
                () -> kms.getKeyPolicy(r -> r.keyId(keyArn).policyName("default")).policy());
        if (KeyPolicyLogsAccess.isPresent(policy, scope.partition(), scope.region(), scope.accountId())) {
            return ChangePlan.KEY_STATEMENT_PRESENT;
        }
        return KeyPolicyLogsAccess.hasSid(policy) ? ChangePlan.KEY_STATEMENT_DIFFERS : ChangePlan.KEY_STATEMENT_MISSING;
    }

    /** A line when the role's inline policy is missing or differs from what the request implies. */
    private Optional<String> executionPolicy(ProvisioningRequest request, EnvironmentScope scope) {
        String roleName = DerivedNames.executionRoleName(request.name());
        String policyName = DerivedNames.executionPolicyName(request.name());
        String bucket = BucketArn.parse(request.sourceBucketArn()).bucketName();
        JsonNode wanted = request.usesCustomerManagedKey()
                ? ExecutionRolePolicy.forCustomerManagedKey(scope, bucket, keyArn(request.kmsKey(), scope))
                : ExecutionRolePolicy.forAwsOwnedKey(scope, bucket);
        Optional<String> document = AwsCalls.call("GetRolePolicy " + roleName + "/" + policyName, () -> {
            try {
                return Optional.of(iam.getRolePolicy(r -> r.roleName(roleName).policyName(policyName)).policyDocument());
            } catch (NoSuchEntityException e) {
                return Optional.empty();
            }
        });
        if (document.isEmpty()) {
            return Optional.of("ExecutionRole: policy " + policyName + " of " + roleName + " is missing -> put back");
        }
        JsonNode actual;
        try {
            // IAM returns policy documents URL-encoded.
            actual = WorkflowJson.MAPPER.readTree(URLDecoder.decode(document.get(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return Optional.of("ExecutionRole: policy " + policyName + " of " + roleName + " is unreadable -> rewritten");
        }
        return actual.equals(wanted) ? Optional.empty()
                : Optional.of("ExecutionRole: policy " + policyName + " of " + roleName + " differs from the request's -> rewritten");
    }

    /** The key ARN of {@code KmsKey}: given as an ARN, or a key ID in this account and Region. */
    private static KmsKeyArn keyArn(String kmsKey, EnvironmentScope scope) {
        return kmsKey.startsWith("arn:")
                ? KmsKeyArn.parse(kmsKey)
                : new KmsKeyArn(scope.partition(), scope.region(), scope.accountId(), kmsKey);
    }
}
