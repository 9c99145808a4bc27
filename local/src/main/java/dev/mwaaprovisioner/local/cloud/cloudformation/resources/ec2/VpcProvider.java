package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.BOOLEAN;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.TAGS;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.Vpc;
import java.util.List;
import java.util.Map;

/** {@code AWS::EC2::VPC}. Ref: the VPC ID. IPAM pools are not emulated. */
public final class VpcProvider extends Ec2ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::EC2::VPC")
            .required("CidrBlock", STRING, REPLACEMENT)
            .optional("EnableDnsHostnames", BOOLEAN, IN_PLACE)
            .optional("EnableDnsSupport", BOOLEAN, IN_PLACE)
            .optional("InstanceTenancy", STRING, REPLACEMENT)
            .optional("Tags", TAGS, IN_PLACE)
            .unsupported("Ipv4IpamPoolId", "Ipv4NetmaskLength")
            .attributes("CidrBlock", "DefaultNetworkAcl", "DefaultSecurityGroup", "VpcId")
            .listAttributes("CidrBlockAssociations", "Ipv6CidrBlocks")
            .build();

    public VpcProvider(Ec2Regions regions) {
        super(regions);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        Vpc vpc = store(context).createVpc(string(properties, "CidrBlock"), string(properties, "InstanceTenancy"),
                tags(context, properties));
        Boolean support = bool(properties, "EnableDnsSupport");
        Boolean hostnames = bool(properties, "EnableDnsHostnames");
        try {
            vpc = store(context).modifyVpcDns(vpc.vpcId(), support == null ? true : support,
                    hostnames == null ? false : hostnames);
        } catch (RuntimeException e) {
            store(context).deleteVpc(vpc.vpcId()); // a failed create leaves nothing behind
            throw e;
        }
        return provisioned(vpc);
    }

    private static ProvisionedResource provisioned(Vpc vpc) {
        return ProvisionedResource.of(vpc.vpcId(), Map.of(
                "CidrBlock", vpc.cidrBlock(),
                "CidrBlockAssociations", List.of(vpc.cidrBlockAssociationId()),
                "DefaultNetworkAcl", vpc.defaultNetworkAclId(),
                "DefaultSecurityGroup", vpc.defaultSecurityGroupId(),
                "Ipv6CidrBlocks", List.of(),
                "VpcId", vpc.vpcId()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        Boolean support = bool(newProperties, "EnableDnsSupport");
        Boolean hostnames = bool(newProperties, "EnableDnsHostnames");
        Vpc vpc = store(context).modifyVpcDns(current.physicalId(), support == null ? true : support,
                hostnames == null ? false : hostnames);
        retag(context, vpc.vpcId(), oldProperties, newProperties);
        return provisioned(vpc);
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        deleteQuietly(() -> store(context).deleteVpc(resource.physicalId()));
    }
}
