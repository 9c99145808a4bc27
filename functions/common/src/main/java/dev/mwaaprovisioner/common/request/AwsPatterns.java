package dev.mwaaprovisioner.common.request;

/** Regular-expression parts of AWS identifiers, shared by the rules that check ARNs. */
final class AwsPatterns {

    /** The partitions MWAA runs in: commercial, China, GovCloud (US). */
    static final String PARTITION = "aws|aws-cn|aws-us-gov";
    static final String ACCOUNT = "\\d{12}";
    /** e.g. eu-west-1, us-gov-west-1, cn-north-1, ap-southeast-3. */
    static final String REGION = "[a-z]{2}(-[a-z]+)+-\\d{1,2}";

    private AwsPatterns() {
    }
}
