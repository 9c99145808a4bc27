package dev.mwaaprovisioner.common.documents;

/**
 * The AWS partitions MWAA Provisioner builds ARNs and service names for. Every ARN starts with the
 * partition ({@code arn:aws-cn:...} in China), and service endpoints, hence {@code kms:ViaService}
 * values and Region-scoped service principals, end with its DNS suffix.
 *
 * <p>The isolated partitions (us-iso*, eu-isoe, ...) are refused rather than guessed: their DNS
 * suffixes and service availability differ, and nothing here has been checked against them.
 */
public enum Partition {
    AWS("aws", "amazonaws.com"),
    AWS_CN("aws-cn", "amazonaws.com.cn"),
    AWS_US_GOV("aws-us-gov", "amazonaws.com");

    private final String id;
    private final String dnsSuffix;

    Partition(String id, String dnsSuffix) {
        this.id = id;
        this.dnsSuffix = dnsSuffix;
    }

    /** The partition as written in ARNs: {@code aws}, {@code aws-cn} or {@code aws-us-gov}. */
    public String id() {
        return id;
    }

    /** The DNS suffix of the partition's service endpoints, e.g. {@code amazonaws.com.cn}. */
    public String dnsSuffix() {
        return dnsSuffix;
    }

    /** The Region-scoped host name of a service, e.g. {@code sqs.us-east-1.amazonaws.com}. */
    public String serviceHost(String service, String region) {
        return service + "." + AwsIdentifiers.requireRegion(region) + "." + dnsSuffix;
    }

    /** The partition a Region belongs to: {@code cn-*} is aws-cn, {@code us-gov-*} aws-us-gov, others aws. */
    public static Partition forRegion(String region) {
        AwsIdentifiers.requireRegion(region);
        if (region.startsWith("cn-")) {
            return AWS_CN;
        }
        if (region.startsWith("us-gov-")) {
            return AWS_US_GOV;
        }
        if (region.matches("[a-z]{2}-iso[a-z]*-.*")) {
            throw new IllegalArgumentException("region: '" + region + "' is in an isolated AWS partition, which MWAA "
                    + "Provisioner does not support; use a Region of the aws, aws-cn or aws-us-gov partition.");
        }
        return AWS;
    }

    /** The partition with the given ARN identifier ({@code aws}, {@code aws-cn}, {@code aws-us-gov}). */
    public static Partition fromId(String id) {
        for (Partition partition : values()) {
            if (partition.id.equals(id)) {
                return partition;
            }
        }
        throw new IllegalArgumentException("partition: '" + id + "' is not a supported AWS partition; use one of "
                + "aws, aws-cn, aws-us-gov.");
    }

    @Override
    public String toString() {
        return id;
    }
}
