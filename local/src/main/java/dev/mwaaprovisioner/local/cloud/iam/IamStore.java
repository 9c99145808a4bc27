package dev.mwaaprovisioner.local.cloud.iam;

import dev.mwaaprovisioner.local.cloud.Arns;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.iam.PolicyDocuments.Kind;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.util.concurrent.ThreadLocalRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The IAM roles of the local account, with their inline policies and tags. IAM is global, and
 * role names are unique ignoring case, as in IAM. Thread-safe; every method either completes or
 * throws the {@link CloudException} IAM answers with.
 */
public final class IamStore {

    /** The service-linked role MWAA uses, and the one service it may be created for. */
    public static final String MWAA_SERVICE = "airflow.amazonaws.com";
    public static final String MWAA_SERVICE_LINKED_ROLE = "AWSServiceRoleForAmazonMWAA";

    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E]{1,510}/");
    private static final int MAX_TAGS = 50;
    private static final int MAX_INLINE_POLICY_BYTES = 10_240;
    private static final int MAX_TRUST_POLICY_BYTES = 2_048;
    private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final CloudClock clock;
    private final String accountId;
    private final TreeMap<String, MutableRole> roles = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private static final class MutableRole {
        String name;
        String path;
        String roleId;
        String arn;
        Instant createDate;
        String trustPolicy;
        String description;
        int maxSessionDuration;
        boolean serviceLinked;
        final LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        final LinkedHashMap<String, String> policies = new LinkedHashMap<>();
        /** Attached managed policies: ARN in the order attached. */
        final java.util.LinkedHashSet<String> attached = new java.util.LinkedHashSet<>();

        IamRole snapshot() {
            return new IamRole(name, path, roleId, arn, createDate, trustPolicy, description, maxSessionDuration,
                    new LinkedHashMap<>(tags), new LinkedHashMap<>(policies), serviceLinked);
        }
    }

    public IamStore(CloudClock clock, String accountId) {
        this.clock = clock;
        this.accountId = accountId;
    }

    /**
     * Creates a role.
     *
     * @param partition the ARN partition ({@code aws} unless the request came from another partition)
     * @param path      null for {@code /}
     */
    public IamRole createRole(String partition, String name, String path, String assumeRolePolicy, String description,
                              Integer maxSessionDuration, Map<String, String> tags) {
        checkRoleName(name);
        String rolePath = path == null ? "/" : path;
        checkPath(rolePath);
        checkTrustPolicy(assumeRolePolicy);
        int session = maxSessionDuration == null ? 3600 : maxSessionDuration;
        if (session < 3600 || session > 43200) {
            throw validation("Value '" + session + "' at 'maxSessionDuration' failed to satisfy constraint: "
                    + "Member must have value between 3600 and 43200");
        }
        if (description != null && description.length() > 1000) {
            throw validation("Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000");
        }
        Map<String, String> checkedTags = checkTags(tags == null ? Map.of() : tags, Map.of());
        synchronized (this) {
            if (roles.containsKey(name)) {
                throw new CloudException("EntityAlreadyExists", 409, "Role with name " + name + " already exists.");
            }
            MutableRole role = new MutableRole();
            role.name = name;
            role.path = rolePath;
            role.roleId = newId("AROA");
            role.arn = "arn:" + partition + ":iam::" + accountId + ":role" + rolePath + name;
            role.createDate = clock.now();
            role.trustPolicy = assumeRolePolicy;
            role.description = description;
            role.maxSessionDuration = session;
            role.tags.putAll(checkedTags);
            roles.put(name, role);
            return role.snapshot();
        }
    }

    /**
     * Creates the service-linked role of a service; only MWAA's is emulated.
     *
     * @throws CloudException InvalidInput for another service, or when the role exists already (as IAM answers)
     */
    public IamRole createServiceLinkedRole(String partition, String serviceName, String description, String customSuffix) {
        if (serviceName == null || serviceName.isBlank()) {
            throw validation("Value null at 'aWSServiceName' failed to satisfy constraint: Member must not be null");
        }
        if (!serviceName.equals(MWAA_SERVICE)) {
            throw new CloudException("InvalidInput", 400, "Service name " + serviceName + " is not supported by the local cloud's "
                    + "CreateServiceLinkedRole: only " + MWAA_SERVICE + " (" + MWAA_SERVICE_LINKED_ROLE + ") is emulated.");
        }
        if (customSuffix != null) {
            throw new CloudException("InvalidInput", 400, "Custom suffix is not allowed for " + MWAA_SERVICE + ".");
        }
        ObjectNodeTrust trust = new ObjectNodeTrust(serviceName);
        synchronized (this) {
            if (roles.containsKey(MWAA_SERVICE_LINKED_ROLE)) {
                throw new CloudException("InvalidInput", 400, "Service role name " + MWAA_SERVICE_LINKED_ROLE
                        + " has been taken in this account, please try a different suffix.");
            }
            MutableRole role = new MutableRole();
            role.name = MWAA_SERVICE_LINKED_ROLE;
            role.path = "/aws-service-role/" + serviceName + "/";
            role.roleId = newId("AROA");
            role.arn = "arn:" + partition + ":iam::" + accountId + ":role" + role.path + role.name;
            role.createDate = clock.now();
            role.trustPolicy = trust.document();
            role.description = description;
            role.maxSessionDuration = 3600;
            role.serviceLinked = true;
            roles.put(role.name, role);
            return role.snapshot();
        }
    }

    /** The role, if it exists (names compared ignoring case). */
    public synchronized Optional<IamRole> findRole(String name) {
        MutableRole role = name == null ? null : roles.get(name);
        return Optional.ofNullable(role).map(MutableRole::snapshot);
    }

    /** The role whose ARN this is, if it exists. */
    public synchronized Optional<IamRole> findRoleByArn(String arn) {
        for (MutableRole role : roles.values()) {
            if (role.arn.equals(arn)) {
                return Optional.of(role.snapshot());
            }
        }
        return Optional.empty();
    }

    public synchronized IamRole getRole(String name) {
        return role(name).snapshot();
    }

    /** Roles whose path starts with the prefix (null for all), ordered by name. */
    public synchronized List<IamRole> listRoles(String pathPrefix) {
        List<IamRole> result = new ArrayList<>();
        for (MutableRole role : roles.values()) {
            if (pathPrefix == null || role.path.startsWith(pathPrefix)) {
                result.add(role.snapshot());
            }
        }
        return result;
    }

    public void updateAssumeRolePolicy(String name, String document) {
        checkTrustPolicy(document);
        synchronized (this) {
            MutableRole role = modifiable(name);
            role.trustPolicy = document;
        }
    }

    public void putRolePolicy(String roleName, String policyName, String document) {
        checkPolicyName(policyName);
        if (document == null) {
            throw validation("Value null at 'policyDocument' failed to satisfy constraint: Member must not be null");
        }
        try {
            PolicyDocuments.validate(document, Kind.IDENTITY);
        } catch (IllegalArgumentException e) {
            throw new CloudException("MalformedPolicyDocument", 400, e.getMessage());
        }
        synchronized (this) {
            MutableRole role = modifiable(roleName);
            int total = document.length();
            for (Map.Entry<String, String> p : role.policies.entrySet()) {
                if (!p.getKey().equals(policyName)) {
                    total += p.getValue().length();
                }
            }
            if (total > MAX_INLINE_POLICY_BYTES) {
                throw new CloudException("LimitExceeded", 409, "Maximum policy size of " + MAX_INLINE_POLICY_BYTES
                        + " bytes exceeded for role " + role.name);
            }
            role.policies.put(policyName, document);
        }
    }

    /** The inline policy document as stored (not encoded). */
    public synchronized String getRolePolicy(String roleName, String policyName) {
        MutableRole role = role(roleName);
        String document = role.policies.get(policyName);
        if (document == null) {
            throw new CloudException("NoSuchEntity", 404, "The role policy with name " + policyName + " cannot be found.");
        }
        return document;
    }

    public synchronized List<String> listRolePolicies(String roleName) {
        return new ArrayList<>(role(roleName).policies.keySet());
    }

    public synchronized void deleteRolePolicy(String roleName, String policyName) {
        MutableRole role = modifiable(roleName);
        if (role.policies.remove(policyName) == null) {
            throw new CloudException("NoSuchEntity", 404, "The role policy with name " + policyName + " cannot be found.");
        }
    }

    /**
     * Attaches a managed policy. Only the AWS managed policies of {@link AwsManagedPolicies} exist
     * locally; attaching one twice changes nothing, as in IAM.
     */
    public synchronized void attachRolePolicy(String roleName, String policyArn) {
        MutableRole role = modifiable(roleName);
        if (policyArn == null || AwsManagedPolicies.known(policyArn).isEmpty()) {
            throw new CloudException("NoSuchEntity", 404, "Policy " + policyArn + " does not exist or is not attachable.");
        }
        role.attached.add(policyArn);
    }

    public synchronized void detachRolePolicy(String roleName, String policyArn) {
        MutableRole role = modifiable(roleName);
        if (!role.attached.remove(policyArn)) {
            throw new CloudException("NoSuchEntity", 404, "Policy " + policyArn + " was not found.");
        }
    }

    /** The ARNs of the managed policies attached to the role, in the order attached. */
    public synchronized List<String> listAttachedRolePolicies(String roleName) {
        return new ArrayList<>(role(roleName).attached);
    }

    public synchronized void deleteRole(String name) {
        MutableRole role = modifiable(name);
        if (!role.attached.isEmpty()) {
            throw new CloudException("DeleteConflict", 409, "Cannot delete entity, must detach all policies first.");
        }
        if (!role.policies.isEmpty()) {
            throw new CloudException("DeleteConflict", 409, "Cannot delete entity, must delete policies first.");
        }
        roles.remove(name);
    }

    public void tagRole(String name, Map<String, String> tags) {
        synchronized (this) {
            MutableRole role = role(name);
            Map<String, String> checked = checkTags(tags, role.tags);
            role.tags.putAll(checked);
        }
    }

    public synchronized void untagRole(String name, List<String> keys) {
        MutableRole role = role(name);
        keys.forEach(role.tags::remove);
    }

    public synchronized Map<String, String> listRoleTags(String name) {
        return new LinkedHashMap<>(role(name).tags);
    }

    private MutableRole role(String name) {
        checkRoleName(name);
        MutableRole role = roles.get(name);
        if (role == null) {
            throw new CloudException("NoSuchEntity", 404, "The role with name " + name + " cannot be found.");
        }
        return role;
    }

    /** A role the caller may change: service-linked roles are only modifiable by their service. */
    private MutableRole modifiable(String name) {
        MutableRole role = role(name);
        if (role.serviceLinked) {
            throw new CloudException("UnmodifiableEntity", 400, "Cannot perform the operation on the protected role '"
                    + role.name + "' - this role is only modifiable by AWS");
        }
        return role;
    }

    private static void checkRoleName(String name) {
        if (name == null) {
            throw validation("Value null at 'roleName' failed to satisfy constraint: Member must not be null");
        }
        if (!ROLE_NAME.matcher(name).matches()) {
            throw validation("Value '" + name + "' at 'roleName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length between 1 and 64");
        }
    }

    private static void checkPolicyName(String name) {
        if (name == null) {
            throw validation("Value null at 'policyName' failed to satisfy constraint: Member must not be null");
        }
        if (!POLICY_NAME.matcher(name).matches()) {
            throw validation("Value '" + name + "' at 'policyName' failed to satisfy constraint: "
                    + "Member must satisfy regular expression pattern: [\\w+=,.@-]+ and have length between 1 and 128");
        }
    }

    private static void checkPath(String path) {
        if (!PATH.matcher(path).matches()) {
            throw validation("Value '" + path + "' at 'path' failed to satisfy constraint: Member must satisfy regular "
                    + "expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F) (begin and end with /)");
        }
    }

    private static void checkTrustPolicy(String document) {
        if (document == null) {
            throw validation("Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null");
        }
        if (document.length() > MAX_TRUST_POLICY_BYTES) {
            throw new CloudException("LimitExceeded", 409, "Cannot exceed quota for ACLSizePerRole: " + MAX_TRUST_POLICY_BYTES);
        }
        try {
            PolicyDocuments.validate(document, Kind.TRUST);
        } catch (IllegalArgumentException e) {
            throw new CloudException("MalformedPolicyDocument", 400, e.getMessage());
        }
    }

    private static Map<String, String> checkTags(Map<String, String> tags, Map<String, String> existing) {
        Map<String, String> merged = new LinkedHashMap<>(existing);
        for (Map.Entry<String, String> t : tags.entrySet()) {
            String key = t.getKey();
            String value = t.getValue() == null ? "" : t.getValue();
            if (key == null || key.isEmpty() || key.length() > 128) {
                throw new CloudException("InvalidInput", 400, "Tag key '" + key + "' must be 1 to 128 characters.");
            }
            if (key.startsWith("aws:")) {
                throw new CloudException("InvalidInput", 400, "Tag key '" + key + "' uses the reserved prefix aws:.");
            }
            if (value.length() > 256) {
                throw new CloudException("InvalidInput", 400, "Tag value of key '" + key + "' must be at most 256 characters.");
            }
            merged.put(key, value);
        }
        if (merged.size() > MAX_TAGS) {
            throw new CloudException("LimitExceeded", 409, "The number of tags has reached the maximum limit of " + MAX_TAGS + ".");
        }
        Map<String, String> result = new LinkedHashMap<>();
        tags.forEach((k, v) -> result.put(k, v == null ? "" : v));
        return result;
    }

    private String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 17; i++) {
            id.append(ID_CHARS[ThreadLocalRandom.current().nextInt(ID_CHARS.length)]);
        }
        return id.toString();
    }

    static CloudException validation(String message) {
        return new CloudException("ValidationError", 400, "1 validation error detected: " + message);
    }

    /** The trust policy IAM gives a service-linked role, built as a JSON document. */
    private record ObjectNodeTrust(String service) {
        String document() {
            var policy = Json.object().put("Version", "2012-10-17");
            var statement = policy.putArray("Statement").addObject();
            statement.put("Effect", "Allow");
            statement.putObject("Principal").put("Service", service);
            statement.put("Action", "sts:AssumeRole");
            return Json.text(policy);
        }
    }

    /** The ARN partition of a request region. */
    public static String partitionOf(String region) {
        return Arns.partition(region);
    }
}
