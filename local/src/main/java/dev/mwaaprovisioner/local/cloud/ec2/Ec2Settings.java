package dev.mwaaprovisioner.local.cloud.ec2;

import java.time.Duration;

/**
 * Tunables of the local EC2: how long a NAT gateway stays {@code pending} (simulated time), and the
 * per-Region quotas, which default to AWS's defaults (5 VPCs, 5 Elastic IPs) so leaks show up
 * locally as they would in an account.
 */
public record Ec2Settings(Duration natGatewayPendingTime, int vpcLimit, int elasticIpLimit) {

    public static Ec2Settings defaults() {
        return new Ec2Settings(Duration.ofSeconds(20), 5, 5);
    }

    public Ec2Settings withNatGatewayPendingTime(Duration value) {
        return new Ec2Settings(value, vpcLimit, elasticIpLimit);
    }

    public Ec2Settings withLimits(int vpcs, int elasticIps) {
        return new Ec2Settings(natGatewayPendingTime, vpcs, elasticIps);
    }
}
