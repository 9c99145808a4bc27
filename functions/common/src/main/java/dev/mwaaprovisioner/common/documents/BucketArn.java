package dev.mwaaprovisioner.common.documents;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ARN of an S3 bucket, {@code arn:<partition>:s3:::<bucket>}, split into its checked parts. */
public record BucketArn(Partition partition, String bucketName) {

    private static final Pattern FORM = Pattern.compile("arn:([^:]+):s3:::(.*)");

    public BucketArn {
        if (partition == null) {
            throw new IllegalArgumentException("bucket ARN: the partition is missing.");
        }
        AwsIdentifiers.requireBucketName(bucketName);
    }

    /** Parses and checks a bucket ARN such as {@code arn:aws:s3:::airflow-analytics-dev}. */
    public static BucketArn parse(String arn) {
        Matcher m = arn == null ? null : FORM.matcher(arn);
        if (m == null || !m.matches() || m.group(2).contains("/")) {
            throw new IllegalArgumentException("bucket ARN: " + AwsIdentifiers.quote(arn) + " is not an S3 bucket ARN; "
                    + "use arn:aws:s3:::BUCKET-NAME (no object key, no trailing '/').");
        }
        return new BucketArn(Partition.fromId(m.group(1)), m.group(2));
    }

    @Override
    public String toString() {
        return Arns.s3Bucket(partition, bucketName);
    }
}
