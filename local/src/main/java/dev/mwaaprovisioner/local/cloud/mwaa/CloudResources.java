package dev.mwaaprovisioner.local.cloud.mwaa;

import java.util.Optional;

/**
 * What MWAA looks up in the other services of the account and Region when it checks the resources an
 * environment refers to. Implemented over the local cloud's IAM, S3, EC2 and KMS stores.
 */
public interface CloudResources {

    /** An IAM role and its trust policy (the decoded JSON document). */
    record Role(String arn, String trustPolicy) {}

    /**
     * An S3 bucket as MWAA checks it.
     *
     * @param publicAccessBlocked true when all four Block Public Access settings are on for the bucket
     */
    record Bucket(String name, String region, boolean versioningEnabled, boolean publicAccessBlocked) {}

    /** A subnet: its VPC, Availability Zone and whether it is private (no route to an internet gateway). */
    record Subnet(String id, String vpcId, String availabilityZone, boolean isPrivate) {}

    /**
     * A security group and its inbound rules.
     *
     * @param ingress every inbound rule, one source each
     */
    record SecurityGroup(String id, String vpcId, java.util.List<Ingress> ingress) {
        public SecurityGroup {
            ingress = ingress == null ? java.util.List.of() : java.util.List.copyOf(ingress);
        }

        public SecurityGroup(String id, String vpcId) {
            this(id, vpcId, java.util.List.of());
        }
    }

    /**
     * One inbound rule: protocol ({@code -1} for all traffic, {@code tcp}...), port range (null for all),
     * and the security group it admits traffic from (null when the source is a CIDR or prefix list).
     */
    record Ingress(String protocol, Integer fromPort, Integer toPort, String sourceGroupId) {}

    /**
     * A KMS key.
     *
     * @param keyState {@code Enabled}, {@code Disabled}, {@code PendingDeletion}...
     * @param keySpec  {@code SYMMETRIC_DEFAULT} for the symmetric encryption keys MWAA uses
     */
    record Key(String arn, String keyState, String keySpec, boolean multiRegion) {
        public Key(String arn, String keyState) {
            this(arn, keyState, "SYMMETRIC_DEFAULT", false);
        }
    }

    Optional<Role> role(String roleArn);

    Optional<Bucket> bucket(String bucketName);

    Optional<Subnet> subnet(String subnetId);

    Optional<SecurityGroup> securityGroup(String groupId);

    /** Looks a key up by key ID or key ARN. */
    Optional<Key> key(String keyIdOrArn);

    /**
     * Creates MWAA's service-linked role {@code AWSServiceRoleForAmazonMWAA} if the account has none yet,
     * as MWAA does on the first CreateEnvironment.
     *
     * @return the role's ARN
     */
    String ensureServiceLinkedRole();

    /**
     * The environment's network interfaces are in these subnets until {@code until}: EC2 refuses to
     * delete them before (DependencyViolation). Lookups without an EC2 behind them record nothing.
     */
    default void holdSubnets(String environmentArn, java.util.List<String> subnetIds, java.time.Instant until) {
    }
}
