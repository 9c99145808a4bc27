package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.mwaaprovisioner.common.aws.AwsClientFactory;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import dev.mwaaprovisioner.common.documents.KeyPolicyLogsAccess;
import dev.mwaaprovisioner.common.request.ExistingNetwork;
import dev.mwaaprovisioner.common.request.InvalidRequestException;
import dev.mwaaprovisioner.common.request.NewNetwork;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.request.RequestParser;
import dev.mwaaprovisioner.common.workflow.ChangePlan;
import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.EnvironmentClaim;
import dev.mwaaprovisioner.common.workflow.ImmutableChangeException;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.RequestValidationException;
import dev.mwaaprovisioner.common.workflow.RetryableAwsException;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.functions.environment.EnvironmentBusyException;
import dev.mwaaprovisioner.functions.environment.PlanChangesHandler;
import dev.mwaaprovisioner.functions.existingnetwork.CheckExistingNetworkHandler;
import dev.mwaaprovisioner.functions.validate.ValidateRequestHandler;
import dev.mwaaprovisioner.local.functions.AwsTarget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * What provisioning a request file would do on a deployment, decided by the workflow's own steps
 * with read calls only: ValidateRequest's checks without its claim ({@link ValidateRequestHandler#check}),
 * the Name's claim read (never written), PlanChanges (the comparison with what exists), and for a
 * creation in existing subnets CheckExistingNetwork. Nothing is uploaded, claimed or changed.
 */
public final class ProvisioningPlan {

    public static final String CREATE = "Create";
    public static final String UPDATE = "Update";
    public static final String NONE = "None";
    /** The workflow would refuse the request: invalid, a Name another file owns, a change MWAA cannot make. */
    public static final String REFUSED = "Refused";
    /** The environment is busy (updating, in maintenance...): the workflow waits, then compares. */
    public static final String WAIT = "Wait";

    /**
     * The plan of one file.
     *
     * @param requestUri where the file would be uploaded, the owner it would have
     * @param name       the request's Name, or null when the file names none validly
     * @param action     {@value #CREATE}, {@value #UPDATE}, {@value #NONE}, {@value #REFUSED} or {@value #WAIT}
     * @param summary    one line for people
     * @param details    one {@code Field: ...} line per change, resource or problem
     */
    @JsonPropertyOrder({"File", "RequestUri", "Name", "Action", "Summary", "Details"})
    public record Result(@JsonProperty("File") String file,
                         @JsonProperty("RequestUri") String requestUri,
                         @JsonProperty("Name") String name,
                         @JsonProperty("Action") String action,
                         @JsonProperty("Summary") String summary,
                         @JsonProperty("Details") List<String> details) {

        public Result {
            details = List.copyOf(details);
        }

        public boolean refused() {
            return REFUSED.equals(action);
        }
    }

    private final AwsTarget target;
    private final Deployment deployment;

    public ProvisioningPlan(AwsTarget target, Deployment deployment) {
        this.target = target;
        this.deployment = deployment;
    }

    /**
     * Plans {@code content} as if it were uploaded as {@code <request prefix><fileName>}.
     *
     * @throws TargetUnreachableException when the target cannot be used (credentials, endpoint)
     * @throws Deployment.NotDeployedException when the config bucket does not exist there
     */
    public Result plan(String file, String fileName, byte[] content) {
        StandaloneFunctions.account(target);
        try {
            return planOf(file, fileName, content);
        } catch (StepFailedException e) {
            return new Result(file, "s3://" + deployment.configBucket() + "/" + deployment.requestPrefix() + fileName,
                    null, REFUSED, "Refused: the workflow would fail and change nothing.", List.of(e.getMessage()));
        }
    }

    private Result planOf(String file, String fileName, byte[] content) {
        String key = deployment.requestPrefix() + fileName;
        String uri = "s3://" + deployment.configBucket() + "/" + key;
        Map<String, String> environment = new LinkedHashMap<>(target.variables());
        environment.put("CONFIG_BUCKET", deployment.configBucket());
        environment.put("REQUEST_PREFIX", deployment.requestPrefix());
        try (AwsClientFactory clients = new AwsClientFactory(target.variables());
             S3Client s3 = clients.create(S3Client.builder().forcePathStyle(target.endpointOverride().isPresent()),
                     AwsService.S3)) {
            // The file's current version, if it is there already, is the one an upload would follow.
            String previousName = call("s3:GetObject " + uri, () -> currentName(s3, key, uri));
            RequestSource source = new RequestSource(RequestSource.S3_OBJECT, uri, null, null, previousName);

            ValidateRequestHandler.Output validated;
            try {
                validated = call("ValidateRequest", () -> new ValidateRequestHandler(environment).check(content, source));
            } catch (RequestValidationException e) {
                return new Result(file, uri, e.environmentName().orElse(null), REFUSED, "Refused: " + file
                        + " is not a valid request; the workflow would change nothing.", e.problems());
            }
            ProvisioningRequest request = validated.request();
            String name = request.name();

            Optional<ClaimStore.StoredClaim> claim = call("s3:GetObject " + ClaimStore.key(name),
                    () -> new ClaimStore(s3, deployment.configBucket()).read(name));
            if (claim.isPresent() && !claim.get().claim().ownedBy(EnvironmentClaim.Owner.of(source))) {
                EnvironmentClaim owner = claim.get().claim();
                return new Result(file, uri, name, REFUSED, "Refused: environment name " + name + " is owned by "
                        + owner.owner().describe() + "; the workflow would change nothing.", List.of("Name: " + name
                        + " was claimed by " + owner.owner().describe() + " at " + owner.claimedAt() + ", not by " + uri
                        + ". Give this request another Name, or remove the owner's request first (its DeletionPolicy "
                        + "decides what happens to " + name + ")."));
            }

            PlanChangesHandler.Input input = WorkflowJson.MAPPER.convertValue(validated, PlanChangesHandler.Input.class);
            ChangePlan changes;
            try {
                changes = call("PlanChanges", () -> new PlanChangesHandler(environment).handle(input));
            } catch (ImmutableChangeException e) {
                return new Result(file, uri, name, REFUSED, "Refused: environment " + name + " cannot change in place "
                        + "as " + file + " asks; the workflow would change nothing.", e.problems());
            } catch (EnvironmentBusyException e) {
                return new Result(file, uri, name, WAIT, "Wait: " + e.getMessage(), List.of());
            }
            return switch (changes.action()) {
                case ChangePlan.NONE -> new Result(file, uri, name, NONE, "Nothing to do: environment " + name + " is "
                        + "as " + file + " asks" + (changes.environment() == null ? "" : " ("
                        + changes.environment().status() + ")") + ".", List.of());
                case ChangePlan.UPDATE -> new Result(file, uri, name, UPDATE, "Update: environment " + name + " changes "
                        + "in place (" + changes.changed().size() + (changes.changed().size() == 1 ? " change" : " changes")
                        + "):", changes.changed());
                default -> create(file, uri, request, changes, environment);
            };
        }
    }

    private Result create(String file, String uri, ProvisioningRequest request, ChangePlan changes,
                          Map<String, String> environment) {
        String name = request.name();
        List<String> details = new ArrayList<>();
        if (request.network() instanceof NewNetwork network) {
            details.add("Network: stack " + DerivedNames.networkStackName(name) + " with VPC " + network.vpcCidr()
                    + ", private subnets " + network.privateSubnet1Cidr() + " and " + network.privateSubnet2Cidr()
                    + ", public subnets " + network.publicSubnet1Cidr() + " and " + network.publicSubnet2Cidr()
                    + " -> create");
        } else if (request.network() instanceof ExistingNetwork network) {
            try {
                call("CheckExistingNetwork", () -> new CheckExistingNetworkHandler(environment)
                        .handle(new CheckExistingNetworkHandler.Input(request,
                                new RequestSource(RequestSource.S3_OBJECT, uri, null, null))));
            } catch (RequestValidationException e) {
                return new Result(file, uri, name, REFUSED, "Refused: the network " + file + " names cannot take "
                        + "environment " + name + "; the workflow would change nothing.", e.problems());
            }
            details.add("Network: subnets " + network.subnetIds() + " and security groups " + network.securityGroupIds()
                    + " (checked: private, two Availability Zones, one VPC) -> use");
        }
        details.add(request.createsExecutionRole()
                ? "ExecutionRole: role " + DerivedNames.executionRoleName(name) + " with policy "
                        + DerivedNames.executionPolicyName(name) + " -> create"
                : "ExecutionRoleArn: " + request.executionRoleArn() + " -> use");
        if (request.usesCustomerManagedKey()) {
            details.add("KmsKey: the \"" + KeyPolicyLogsAccess.SID + "\" statement in the policy of key "
                    + request.kmsKey() + (ChangePlan.KEY_STATEMENT_PRESENT.equals(changes.keyStatement())
                    ? " is there already" : " -> " + (ChangePlan.KEY_STATEMENT_DIFFERS.equals(changes.keyStatement())
                    ? "put back" : "add")));
        }
        details.add("Environment: " + name + " (" + orDefault(request.environmentClass()) + ", Airflow "
                + orDefault(request.airflowVersion()) + ") -> create");
        return new Result(file, uri, name, CREATE, "Create: environment " + name + " is provisioned:", details);
    }

    private static String orDefault(String value) {
        return value == null ? "MWAA's default" : value;
    }

    /** The Name the file's current version in the bucket asks for; null when there is none or it is not valid. */
    private String currentName(S3Client s3, String key, String uri) {
        byte[] current;
        try {
            current = s3.getObjectAsBytes(r -> r.bucket(deployment.configBucket()).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (NoSuchBucketException e) {
            throw new Deployment.NotDeployedException("The config bucket " + deployment.configBucket() + " does not "
                    + "exist on " + target.describe() + ": give the bucket of the deployment (--config-bucket), or its "
                    + "stack (--stack-name).");
        }
        try {
            return RequestParser.standard().parse(current, uri).name();
        } catch (InvalidRequestException e) {
            return null;
        }
    }

    /**
     * A step's call: the step's own refusals pass; a failure to reach or use the target says so in
     * one line; any other AWS error is the workflow's failure too, so the plan says it is refused.
     */
    private <T> T call(String step, Supplier<T> call) {
        try {
            return call.get();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 403 && step.startsWith("s3:")) {
                throw TargetUnreachableException.of(target, step, e);
            }
            throw new StepFailedException(step, e);
        } catch (SdkException e) {
            throw TargetUnreachableException.of(target, step, e);
        } catch (RetryableAwsException e) {
            // A throttled, failing or unreachable endpoint: the workflow would retry, a plan just says so.
            if (e.getCause() instanceof SdkException cause) {
                throw TargetUnreachableException.of(target, step, cause);
            }
            throw e;
        }
    }

    /** An AWS error a step of the workflow would fail with; the plan reports it as the refusal. */
    public static final class StepFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailedException(String step, AwsServiceException e) {
            super(step + " would fail: " + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage(), e);
        }
    }
}
