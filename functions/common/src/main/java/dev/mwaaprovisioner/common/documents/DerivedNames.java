package dev.mwaaprovisioner.common.documents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The names the workflow gives to what it creates for an environment. They are derived from the
 * environment name alone, so a second run finds what the first one created, and they keep a fixed
 * prefix and suffix ({@code mwaa-...-network}, {@code mwaa-...-execution}) so the deploying
 * template can scope its IAM permissions to them.
 *
 * <p>Where a service's naming rules are narrower than MWAA's, the name is adapted and a short hash
 * of the full environment name is added, so that two environment names never map to one resource
 * name:
 * <ul>
 *   <li>CloudFormation stack names allow no {@code _}: underscores become {@code -} and the hash is
 *       added ({@code my_env} gives {@code mwaa-my-env-<hash>-network}, distinct from
 *       {@code mwaa-my-env-network} of {@code my-env}).</li>
 *   <li>IAM role names have at most 64 characters: a longer {@code mwaa-<name>-execution} keeps
 *       the first 40 characters of the name and adds the hash.</li>
 * </ul>
 * IAM compares role names without regard to case, so {@code Analytics} and {@code analytics}
 * derive roles IAM considers the same; the role is tagged with its environment name so the
 * workflow can tell whose it is.
 */
public final class DerivedNames {

    /** Prefix of every stack and role name the workflow creates. */
    public static final String PREFIX = "mwaa-";
    public static final String NETWORK_STACK_SUFFIX = "-network";
    public static final String EXECUTION_ROLE_SUFFIX = "-execution";
    public static final String EXECUTION_POLICY_SUFFIX = "-execution-policy";
    /** Folder of the status documents in the config bucket. */
    public static final String STATUS_PREFIX = "status/";

    static final int IAM_ROLE_NAME_MAX = 64;
    static final int HASH_LENGTH = 8;

    private DerivedNames() {
    }

    /** {@code mwaa-<name>-network}; see the class comment for names with {@code _}. */
    public static String networkStackName(String environmentName) {
        AwsIdentifiers.requireEnvironmentName(environmentName);
        String stackSafe = environmentName.indexOf('_') < 0
                ? environmentName
                : environmentName.replace('_', '-') + "-" + hash(environmentName);
        return PREFIX + stackSafe + NETWORK_STACK_SUFFIX;
    }

    /** {@code mwaa-<name>-execution}, shortened with a hash when over IAM's 64 characters. */
    public static String executionRoleName(String environmentName) {
        AwsIdentifiers.requireEnvironmentName(environmentName);
        String full = PREFIX + environmentName + EXECUTION_ROLE_SUFFIX;
        if (full.length() <= IAM_ROLE_NAME_MAX) {
            return full;
        }
        int keep = IAM_ROLE_NAME_MAX - PREFIX.length() - EXECUTION_ROLE_SUFFIX.length() - 1 - HASH_LENGTH;
        return PREFIX + environmentName.substring(0, keep) + "-" + hash(environmentName) + EXECUTION_ROLE_SUFFIX;
    }

    /** Name of the inline execution policy on the role: {@code mwaa-<name>-execution-policy} (at most 102 characters). */
    public static String executionPolicyName(String environmentName) {
        return PREFIX + AwsIdentifiers.requireEnvironmentName(environmentName) + EXECUTION_POLICY_SUFFIX;
    }

    /** Key of the status document in the config bucket: {@code status/<name>.json}. */
    public static String statusKey(String environmentName) {
        return STATUS_PREFIX + AwsIdentifiers.requireEnvironmentName(environmentName) + ".json";
    }

    /** First characters of the SHA-256 of the name, in lowercase hex. */
    static String hash(String environmentName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(environmentName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
