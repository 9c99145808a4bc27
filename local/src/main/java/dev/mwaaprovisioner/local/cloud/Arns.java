package dev.mwaaprovisioner.local.cloud;

/** ARN helpers shared by the services. */
public final class Arns {

    private Arns() {}

    /** The partition a region belongs to: {@code aws}, {@code aws-cn} or {@code aws-us-gov}. */
    public static String partition(String region) {
        if (region == null) {
            return "aws";
        }
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    /** {@code arn:<partition>:<service>:<region>:<account>:<resource>}. */
    public static String of(String region, String service, String arnRegion, String account, String resource) {
        return "arn:" + partition(region) + ":" + service + ":" + (arnRegion == null ? "" : arnRegion) + ":"
                + (account == null ? "" : account) + ":" + resource;
    }
}
