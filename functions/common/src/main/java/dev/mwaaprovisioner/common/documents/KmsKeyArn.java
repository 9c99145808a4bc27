package dev.mwaaprovisioner.common.documents;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARN of a single-Region KMS key, {@code arn:<partition>:kms:<region>:<account>:key/<key-id>},
 * split into its checked parts. Aliases and multi-Region keys are refused, as MWAA refuses them.
 */
public record KmsKeyArn(Partition partition, String region, String accountId, String keyId) {

    private static final Pattern FORM = Pattern.compile("arn:([^:]+):kms:([^:]*):([^:]*):(key|alias)/(.*)");

    public KmsKeyArn {
        if (partition == null) {
            throw new IllegalArgumentException("KMS key ARN: the partition is missing.");
        }
        AwsIdentifiers.requireRegion(region);
        AwsIdentifiers.requireAccountId(accountId);
        AwsIdentifiers.requireKmsKeyId(keyId);
        if (Partition.forRegion(region) != partition) {
            throw new IllegalArgumentException("KMS key ARN: the Region '" + region + "' is not in the partition '"
                    + partition.id() + "'.");
        }
    }

    /** Parses and checks a key ARN such as {@code arn:aws:kms:us-east-1:123456789012:key/1234abcd-...}. */
    public static KmsKeyArn parse(String arn) {
        Matcher m = arn == null ? null : FORM.matcher(arn);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("KMS key ARN: " + AwsIdentifiers.quote(arn) + " is not a KMS key ARN; "
                    + "use arn:<partition>:kms:<region>:<account>:key/<key-id>.");
        }
        if (m.group(4).equals("alias")) {
            throw new IllegalArgumentException("KMS key ARN: " + AwsIdentifiers.quote(arn) + " is an alias ARN, which "
                    + "MWAA does not accept; use the ARN of the key itself (aws kms describe-key --key-id "
                    + "alias/NAME shows it).");
        }
        return new KmsKeyArn(Partition.fromId(m.group(1)), m.group(2), m.group(3), m.group(5));
    }

    @Override
    public String toString() {
        return "arn:" + partition.id() + ":kms:" + region + ":" + accountId + ":key/" + keyId;
    }
}
