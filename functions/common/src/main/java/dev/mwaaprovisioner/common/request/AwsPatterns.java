package dev.mwaaprovisioner.common.request;

import dev.mwaaprovisioner.common.documents.AwsIdentifiers;

/**
 * Regular-expression parts of AWS identifiers for the rules that check ARNs, taken from
 * {@link AwsIdentifiers} so that a value the request accepts is one the documents accept.
 */
final class AwsPatterns {

    /** The partitions MWAA runs in: commercial, China, GovCloud (US). */
    static final String PARTITION = "aws|aws-cn|aws-us-gov";
    static final String ACCOUNT = AwsIdentifiers.ACCOUNT_ID.pattern();
    static final String REGION = AwsIdentifiers.REGION.pattern();
    static final String KMS_KEY_ID = AwsIdentifiers.KMS_KEY_ID.pattern();

    private AwsPatterns() {
    }
}
