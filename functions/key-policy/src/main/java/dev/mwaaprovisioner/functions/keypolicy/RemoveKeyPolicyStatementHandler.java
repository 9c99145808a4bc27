package dev.mwaaprovisioner.functions.keypolicy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.KeyPolicyLogsAccess;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.KeyPolicyLock;
import dev.mwaaprovisioner.common.workflow.KeyUsers;
import dev.mwaaprovisioner.common.workflow.RemovalState.Item;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Step "RemoveKeyPolicyStatement": takes the "Allow logs access" statement out of the
 * customer-managed key's policy, by its Sid, keeping every other statement; the key itself is the
 * user's and stays. The statement is the same for every environment of the account and Region
 * that uses the key, so it stays while another environment still uses the key. PutKeyPolicy has
 * no conditional write: the policy is read back, and the removal repeated when a concurrent
 * writer put the statement back from a stale read.
 *
 * <p>Input {@code {"Removal": <$.Removal>}}; output the updated {@link RemovalState}.
 */
public final class RemoveKeyPolicyStatementHandler
        extends WorkflowStep<RemoveKeyPolicyStatementHandler.Input, RemovalState> {

    public static final String FUNCTION = "RemoveKeyPolicyStatementFunction";
    static final String POLICY_NAME = "default";

    /** The function's input as the state machine passes it. */
    public record Input(@JsonProperty("Removal") RemovalState removal) {
    }

    static final String CONFIG_BUCKET = "CONFIG_BUCKET";

    private final KmsClient kms;
    private final MwaaClient mwaa;
    private final KeyPolicyLock lock;
    private final KeyUsers users;
    private final ClaimStore claims;

    /** Lambda's entry: clients built once per container from the process environment. */
    public RemoveKeyPolicyStatementHandler() {
        this(FromProcessEnvironment.CLIENTS);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public RemoveKeyPolicyStatementHandler(Map<String, String> environment) {
        this(new FunctionClients(FUNCTION, environment));
    }

    private RemoveKeyPolicyStatementHandler(FunctionClients clients) {
        // ListEnvironments and GetEnvironment are GETs: the URL-connection client sends them.
        this(clients.create(KmsClient.builder(), AwsService.KMS), clients.create(MwaaClient.builder(), AwsService.MWAA),
                UpdateKeyPolicyHandler.configBucket(clients), clients.requiredVariable(CONFIG_BUCKET));
    }

    /** The handler on these clients; the lock, the key's users and the claims live in {@code configBucket}. */
    public RemoveKeyPolicyStatementHandler(KmsClient kms, MwaaClient mwaa, S3Client s3, String configBucket) {
        super(FUNCTION, Input.class);
        this.kms = kms;
        this.mwaa = mwaa;
        this.lock = new KeyPolicyLock(s3, configBucket);
        this.users = new KeyUsers(s3, configBucket);
        this.claims = new ClaimStore(s3, configBucket);
    }

    private static final class FromProcessEnvironment {
        static final FunctionClients CLIENTS = new FunctionClients(FUNCTION, System.getenv());
    }

    /**
     * The priming: returns the handler's output on the sample event (the resource is not there).
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(400, "priming/key-not-found.json", "Content-Type", "application/x-amz-json-1.1")));
    }

    @Override
    public RemovalState handle(Input input) {
        RemovalState removal = input.removal();
        List<Item> items = new ArrayList<>();
        for (Item item : removal.items()) {
            boolean mine = item.kind().equals(RemovalState.KEY_POLICY_STATEMENT) && item.open();
            items.add(mine ? remove(item, removal.name()) : item);
        }
        return removal.with(items, null);
    }

    private Item remove(Item item, String name) {
        String keyArn = item.name();
        Optional<KeyMetadata> key = describe(keyArn);
        if (key.isEmpty() || key.get().keyState() == KeyState.PENDING_DELETION) {
            return item.with(RemovalState.ABSENT, "the key is gone or scheduled for deletion");
        }
        // Outside the lock: listing every environment can take longer than the lock's lease.
        Optional<String> user = environmentUsing(key.get());
        if (user.isPresent()) {
            if (!user.get().equals(name)) {
                users.unregister(keyArn, name);
            }
            return item.with(RemovalState.KEPT, "environment " + user.get() + " still uses the key");
        }
        return lock.whileHolding(keyArn, name, () -> {
            users.unregister(keyArn, name);
            Optional<String> pending = provisioningWith(key.get(), name);
            if (pending.isPresent()) {
                return item.with(RemovalState.KEPT, "environment " + pending.get()
                        + " is being provisioned with the key (its key-policy step has run)");
            }
            String policy = AwsCalls.call("GetKeyPolicy " + keyArn,
                    () -> kms.getKeyPolicy(r -> r.keyId(keyArn).policyName(POLICY_NAME)).policy());
            if (!hasStatement(policy)) {
                return item.with(RemovalState.ABSENT, "the key policy has no \"" + KeyPolicyLogsAccess.SID + "\" statement");
            }
            // The write's 200 is trusted: KMS reads are eventually consistent, and a read right after
            // PutKeyPolicy can still show the statement for seconds.
            String without = KeyPolicyLogsAccess.remove(policy);
            AwsCalls.run("PutKeyPolicy " + keyArn, () -> kms.putKeyPolicy(r -> r
                    .keyId(keyArn).policyName(POLICY_NAME).policy(without)));
            return item.with(RemovalState.REMOVED, null);
        });
    }

    /**
     * Another Name recorded as a user of the key whose environment MWAA lists with the key, or
     * that is still claimed (its provisioning runs, or failed and may be sent again). A recorded
     * Name with neither is left over (its environment went another way) and forgotten.
     */
    private Optional<String> provisioningWith(KeyMetadata key, String name) {
        for (String other : users.names(key.arn())) {
            if (other.equals(name)) {
                continue;
            }
            if (claims.read(other).isPresent() || usesKey(other, key)) {
                return Optional.of(other);
            }
            users.unregister(key.arn(), other);
        }
        return Optional.empty();
    }

    private Optional<KeyMetadata> describe(String keyArn) {
        return AwsCalls.call("DescribeKey " + keyArn, () -> {
            try {
                return Optional.of(kms.describeKey(r -> r.keyId(keyArn)).keyMetadata());
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** An environment of this account and Region whose KmsKey is this key (by ARN or key ID). */
    private Optional<String> environmentUsing(KeyMetadata key) {
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = AwsCalls.call("ListEnvironments", () -> mwaa.listEnvironments(r -> r.nextToken(next)));
            names.addAll(page.environments());
            token = page.nextToken();
        } while (token != null);
        // The environment of the removal counts too: a rollback of a failed update leaves it in
        // place, still using the key; a deprovision reaches this step once it is gone.
        return names.stream().filter(name -> usesKey(name, key)).findFirst();
    }

    /** True when MWAA has an environment of that name whose KmsKey is this key (by ARN or key ID). */
    private boolean usesKey(String name, KeyMetadata key) {
        Optional<Environment> environment = AwsCalls.call("GetEnvironment " + name, () -> {
            try {
                return Optional.of(mwaa.getEnvironment(r -> r.name(name)).environment());
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
        });
        String used = environment.map(Environment::kmsKey).orElse(null);
        return used != null && (used.equals(key.arn()) || used.equals(key.keyId()));
    }

    private static boolean hasStatement(String policy) {
        try {
            JsonNode statements = WorkflowJson.MAPPER.readTree(policy).path("Statement");
            for (JsonNode statement : statements) {
                if (KeyPolicyLogsAccess.SID.equals(statement.path("Sid").asText(null))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("The key policy is not JSON: " + e.getMessage(), e);
        }
    }
}
