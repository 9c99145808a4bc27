package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.Map;

/** A VPC with the resources EC2 creates along with it: main route table, default security group and network ACL. */
public record Vpc(
        String vpcId,
        String cidrBlock,
        String cidrBlockAssociationId,
        String instanceTenancy,
        String dhcpOptionsId,
        boolean enableDnsSupport,
        boolean enableDnsHostnames,
        String mainRouteTableId,
        String defaultSecurityGroupId,
        String defaultNetworkAclId,
        String ownerId,
        Map<String, String> tags) {

    public Vpc {
        tags = Tags.copyOf(tags);
    }

    public String state() {
        return "available";
    }

    Vpc withTags(Map<String, String> newTags) {
        return new Vpc(vpcId, cidrBlock, cidrBlockAssociationId, instanceTenancy, dhcpOptionsId, enableDnsSupport,
                enableDnsHostnames, mainRouteTableId, defaultSecurityGroupId, defaultNetworkAclId, ownerId, newTags);
    }

    Vpc withDns(boolean support, boolean hostnames) {
        return new Vpc(vpcId, cidrBlock, cidrBlockAssociationId, instanceTenancy, dhcpOptionsId, support, hostnames,
                mainRouteTableId, defaultSecurityGroupId, defaultNetworkAclId, ownerId, tags);
    }
}
