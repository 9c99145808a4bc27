package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.TAGS;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.NatGateway;
import java.util.Map;

/**
 * {@code AWS::EC2::NatGateway} (public, one Elastic IP). Ref: the NAT gateway ID. The resource
 * completes only when the gateway is {@code available}, as CloudFormation waits for it.
 */
public final class NatGatewayProvider extends Ec2ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::EC2::NatGateway")
            .required("SubnetId", STRING, REPLACEMENT)
            .optional("AllocationId", STRING, REPLACEMENT)
            .optional("ConnectivityType", STRING, REPLACEMENT)
            .optional("Tags", TAGS, IN_PLACE)
            .unsupported("AvailabilityMode", "AvailabilityZoneAddresses", "MaxDrainDurationSeconds",
                    "PrivateIpAddress", "SecondaryAllocationIds", "SecondaryPrivateIpAddressCount",
                    "SecondaryPrivateIpAddresses", "VpcId")
            .attributes("NatGatewayId")
            .build();

    public NatGatewayProvider(Ec2Regions regions) {
        super(regions);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        NatGateway gateway = store(context).createNatGateway(string(properties, "SubnetId"),
                string(properties, "AllocationId"), string(properties, "ConnectivityType"), tags(context, properties));
        return new ProvisionedResource(gateway.natGatewayId(), Map.of("NatGatewayId", gateway.natGatewayId()),
                gateway.availableAt());
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        retag(context, current.physicalId(), oldProperties, newProperties);
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        deleteQuietly(() -> store(context).deleteNatGateway(resource.physicalId()));
    }
}
