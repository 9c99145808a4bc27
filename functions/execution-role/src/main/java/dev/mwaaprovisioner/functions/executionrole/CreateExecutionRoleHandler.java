package dev.mwaaprovisioner.functions.executionrole;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.BucketArn;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import dev.mwaaprovisioner.common.documents.EnvironmentScope;
import dev.mwaaprovisioner.common.documents.ExecutionRolePolicy;
import dev.mwaaprovisioner.common.documents.ExecutionRoleTrustPolicy;
import dev.mwaaprovisioner.common.documents.KmsKeyArn;
import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.common.documents.Partition;
import dev.mwaaprovisioner.common.documents.PolicyJson;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.ExecutionRoleState;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Step "CreateExecutionRole": creates the execution role {@code mwaa-<Name>-execution} (or finds
 * it), sets its trust policy (MWAA's two principals, for this environment only) and puts the
 * execution policy in the variant of the request's key: the AWS-owned key, or the customer-managed
 * key in {@code KmsKey}. Re-running converges: the trust and inline policies are rewritten, so a
 * changed request (another bucket, another key) is applied.
 *
 * <p>Input {@code {"Request", "Account", "Region", "Partition"}}; output the
 * {@link ExecutionRoleState} ({@code $.ExecutionRole}). Requests that bring
 * {@code ExecutionRoleArn} never reach this step.
 */
public final class CreateExecutionRoleHandler
        extends WorkflowStep<CreateExecutionRoleHandler.Input, ExecutionRoleState> {

    public static final String FUNCTION = "CreateExecutionRoleFunction";

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Request") ProvisioningRequest request,
                        @Required @JsonProperty("Account") String account,
                        @Required @JsonProperty("Region") String region,
                        @Required @JsonProperty("Partition") String partition) {
    }

    private final IamClient iam;

    /** Lambda's entry: clients built once per container from the process environment. */
    public CreateExecutionRoleHandler() {
        this(FromProcessEnvironment.IAM);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public CreateExecutionRoleHandler(Map<String, String> environment) {
        this(iam(new FunctionClients(FUNCTION, environment)));
    }

    public CreateExecutionRoleHandler(IamClient iam) {
        super(FUNCTION, Input.class);
        this.iam = iam;
    }

    private static IamClient iam(FunctionClients clients) {
        // IAM is a global service: the SDK signs for its partition's global Region.
        return clients.create(IamClient.builder(), AwsService.IAM);
    }

    private static final class FromProcessEnvironment {
        static final IamClient IAM = iam(new FunctionClients(FUNCTION, System.getenv()));
    }

    /**
     * The priming: returns the handler's output on the sample event.
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(404, "priming/no-such-role.xml", "Content-Type", "text/xml"),
                SnapStartPriming.answer(200, "priming/create-role.xml", "Content-Type", "text/xml"),
                SnapStartPriming.answer(200, "priming/put-role-policy.xml", "Content-Type", "text/xml")));
    }

    @Override
    public ExecutionRoleState handle(Input input) {
        ProvisioningRequest request = input.request();
        if (!request.createsExecutionRole()) {
            throw new IllegalArgumentException("Request " + request.name()
                    + " brings ExecutionRoleArn; the state machine skips this step for it.");
        }
        String name = request.name();
        EnvironmentScope scope = new EnvironmentScope(Partition.fromId(input.partition()), input.region(),
                input.account(), name);
        String roleName = DerivedNames.executionRoleName(name);
        String policyName = DerivedNames.executionPolicyName(name);
        String trust = PolicyJson.compact(ExecutionRoleTrustPolicy.forEnvironment(scope));
        String bucket = BucketArn.parse(request.sourceBucketArn()).bucketName();
        boolean customerKey = request.usesCustomerManagedKey();
        String policy = PolicyJson.compact(customerKey
                ? ExecutionRolePolicy.forCustomerManagedKey(scope, bucket, keyArn(request.kmsKey(), scope))
                : ExecutionRolePolicy.forAwsOwnedKey(scope, bucket));

        Optional<Role> existing = find(roleName);
        boolean created = false;
        Role role;
        if (existing.isPresent()) {
            role = existing.get();
            requireOwnedBy(role, name);
            AwsCalls.run("UpdateAssumeRolePolicy " + roleName,
                    () -> iam.updateAssumeRolePolicy(r -> r.roleName(roleName).policyDocument(trust)));
        } else {
            try {
                role = AwsCalls.call("CreateRole " + roleName, () -> iam.createRole(r -> r
                        .roleName(roleName)
                        .assumeRolePolicyDocument(trust)
                        .description("Execution role of the MWAA environment " + name + ", managed by mwaa-provisioner")
                        .tags(Tag.builder().key(NetworkTemplate.ENVIRONMENT_TAG_KEY).value(name).build())).role());
                created = true;
            } catch (EntityAlreadyExistsException raced) {
                role = find(roleName).orElseThrow(() -> raced);
                requireOwnedBy(role, name);
            }
        }
        // Attached before CreateEnvironment: MWAA checks the role's S3 access when it creates.
        AwsCalls.run("PutRolePolicy " + roleName + "/" + policyName,
                () -> iam.putRolePolicy(r -> r.roleName(roleName).policyName(policyName).policyDocument(policy)));
        return new ExecutionRoleState(role.arn(), roleName, policyName,
                customerKey ? ExecutionRoleState.CUSTOMER_MANAGED_KEY : ExecutionRoleState.AWS_OWNED_KEY,
                false, created);
    }

    /** The key ARN of {@code KmsKey}: given as an ARN, or a key ID in this account and Region. */
    static KmsKeyArn keyArn(String kmsKey, EnvironmentScope scope) {
        return kmsKey.startsWith("arn:")
                ? KmsKeyArn.parse(kmsKey)
                : new KmsKeyArn(scope.partition(), scope.region(), scope.accountId(), kmsKey);
    }

    private Optional<Role> find(String roleName) {
        return AwsCalls.call("GetRole " + roleName, () -> {
            try {
                return Optional.of(iam.getRole(r -> r.roleName(roleName)).role());
            } catch (NoSuchEntityException e) {
                return Optional.empty();
            }
        });
    }

    /** The role carries the environment tag this step puts on it; otherwise it is not ours to change. */
    private static void requireOwnedBy(Role role, String environmentName) {
        String owner = role.tags().stream().filter(t -> t.key().equals(NetworkTemplate.ENVIRONMENT_TAG_KEY))
                .map(Tag::value).findFirst().orElse(null);
        if (!environmentName.equals(owner)) {
            throw new ExecutionRoleConflictException("Role " + role.roleName() + " exists but was not created by the "
                    + "provisioner for environment " + environmentName + " (its tag " + NetworkTemplate.ENVIRONMENT_TAG_KEY
                    + " is " + (owner == null ? "missing" : "'" + owner + "'") + "). Give ExecutionRoleArn to use it "
                    + "as it is, or delete it.");
        }
    }
}
