package dev.mwaaprovisioner.common.documents;

import java.util.regex.Pattern;

/**
 * Checks of the values that go into ARNs, names and policies. Each returns the value when it is
 * valid and otherwise throws an {@link IllegalArgumentException} naming the value, what is wrong
 * and how to fix it. A value that passes cannot smuggle {@code *}, {@code :} or {@code /} into an
 * ARN and so widen a policy.
 */
public final class AwsIdentifiers {

    /** MWAA environment names: 1-80 characters, a letter then letters, digits, {@code -} or {@code _}. */
    public static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-zA-Z][0-9a-zA-Z_-]{0,79}");

    /** Region codes such as us-east-1, us-gov-west-1, cn-north-1, ap-southeast-7. */
    public static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    /** Twelve-digit AWS account IDs. */
    public static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    /**
     * General-purpose S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens, starting and
     * ending with a letter or digit.
     */
    public static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Single-Region KMS key IDs (a UUID); multi-Region keys ({@code mrk-...}) are not accepted by MWAA. */
    public static final Pattern KMS_KEY_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final Pattern IP_ADDRESS = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+");

    private AwsIdentifiers() {
    }

    public static String requireEnvironmentName(String name) {
        if (name == null || !ENVIRONMENT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("environment name: " + quote(name) + " is not a valid MWAA environment "
                    + "name; use 1 to 80 characters, a letter followed by letters, digits, '-' or '_' "
                    + "(e.g. analytics-dev).");
        }
        return name;
    }

    public static String requireRegion(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region: " + quote(region) + " is not an AWS Region code; use one like "
                    + "us-east-1 or eu-west-1.");
        }
        return region;
    }

    public static String requireAccountId(String accountId) {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account ID: " + quote(accountId) + " is not an AWS account ID; use "
                    + "the 12 digits of the account, e.g. 123456789012.");
        }
        return accountId;
    }

    public static String requireBucketName(String bucket) {
        if (bucket == null || !BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")
                || IP_ADDRESS.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket name: " + quote(bucket) + " is not an S3 bucket name; use 3 to 63 "
                    + "lowercase letters, digits, '.' and '-', starting and ending with a letter or digit "
                    + "(e.g. airflow-analytics-dev).");
        }
        return bucket;
    }

    public static String requireKmsKeyId(String keyId) {
        if (keyId != null && keyId.startsWith("mrk-")) {
            throw new IllegalArgumentException("KMS key ID: " + quote(keyId) + " is a multi-Region key, which MWAA does "
                    + "not accept; use a single-Region symmetric key.");
        }
        if (keyId == null || !KMS_KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("KMS key ID: " + quote(keyId) + " is not a KMS key ID; use the key's "
                    + "UUID, e.g. 1234abcd-12ab-34cd-56ef-1234567890ab (aliases are not accepted).");
        }
        return keyId;
    }

    static String quote(String value) {
        return value == null ? "(missing)" : "'" + value + "'";
    }
}
