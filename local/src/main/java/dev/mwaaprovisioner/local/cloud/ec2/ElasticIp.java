package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.Map;

/**
 * An Elastic IP address. Public addresses come from the documentation ranges (RFC 5737), so they
 * look real and are never routed anywhere.
 */
public record ElasticIp(
        String allocationId,
        String publicIp,
        String domain,
        String associationId,
        String networkInterfaceId,
        String privateIpAddress,
        String networkBorderGroup,
        Map<String, String> tags) {

    public ElasticIp {
        tags = Tags.copyOf(tags);
    }

    public boolean associated() {
        return associationId != null;
    }

    ElasticIp associate(String association, String networkInterface, String privateIp) {
        return new ElasticIp(allocationId, publicIp, domain, association, networkInterface, privateIp,
                networkBorderGroup, tags);
    }

    ElasticIp disassociate() {
        return new ElasticIp(allocationId, publicIp, domain, null, null, null, networkBorderGroup, tags);
    }

    ElasticIp withTags(Map<String, String> newTags) {
        return new ElasticIp(allocationId, publicIp, domain, associationId, networkInterfaceId, privateIpAddress,
                networkBorderGroup, newTags);
    }
}
