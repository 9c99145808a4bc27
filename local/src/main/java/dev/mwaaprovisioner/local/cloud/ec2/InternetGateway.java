package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.Map;

/** An internet gateway, attached to at most one VPC. */
public record InternetGateway(String internetGatewayId, String attachedVpcId, String ownerId, Map<String, String> tags) {

    public InternetGateway {
        tags = Tags.copyOf(tags);
    }

    public boolean attached() {
        return attachedVpcId != null;
    }

    InternetGateway withAttachedVpcId(String vpcId) {
        return new InternetGateway(internetGatewayId, vpcId, ownerId, tags);
    }

    InternetGateway withTags(Map<String, String> newTags) {
        return new InternetGateway(internetGatewayId, attachedVpcId, ownerId, newTags);
    }
}
