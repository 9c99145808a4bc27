package dev.mwaaprovisioner.local.cloud.kms;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.Arns;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.iam.PolicyDocuments;
import java.util.concurrent.ThreadLocalRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The KMS keys and aliases of the local account, per Region. Keys scheduled for deletion are
 * deleted when their deletion date passes on the cloud's clock. Thread-safe; every method either
 * completes or throws the {@link CloudException} KMS answers with.
 */
public final class KmsStore {

    public static final String ENABLED = "Enabled";
    public static final String DISABLED = "Disabled";
    public static final String PENDING_DELETION = "PendingDeletion";
    /** The one key policy name KMS knows. */
    public static final String DEFAULT_POLICY_NAME = "default";

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}");
    private static final Pattern ALIAS_NAME = Pattern.compile("alias/[a-zA-Z0-9/_-]{1,250}");
    private static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):(\\d{12}):key/(.+)");
    private static final Pattern ALIAS_ARN = Pattern.compile("arn:aws[a-z-]*:kms:([a-z0-9-]+):(\\d{12}):(alias/.+)");

    private final CloudClock clock;
    private final String accountId;
    /** region → key id → key */
    private final Map<String, LinkedHashMap<String, MutableKey>> keys = new LinkedHashMap<>();
    /** region → alias name → alias */
    private final Map<String, LinkedHashMap<String, MutableAlias>> aliases = new LinkedHashMap<>();

    private static final class MutableKey {
        String keyId;
        String arn;
        String region;
        Instant creationDate;
        String description;
        String keyUsage;
        String keySpec;
        boolean multiRegion;
        String state;
        Instant deletionDate;
        Integer pendingWindowInDays;
        String policy;
        /**
         * What a stale read answers: the policy before the first PutKeyPolicy since the last read
         * that saw the writes (null when reads have caught up).
         */
        String stalePolicy;
        final LinkedHashMap<String, String> tags = new LinkedHashMap<>();

        KmsKey snapshot() {
            return new KmsKey(keyId, arn, region, creationDate, description, keyUsage, keySpec, multiRegion, state,
                    deletionDate, pendingWindowInDays, policy, tags);
        }
    }

    private static final class MutableAlias {
        String name;
        String arn;
        String targetKeyId;
        Instant creationDate;
        Instant lastUpdatedDate;
    }

    /** An alias as listed. */
    public record KmsAlias(String aliasName, String aliasArn, String targetKeyId, Instant creationDate, Instant lastUpdatedDate) {}

    public KmsStore(CloudClock clock, String accountId) {
        this.clock = clock;
        this.accountId = accountId;
    }

    /**
     * Creates a symmetric encryption key.
     *
     * @param policy null for the default key policy
     */
    public KmsKey createKey(String region, String description, String policy, String keyUsage, String keySpec,
                            boolean multiRegion, Map<String, String> tags, boolean bypassLockoutCheck) {
        return createKey(null, region, description, policy, keyUsage, keySpec, multiRegion, tags, bypassLockoutCheck);
    }

    /**
     * Local only, never through the KMS API (where KMS picks the ID): a single-Region key with the
     * given key ID, so that a request naming a key of the user's account finds it in the local cloud.
     */
    public KmsKey createKeyWithId(String keyId, String region, String description, Map<String, String> tags) {
        if (!keyId.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw validation("Key ID '" + keyId + "' is not a single-Region key ID (a lowercase UUID)");
        }
        return createKey(keyId, region, description, null, null, null, false, tags, false);
    }

    private KmsKey createKey(String givenKeyId, String region, String description, String policy, String keyUsage,
                             String keySpec, boolean multiRegion, Map<String, String> tags, boolean bypassLockoutCheck) {
        String usage = keyUsage == null ? "ENCRYPT_DECRYPT" : keyUsage;
        String spec = keySpec == null ? "SYMMETRIC_DEFAULT" : keySpec;
        if (!spec.equals("SYMMETRIC_DEFAULT") || !usage.equals("ENCRYPT_DECRYPT")) {
            throw new CloudException("UnsupportedOperationException", 400, "KeySpec " + spec + " with KeyUsage " + usage
                    + " is not supported by the local cloud: only SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys are emulated.");
        }
        if (description != null && description.length() > 8192) {
            throw validation("Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192");
        }
        String partition = Arns.partition(region);
        String keyPolicy = policy == null ? KeyPolicies.defaultPolicy(partition, accountId) : checkPolicy(policy, bypassLockoutCheck);
        synchronized (this) {
            if (givenKeyId != null && keys.containsKey(region) && keys.get(region).containsKey(givenKeyId)) {
                throw new CloudException("AlreadyExistsException", 400, "Key " + givenKeyId + " exists already");
            }
            MutableKey key = new MutableKey();
            key.keyId = givenKeyId != null ? givenKeyId : multiRegion ? "mrk-" + HexFormat.of().formatHex(randomBytes(16)) : UUID.randomUUID().toString();
            key.region = region;
            key.arn = "arn:" + partition + ":kms:" + region + ":" + accountId + ":key/" + key.keyId;
            key.creationDate = clock.now();
            key.description = description == null ? "" : description;
            key.keyUsage = usage;
            key.keySpec = spec;
            key.multiRegion = multiRegion;
            key.state = ENABLED;
            key.policy = keyPolicy;
            if (tags != null) {
                key.tags.putAll(tags);
            }
            keys.computeIfAbsent(region, r -> new LinkedHashMap<>()).put(key.keyId, key);
            return key.snapshot();
        }
    }

    /** The key a key id, key ARN, alias name or alias ARN names in the region, if it exists. */
    public synchronized Optional<KmsKey> findKey(String region, String keyRef) {
        try {
            return Optional.of(key(region, keyRef).snapshot());
        } catch (CloudException notFound) {
            return Optional.empty();
        }
    }

    /** As {@link #findKey}, or the NotFoundException KMS answers with. */
    public synchronized KmsKey describeKey(String region, String keyRef) {
        return key(region, keyRef).snapshot();
    }

    public synchronized String getKeyPolicy(String region, String keyRef, String policyName) {
        MutableKey key = key(region, keyRef);
        checkPolicyName(policyName);
        return key.policy;
    }

    public void putKeyPolicy(String region, String keyRef, String policyName, String policy, boolean bypassLockoutCheck) {
        checkPolicyName(policyName);
        if (policy == null) {
            throw validation("Value null at 'policy' failed to satisfy constraint: Member must not be null");
        }
        synchronized (this) {
            MutableKey key = key(region, keyRef);
            String checked = checkPolicy(policy, bypassLockoutCheck);
            if (key.stalePolicy == null) {
                key.stalePolicy = key.policy;
            }
            key.policy = checked;
        }
    }

    /** What a stale read of the key's policy answers, if writes have not shown yet: the policy before them. */
    public synchronized java.util.Optional<String> stalePolicy(String region, String keyRef) {
        return java.util.Optional.ofNullable(key(region, keyRef).stalePolicy);
    }

    /** A read saw the key's writes: later reads are not stale any more. */
    public synchronized void readsCaughtUp(String region, String keyRef) {
        key(region, keyRef).stalePolicy = null;
    }

    public synchronized List<String> listKeyPolicies(String region, String keyRef) {
        key(region, keyRef);
        return List.of(DEFAULT_POLICY_NAME);
    }

    /** Every key of the region, in creation order. */
    public synchronized List<KmsKey> listKeys(String region) {
        purgeDeleted(region);
        return keys.getOrDefault(region, new LinkedHashMap<>()).values().stream().map(MutableKey::snapshot).toList();
    }

    /** Every key of every region. */
    public synchronized List<KmsKey> allKeys() {
        List<KmsKey> all = new ArrayList<>();
        for (String region : List.copyOf(keys.keySet())) {
            all.addAll(listKeys(region));
        }
        return all;
    }

    public synchronized void createAlias(String region, String aliasName, String targetKeyRef) {
        checkAliasName(aliasName);
        if (targetKeyRef == null) {
            throw validation("Value null at 'targetKeyId' failed to satisfy constraint: Member must not be null");
        }
        if (targetKeyRef.startsWith("alias/") || ALIAS_ARN.matcher(targetKeyRef).matches()) {
            throw new CloudException("NotFoundException", 400,
                    "TargetKeyId must be a key ID or key ARN, not an alias: " + targetKeyRef);
        }
        MutableKey key = key(region, targetKeyRef);
        requireNotPendingDeletion(key);
        LinkedHashMap<String, MutableAlias> regionAliases = aliases.computeIfAbsent(region, r -> new LinkedHashMap<>());
        String arn = aliasArn(region, aliasName);
        if (regionAliases.containsKey(aliasName)) {
            throw new CloudException("AlreadyExistsException", 400, "An alias with the name " + arn + " already exists");
        }
        MutableAlias alias = new MutableAlias();
        alias.name = aliasName;
        alias.arn = arn;
        alias.targetKeyId = key.keyId;
        alias.creationDate = clock.now();
        alias.lastUpdatedDate = alias.creationDate;
        regionAliases.put(aliasName, alias);
    }

    /** Aliases of the region, optionally only those of one key. */
    public synchronized List<KmsAlias> listAliases(String region, String keyRef) {
        purgeDeleted(region);
        String onlyKeyId = keyRef == null ? null : key(region, keyRef).keyId;
        List<KmsAlias> result = new ArrayList<>();
        for (MutableAlias a : aliases.getOrDefault(region, new LinkedHashMap<>()).values()) {
            if (onlyKeyId == null || onlyKeyId.equals(a.targetKeyId)) {
                result.add(new KmsAlias(a.name, a.arn, a.targetKeyId, a.creationDate, a.lastUpdatedDate));
            }
        }
        return result;
    }

    /** Schedules the key's deletion after 7–30 days (default 30) on the cloud's clock. */
    public synchronized KmsKey scheduleKeyDeletion(String region, String keyRef, Integer pendingWindowInDays) {
        int days = pendingWindowInDays == null ? 30 : pendingWindowInDays;
        if (days < 7 || days > 30) {
            throw validation("Value '" + days + "' at 'pendingWindowInDays' failed to satisfy constraint: "
                    + "Member must have value between 7 and 30");
        }
        MutableKey key = key(region, keyRef);
        requireNotPendingDeletion(key);
        key.state = PENDING_DELETION;
        key.pendingWindowInDays = days;
        key.deletionDate = clock.now().plus(Duration.ofDays(days));
        return key.snapshot();
    }

    public synchronized KmsKey cancelKeyDeletion(String region, String keyRef) {
        MutableKey key = key(region, keyRef);
        if (!key.state.equals(PENDING_DELETION)) {
            throw new CloudException("KMSInvalidStateException", 400, key.arn + " is not pending deletion.");
        }
        key.state = DISABLED;
        key.deletionDate = null;
        key.pendingWindowInDays = null;
        return key.snapshot();
    }

    public synchronized void setEnabled(String region, String keyRef, boolean enabled) {
        MutableKey key = key(region, keyRef);
        requireNotPendingDeletion(key);
        key.state = enabled ? ENABLED : DISABLED;
    }

    private MutableKey key(String region, String keyRef) {
        purgeDeleted(region);
        if (keyRef == null || keyRef.isBlank()) {
            throw validation("Value null at 'keyId' failed to satisfy constraint: Member must not be null");
        }
        String keyRegion = region;
        String id = keyRef;
        var aliasArn = ALIAS_ARN.matcher(keyRef);
        var keyArn = KEY_ARN.matcher(keyRef);
        if (aliasArn.matches()) {
            keyRegion = aliasArn.group(1);
            id = aliasArn.group(3);
        } else if (keyArn.matches()) {
            keyRegion = keyArn.group(1);
            id = keyArn.group(3);
            if (!keyArn.group(2).equals(accountId)) {
                throw new CloudException("NotFoundException", 400, "Key '" + keyRef + "' does not exist");
            }
        }
        if (id.startsWith("alias/")) {
            MutableAlias alias = keyRegion.equals(region)
                    ? aliases.getOrDefault(region, new LinkedHashMap<>()).get(id) : null;
            if (alias == null) {
                throw new CloudException("NotFoundException", 400, "Alias " + aliasArn(region, id) + " is not found.");
            }
            id = alias.targetKeyId;
        } else if (!KEY_ID.matcher(id).matches()) {
            throw new CloudException("NotFoundException", 400, "Invalid keyId '" + keyRef + "'");
        }
        MutableKey key = keyRegion.equals(region) ? keys.getOrDefault(region, new LinkedHashMap<>()).get(id) : null;
        if (key == null) {
            throw new CloudException("NotFoundException", 400, "Key '" + "arn:" + Arns.partition(region) + ":kms:" + region
                    + ":" + accountId + ":key/" + id + "' does not exist");
        }
        return key;
    }

    /** Deletes the keys whose deletion date has passed, and their aliases. */
    private void purgeDeleted(String region) {
        LinkedHashMap<String, MutableKey> regionKeys = keys.get(region);
        if (regionKeys == null) {
            return;
        }
        Instant now = clock.now();
        List<String> gone = new ArrayList<>();
        regionKeys.values().removeIf(k -> {
            boolean deleted = k.state.equals(PENDING_DELETION) && !now.isBefore(k.deletionDate);
            if (deleted) {
                gone.add(k.keyId);
            }
            return deleted;
        });
        if (!gone.isEmpty() && aliases.containsKey(region)) {
            aliases.get(region).values().removeIf(a -> gone.contains(a.targetKeyId));
        }
    }

    private String checkPolicy(String policy, boolean bypassLockoutCheck) {
        if (policy.length() > 32_768) {
            throw new CloudException("LimitExceededException", 400, "The key policy exceeds the maximum size of 32768 characters.");
        }
        ObjectNode parsed;
        try {
            parsed = PolicyDocuments.validate(policy, PolicyDocuments.Kind.RESOURCE);
        } catch (IllegalArgumentException e) {
            throw new CloudException("MalformedPolicyDocumentException", 400, e.getMessage());
        }
        if (!bypassLockoutCheck && !KeyPolicies.letsAccountManageKey(parsed, accountId)) {
            throw new CloudException("MalformedPolicyDocumentException", 400,
                    "The new key policy will not allow you to update the key policy in the future.");
        }
        return policy;
    }

    private static void checkPolicyName(String policyName) {
        if (policyName != null && !policyName.equals(DEFAULT_POLICY_NAME)) {
            throw new CloudException("NotFoundException", 400, "No such policy exists: '" + policyName
                    + "'. The only key policy name is 'default'.");
        }
    }

    private static void checkAliasName(String aliasName) {
        if (aliasName == null) {
            throw validation("Value null at 'aliasName' failed to satisfy constraint: Member must not be null");
        }
        if (!ALIAS_NAME.matcher(aliasName).matches()) {
            throw new CloudException("InvalidAliasNameException", 400, "Alias name '" + aliasName
                    + "' is not valid: it must begin with alias/ and hold only letters, digits, /, _ and -.");
        }
        if (aliasName.startsWith("alias/aws/")) {
            throw new CloudException("InvalidAliasNameException", 400,
                    "Alias name '" + aliasName + "' must not begin with alias/aws/: that prefix is reserved for AWS managed keys.");
        }
    }

    private static void requireNotPendingDeletion(MutableKey key) {
        if (key.state.equals(PENDING_DELETION)) {
            throw new CloudException("KMSInvalidStateException", 400, key.arn + " is pending deletion.");
        }
    }

    private String aliasArn(String region, String aliasName) {
        return "arn:" + Arns.partition(region) + ":kms:" + region + ":" + accountId + ":" + aliasName;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static CloudException validation(String message) {
        return new CloudException("ValidationException", 400, "1 validation error detected: " + message);
    }
}
