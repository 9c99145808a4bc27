package dev.mwaaprovisioner.local.cloud.mwaa;

/**
 * The account and Region a request is for (the Region from its signature), and the partition that
 * Region belongs to; environments of different scopes never see each other.
 */
public record MwaaScope(String account, String region, String partition) {

    /** The partition of a Region, for ARNs: aws-cn for cn-*, aws-us-gov for us-gov-*, else aws. */
    public static MwaaScope of(String account, String region) {
        String partition = region.startsWith("cn-") ? "aws-cn"
                : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        return new MwaaScope(account, region, partition);
    }

    /** The DNS suffix of the partition's service endpoints. */
    String dnsSuffix() {
        return "aws-cn".equals(partition) ? "amazonaws.com.cn" : "amazonaws.com";
    }

    String environmentArn(String name) {
        return "arn:" + partition + ":airflow:" + region + ":" + account + ":environment/" + name;
    }
}
