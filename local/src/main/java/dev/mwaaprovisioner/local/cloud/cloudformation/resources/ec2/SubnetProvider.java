package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.BOOLEAN;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.TAGS;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Ids;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.Subnet;
import java.util.List;
import java.util.Map;

/** {@code AWS::EC2::Subnet}. Ref: the subnet ID. IPv6, IPAM and Outposts are not emulated. */
public final class SubnetProvider extends Ec2ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::EC2::Subnet")
            .required("VpcId", STRING, REPLACEMENT)
            .required("CidrBlock", STRING, REPLACEMENT)
            .optional("AvailabilityZone", STRING, REPLACEMENT)
            .optional("AvailabilityZoneId", STRING, REPLACEMENT)
            .optional("MapPublicIpOnLaunch", BOOLEAN, IN_PLACE)
            .optional("Tags", TAGS, IN_PLACE)
            .unsupported("AssignIpv6AddressOnCreation", "EnableDns64", "EnableLniAtDeviceIndex", "Ipv4IpamPoolId",
                    "Ipv4NetmaskLength", "Ipv6CidrBlock", "Ipv6IpamPoolId", "Ipv6Native", "Ipv6NetmaskLength",
                    "OutpostArn", "PrivateDnsNameOptionsOnLaunch")
            .attributes("AvailabilityZone", "AvailabilityZoneId", "CidrBlock", "NetworkAclAssociationId",
                    "OutpostArn", "SubnetId", "VpcId")
            .listAttributes("Ipv6CidrBlocks")
            .build();

    public SubnetProvider(Ec2Regions regions) {
        super(regions);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        Subnet subnet = store(context).createSubnet(string(properties, "VpcId"), string(properties, "CidrBlock"),
                string(properties, "AvailabilityZone"), string(properties, "AvailabilityZoneId"),
                tags(context, properties));
        if (Boolean.TRUE.equals(bool(properties, "MapPublicIpOnLaunch"))) {
            subnet = store(context).modifySubnetMapPublicIpOnLaunch(subnet.subnetId(), true);
        }
        return ProvisionedResource.of(subnet.subnetId(), Map.of(
                "AvailabilityZone", subnet.availabilityZone(),
                "AvailabilityZoneId", subnet.availabilityZoneId(),
                "CidrBlock", subnet.cidrBlock(),
                "Ipv6CidrBlocks", List.of(),
                "NetworkAclAssociationId", Ec2Ids.next("aclassoc"),
                "OutpostArn", "",
                "SubnetId", subnet.subnetId(),
                "VpcId", subnet.vpcId()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        store(context).modifySubnetMapPublicIpOnLaunch(current.physicalId(),
                Boolean.TRUE.equals(bool(newProperties, "MapPublicIpOnLaunch")));
        retag(context, current.physicalId(), oldProperties, newProperties);
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        deleteQuietly(() -> store(context).deleteSubnet(resource.physicalId()));
    }
}
