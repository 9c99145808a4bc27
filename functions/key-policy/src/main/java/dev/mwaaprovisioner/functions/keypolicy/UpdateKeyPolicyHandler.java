package dev.mwaaprovisioner.functions.keypolicy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.KeyPolicyLogsAccess;
import dev.mwaaprovisioner.common.documents.Partition;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.KeyPolicyState;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Step "UpdateKeyPolicy": for a customer-managed key, upserts the "Allow logs access" statement
 * (CloudWatch Logs may use the key for the environment's log groups) into the key policy. The
 * policy is read, merged by Sid and written back whole as {@code default}; every other statement
 * is kept; the lockout safety check is never bypassed. PutKeyPolicy has no conditional write, so
 * the step reads the policy back and repeats when a concurrent writer dropped the statement.
 *
 * <p>Input {@code {"Request", "Account", "Region", "Partition"}}; output the
 * {@link KeyPolicyState} ({@code $.KeyPolicy}).
 */
public final class UpdateKeyPolicyHandler implements RequestStreamHandler, Resource {

    public static final String FUNCTION = "UpdateKeyPolicyFunction";
    static final String POLICY_NAME = "default";
    static final int ATTEMPTS = 3;

    /** The function's input as the state machine passes it. */
    public record Input(@JsonProperty("Request") ProvisioningRequest request,
                        @JsonProperty("Account") String account,
                        @JsonProperty("Region") String region,
                        @JsonProperty("Partition") String partition) {
    }

    private final KmsClient kms;

    /** Lambda's entry: clients built once per container from the process environment. */
    public UpdateKeyPolicyHandler() {
        this(FromProcessEnvironment.KMS);
        Core.getGlobalContext().register(this);
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public UpdateKeyPolicyHandler(Map<String, String> environment) {
        this(kms(new FunctionClients(FUNCTION, environment)));
    }

    public UpdateKeyPolicyHandler(KmsClient kms) {
        this.kms = kms;
    }

    private static KmsClient kms(FunctionClients clients) {
        return clients.create(KmsClient.builder(), AwsService.KMS);
    }

    private static final class FromProcessEnvironment {
        static final KmsClient KMS = kms(new FunctionClients(FUNCTION, System.getenv()));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        WorkflowJson.write(output, handle(WorkflowJson.read(input, Input.class)));
    }

    /**
     * SnapStart: before Lambda snapshots this initialised container, run the handler once on its
     * sample event with canned KMS answers (see SnapStartPriming): nothing is sent, and the
     * first invocation after a restore finds its call path loaded.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        SnapStartPriming.quietly(this::prime);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to refresh: clients hold no connection across a snapshot (the first call opens one).
    }

    /**
     * The priming: returns the handler's output on the sample event.
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    public String prime() {
        return SnapStartPriming.prime(FUNCTION, SnapStartPriming.sampleEvent(FUNCTION, "input.json"),
                (in, out) -> handleRequest(in, out, null), List.of(
                SnapStartPriming.answer(200, "priming/describe-key.json", "Content-Type", "application/x-amz-json-1.1"),
                SnapStartPriming.answer(200, "priming/get-key-policy-root-only.json", "Content-Type", "application/x-amz-json-1.1"),
                SnapStartPriming.answer(200, "priming/empty.json", "Content-Type", "application/x-amz-json-1.1"),
                SnapStartPriming.answer(200, "priming/get-key-policy-with-logs-access.json", "Content-Type", "application/x-amz-json-1.1")));
    }

    public KeyPolicyState handle(Input input) {
        ProvisioningRequest request = input.request();
        if (!request.usesCustomerManagedKey()) {
            throw new IllegalArgumentException("Request " + request.name()
                    + " uses the AWS-owned key; the state machine skips this step for it.");
        }
        KeyMetadata key = usableKey(request.kmsKey());
        String keyArn = key.arn();
        Partition partition = Partition.fromId(input.partition());
        boolean changed = false;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String current = policy(keyArn);
            if (KeyPolicyLogsAccess.isPresent(current, partition, input.region(), input.account())) {
                return new KeyPolicyState(keyArn, KeyPolicyLogsAccess.SID, changed);
            }
            String merged = KeyPolicyLogsAccess.upsert(current, partition, input.region(), input.account());
            AwsCalls.run("PutKeyPolicy " + keyArn, () -> kms.putKeyPolicy(r -> r
                    .keyId(keyArn).policyName(POLICY_NAME).policy(merged)));
            changed = true;
        }
        throw new KeyPolicyConflictException("The policy of key " + keyArn + " changed under us " + ATTEMPTS
                + " times and still lacks the \"" + KeyPolicyLogsAccess.SID + "\" statement; another process "
                + "keeps rewriting it. Stop it, then send the request again.");
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
