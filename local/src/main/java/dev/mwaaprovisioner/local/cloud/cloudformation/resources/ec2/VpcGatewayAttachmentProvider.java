package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourcePropertiesException;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Exception;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import java.util.Map;

/**
 * {@code AWS::EC2::VPCGatewayAttachment} for internet gateways (VPN gateways are not emulated).
 * Ref: {@code IGW|<vpc-id>}, as CloudFormation names the attachment.
 */
public final class VpcGatewayAttachmentProvider extends Ec2ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::EC2::VPCGatewayAttachment")
            .required("VpcId", STRING, REPLACEMENT)
            .optional("InternetGatewayId", STRING, REPLACEMENT)
            .unsupported("VpnGatewayId")
            .attributes("AttachmentType")
            .build();

    public VpcGatewayAttachmentProvider(Ec2Regions regions) {
        super(regions);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String gatewayId = string(properties, "InternetGatewayId");
        if (gatewayId == null) {
            throw new ResourcePropertiesException("Properties validation failed for resource " + context.logicalId()
                    + " with message: [#: required key [InternetGatewayId] not found]");
        }
        String vpcId = string(properties, "VpcId");
        store(context).attachInternetGateway(gatewayId, vpcId);
        return ProvisionedResource.of("IGW|" + vpcId, Map.of("AttachmentType", "IGW", "InternetGatewayId", gatewayId));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        return current; // every property requires replacement
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        String vpcId = resource.physicalId().substring("IGW|".length());
        try {
            store(context).detachInternetGateway(String.valueOf(resource.attributes().get("InternetGatewayId")), vpcId);
        } catch (Ec2Exception e) {
            if (!e.code().endsWith(".NotFound") && !"Gateway.NotAttached".equals(e.code())) {
                throw e;
            }
        }
    }
}
