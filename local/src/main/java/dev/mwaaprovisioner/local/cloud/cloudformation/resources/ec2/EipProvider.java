package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.TAGS;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourcePropertiesException;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.ElasticIp;
import java.util.Map;

/** {@code AWS::EC2::EIP} in the VPC domain. Ref: the public IP address. */
public final class EipProvider extends Ec2ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::EC2::EIP")
            .optional("Domain", STRING, REPLACEMENT)
            .optional("NetworkBorderGroup", STRING, REPLACEMENT)
            .optional("Tags", TAGS, IN_PLACE)
            .unsupported("Address", "InstanceId", "IpamPoolId", "PublicIpv4Pool", "TransferAddress")
            .attributes("AllocationId", "PublicIp")
            .build();

    public EipProvider(Ec2Regions regions) {
        super(regions);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String borderGroup = string(properties, "NetworkBorderGroup");
        if (borderGroup != null && !borderGroup.equals(context.region())) {
            throw new ResourcePropertiesException("NetworkBorderGroup " + borderGroup + " is not supported by the"
                    + " local cloud: only the Region's own group " + context.region() + " exists.");
        }
        ElasticIp address = store(context).allocateAddress(string(properties, "Domain"), tags(context, properties));
        return ProvisionedResource.of(address.publicIp(),
                Map.of("AllocationId", address.allocationId(), "PublicIp", address.publicIp()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        retag(context, String.valueOf(current.attributes().get("AllocationId")), oldProperties, newProperties);
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        deleteQuietly(() -> store(context).releaseAddress(String.valueOf(resource.attributes().get("AllocationId"))));
    }
}
