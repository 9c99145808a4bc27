package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.Map;

/** A subnet of a VPC, in one Availability Zone. */
public record Subnet(
        String subnetId,
        String vpcId,
        String cidrBlock,
        String availabilityZone,
        String availabilityZoneId,
        boolean mapPublicIpOnLaunch,
        String ownerId,
        String subnetArn,
        Map<String, String> tags) {

    public Subnet {
        tags = Tags.copyOf(tags);
    }

    public String state() {
        return "available";
    }

    /** AWS reserves five addresses of every subnet (network, router, DNS, future use, broadcast). */
    public long availableIpAddressCount() {
        return Ipv4Cidr.parse(cidrBlock).map(c -> c.size() - 5).orElse(0L);
    }

    Subnet withTags(Map<String, String> newTags) {
        return new Subnet(subnetId, vpcId, cidrBlock, availabilityZone, availabilityZoneId, mapPublicIpOnLaunch,
                ownerId, subnetArn, newTags);
    }

    Subnet withMapPublicIpOnLaunch(boolean value) {
        return new Subnet(subnetId, vpcId, cidrBlock, availabilityZone, availabilityZoneId, value, ownerId,
                subnetArn, tags);
    }
}
