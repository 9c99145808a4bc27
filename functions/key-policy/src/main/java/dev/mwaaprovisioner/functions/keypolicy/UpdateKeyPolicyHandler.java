package dev.mwaaprovisioner.functions.keypolicy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.KeyPolicyLogsAccess;
import dev.mwaaprovisioner.common.documents.Partition;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.KeyPolicyLock;
import dev.mwaaprovisioner.common.workflow.KeyPolicyState;
import dev.mwaaprovisioner.common.workflow.KeyUsers;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Step "UpdateKeyPolicy": for a customer-managed key, upserts the "Allow logs access" statement
 * (CloudWatch Logs may use the key for the environment's log groups) into the key policy. The
 * policy is read, merged by Sid and written back whole as {@code default}; every other statement
 * is kept; the lockout safety check is never bypassed. PutKeyPolicy has no conditional write, so
 * the read-modify-write runs while holding the key's {@link KeyPolicyLock} (two environments
 * sharing a key, provisioned at once, take turns and lose no statement). The write's 200 is
 * trusted: KMS reads are eventually consistent, so a read-back proves nothing. Under the same
 * lock the environment's Name is recorded as a user of the key ({@link KeyUsers}), so the removal
 * of another environment on the key keeps the statement until this one exists.
 *
 * <p>Input {@code {"Request", "Account", "Region", "Partition"}}; output the
 * {@link KeyPolicyState} ({@code $.KeyPolicy}).
 */
public final class UpdateKeyPolicyHandler extends WorkflowStep<UpdateKeyPolicyHandler.Input, KeyPolicyState> {

    public static final String FUNCTION = "UpdateKeyPolicyFunction";
    static final String POLICY_NAME = "default";

    /** The function's input as the state machine passes it. */
    public record Input(@JsonProperty("Request") ProvisioningRequest request,
                        @JsonProperty("Account") String account,
                        @JsonProperty("Region") String region,
                        @JsonProperty("Partition") String partition) {
    }

    static final String CONFIG_BUCKET = "CONFIG_BUCKET";

    private final KmsClient kms;
    private final KeyPolicyLock lock;
    private final KeyUsers users;

    /** Lambda's entry: clients built once per container from the process environment. */
    public UpdateKeyPolicyHandler() {
        this(FromProcessEnvironment.CLIENTS);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials, CONFIG_BUCKET). */
    public UpdateKeyPolicyHandler(Map<String, String> environment) {
        this(new FunctionClients(FUNCTION, environment));
    }

    private UpdateKeyPolicyHandler(FunctionClients clients) {
        this(clients.create(KmsClient.builder(), AwsService.KMS), configBucket(clients), clients.requiredVariable(CONFIG_BUCKET));
    }

    private UpdateKeyPolicyHandler(KmsClient kms, S3Client s3, String configBucket) {
        this(kms, new KeyPolicyLock(s3, configBucket), new KeyUsers(s3, configBucket));
    }

    /** The config bucket's client: path-style against an endpoint override, as the local cloud needs. */
    static S3Client configBucket(FunctionClients clients) {
        return clients.create(S3Client.builder()
                .forcePathStyle(clients.factory().endpointOverride(AwsService.S3).isPresent()), AwsService.S3);
    }

    /**
     * @param lock  the lock of the config bucket every key-policy edit of the deployment holds
     * @param users where the Names provisioned with a key are recorded
     */
    public UpdateKeyPolicyHandler(KmsClient kms, KeyPolicyLock lock, KeyUsers users) {
        super(FUNCTION, Input.class);
        this.kms = kms;
        this.lock = lock;
        this.users = users;
    }

    private static final class FromProcessEnvironment {
        static final FunctionClients CLIENTS = new FunctionClients(FUNCTION, System.getenv());
    }

    /**
     * The priming: returns the handler's output on the sample event.
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(200, "priming/describe-key.json", "Content-Type", "application/x-amz-json-1.1"),
                // The lock's two objects: created...
                SnapStartPriming.answer(200, null, "ETag", "\"9a0364b9e99bb480dd25e1f0284c8555\""),
                SnapStartPriming.answer(200, null, "ETag", "\"9a0364b9e99bb480dd25e1f0284c8555\""),
                // the Name recorded as a user of the key,
                SnapStartPriming.answer(200, null, "ETag", "\"9a0364b9e99bb480dd25e1f0284c8555\""),
                SnapStartPriming.answer(200, "priming/get-key-policy-root-only.json", "Content-Type", "application/x-amz-json-1.1"),
                SnapStartPriming.answer(200, "priming/empty.json", "Content-Type", "application/x-amz-json-1.1"),
                // ...and deleted.
                SnapStartPriming.answer(204, null),
                SnapStartPriming.answer(204, null)));
    }

    @Override
    public KeyPolicyState handle(Input input) {
        ProvisioningRequest request = input.request();
        if (!request.usesCustomerManagedKey()) {
            throw new IllegalArgumentException("Request " + request.name()
                    + " uses the AWS-owned key; the state machine skips this step for it.");
        }
        KeyMetadata key = usableKey(request.kmsKey());
        String keyArn = key.arn();
        Partition partition = Partition.fromId(input.partition());
        return lock.whileHolding(keyArn, request.name(), () -> {
            users.register(keyArn, request.name());
            return upsert(keyArn, partition, input);
        });
    }

    /**
     * The read-modify-write under the lock. The write's 200 is trusted: KMS reads are eventually
     * consistent, so reading the policy back right after PutKeyPolicy can answer the old one for
     * seconds, which says nothing about a conflict.
     */
    private KeyPolicyState upsert(String keyArn, Partition partition, Input input) {
        String current = policy(keyArn);
        if (KeyPolicyLogsAccess.isPresent(current, partition, input.region(), input.account())) {
            return new KeyPolicyState(keyArn, KeyPolicyLogsAccess.SID, false);
        }
        String merged = KeyPolicyLogsAccess.upsert(current, partition, input.region(), input.account());
        AwsCalls.run("PutKeyPolicy " + keyArn, () -> kms.putKeyPolicy(r -> r
                .keyId(keyArn).policyName(POLICY_NAME).policy(merged)));
        return new KeyPolicyState(keyArn, KeyPolicyLogsAccess.SID, true);
    }

    private KeyMetadata usableKey(String kmsKey) {
        KeyMetadata key = AwsCalls.call("DescribeKey " + kmsKey, () -> {
            try {
                return kms.describeKey(r -> r.keyId(kmsKey)).keyMetadata();
            } catch (NotFoundException e) {
                throw new UnusableKeyException("KmsKey: " + kmsKey + " does not exist in this account and Region; "
                        + "give the ARN or ID of a customer-managed symmetric key here.");
            }
        });
        String problem = null;
        if (key.keyManager() != KeyManagerType.CUSTOMER) {
            problem = "is managed by AWS, so its policy cannot be edited; use a customer-managed key";
        } else if (key.keyState() != KeyState.ENABLED) {
            problem = "is " + key.keyStateAsString() + "; enable it or use another key";
        } else if (key.keySpec() != null && key.keySpec() != KeySpec.SYMMETRIC_DEFAULT) {
            problem = "is " + key.keySpecAsString() + "; MWAA needs a symmetric encryption key";
        } else if (Boolean.TRUE.equals(key.multiRegion())) {
            problem = "is a multi-Region key, which MWAA does not accept; use a single-Region key";
        }
        if (problem != null) {
            throw new UnusableKeyException("KmsKey: " + key.arn() + " " + problem + ".");
        }
        return key;
    }

    private String policy(String keyArn) {
        return AwsCalls.call("GetKeyPolicy " + keyArn,
                () -> kms.getKeyPolicy(r -> r.keyId(keyArn).policyName(POLICY_NAME)).policy());
    }
}
