package dev.mwaaprovisioner.common.request;

import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import dev.mwaaprovisioner.common.documents.Partition;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Regular-expression parts of AWS identifiers for the rules that check ARNs, taken from
 * {@link AwsIdentifiers} so that a value the request accepts is one the documents accept.
 */
final class AwsPatterns {

    /** The partitions the provisioner supports: {@code aws|aws-cn|aws-us-gov}. */
    static final String PARTITION = Arrays.stream(Partition.values()).map(Partition::id)
            .collect(Collectors.joining("|"));
    static final String ACCOUNT = AwsIdentifiers.ACCOUNT_ID.pattern();
    static final String REGION = AwsIdentifiers.REGION.pattern();
    static final String KMS_KEY_ID = AwsIdentifiers.KMS_KEY_ID.pattern();

    private AwsPatterns() {
    }
}
