package dev.mwaaprovisioner.local.cloud.ec2;

import java.time.Instant;
import java.util.Map;

/**
 * A public NAT gateway with its Elastic IP. It is {@code pending} until {@code availableAt} on the
 * cloud clock, then {@code available}, as a real one takes a few minutes.
 */
public record NatGateway(
        String natGatewayId,
        String subnetId,
        String vpcId,
        String allocationId,
        String publicIp,
        String privateIp,
        String networkInterfaceId,
        String associationId,
        Instant createTime,
        Instant availableAt,
        Map<String, String> tags) {

    public NatGateway {
        tags = Tags.copyOf(tags);
    }

    public String connectivityType() {
        return "public";
    }

    public String state(Instant now) {
        return now.isBefore(availableAt) ? "pending" : "available";
    }

    NatGateway withTags(Map<String, String> newTags) {
        return new NatGateway(natGatewayId, subnetId, vpcId, allocationId, publicIp, privateIp, networkInterfaceId,
                associationId, createTime, availableAt, newTags);
    }
}
