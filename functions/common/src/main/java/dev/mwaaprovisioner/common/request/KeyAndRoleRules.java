package dev.mwaaprovisioner.common.request;

import dev.mwaaprovisioner.common.documents.Partition;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code KmsKey} (a key ID or key ARN; MWAA refuses aliases and multi-Region keys, and the key
 * cannot change after creation) and {@code ExecutionRoleArn} (an IAM role ARN).
 */
final class KeyAndRoleRules implements RequestRule {

    static final Pattern KEY_ID = Pattern.compile(AwsPatterns.KMS_KEY_ID);
    static final Pattern KEY_ARN = Pattern.compile("arn:(" + AwsPatterns.PARTITION + "):kms:(" + AwsPatterns.REGION
            + "):" + AwsPatterns.ACCOUNT + ":key/" + AwsPatterns.KMS_KEY_ID);
    private static final Pattern ALIAS = Pattern.compile("(arn:[^:]*:kms:[^:]*:[^:]*:)?alias/.*");
    /** IAM role ARN with an optional path; names and path segments use IAM's character set. */
    static final Pattern ROLE_ARN = Pattern.compile(
            "arn:(" + AwsPatterns.PARTITION + "):iam::" + AwsPatterns.ACCOUNT + ":role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");
    static final int MAX_ARN_LENGTH = 1224;

    private static final String KEY_EXAMPLE = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    @Override
    public void check(Candidate request, Problems problems) {
        ProvisioningRequest r = request.given();
        checkKey(r.kmsKey(), problems);
        String role = r.executionRoleArn();
        if (role != null && (role.length() > MAX_ARN_LENGTH || !ROLE_ARN.matcher(role).matches())) {
            problems.add("ExecutionRoleArn", Shown.quoted(role) + " is not an IAM role ARN; write"
                    + " arn:aws:iam::ACCOUNT-ID:role/NAME (partition aws, aws-cn or aws-us-gov),"
                    + " or remove ExecutionRoleArn to have the role created");
        }
    }

    private static void checkKey(String key, Problems problems) {
        if (key == null) {
            return;
        }
        if (ALIAS.matcher(key).matches()) {
            problems.add("KmsKey", Shown.quoted(key) + " is a key alias, which MWAA does not accept; give the key ID or"
                    + " key ARN it points to (aws kms describe-key --key-id " + Shown.quoted(key) + " shows it)");
        } else if (key.contains("mrk-")) {
            problems.add("KmsKey", Shown.quoted(key) + " is a multi-Region key, which MWAA does not accept;"
                    + " give a single-Region key, e.g. " + KEY_EXAMPLE);
        } else if (KEY_ID.matcher(key).matches()) {
            return;
        } else {
            Matcher arn = KEY_ARN.matcher(key);
            if (!arn.matches()) {
                problems.add("KmsKey", Shown.quoted(key) + " is neither a KMS key ID nor a key ARN; give e.g. " + KEY_EXAMPLE
                        + ", or remove KmsKey to use the AWS-owned key");
            } else {
                checkPartition(key, arn.group(1), arn.group(2), problems);
            }
        }
    }

    /** The ARN's partition must be the one of its Region: arn:aws-cn:kms:cn-north-1:..., not arn:aws:kms:cn-north-1:... */
    private static void checkPartition(String key, String partition, String region, Problems problems) {
        Partition ofRegion;
        try {
            ofRegion = Partition.forRegion(region);
        } catch (IllegalArgumentException isolated) {
            problems.add("KmsKey", Shown.quoted(key) + " is in the Region " + region + " of an isolated partition, which"
                    + " MWAA Provisioner does not support; use a key in an aws, aws-cn or aws-us-gov Region");
            return;
        }
        if (!ofRegion.id().equals(partition)) {
            problems.add("KmsKey", Shown.quoted(key) + " names the Region " + region + ", which is in the partition "
                    + ofRegion.id() + ", not " + partition + "; write arn:" + ofRegion.id() + ":kms:" + region + ":...");
        }
    }
}
