package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourcePropertiesException;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Exception;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import java.util.Map;

/**
 * {@code AWS::EC2::Route} with an IPv4 destination to an internet gateway or a NAT gateway (other
 * targets are not emulated). Ref: {@code <route-table-id>|<destination>}.
 */
public final class RouteProvider extends Ec2ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::EC2::Route")
            .required("RouteTableId", STRING, REPLACEMENT)
            .optional("DestinationCidrBlock", STRING, REPLACEMENT)
            .optional("GatewayId", STRING, IN_PLACE)
            .optional("NatGatewayId", STRING, IN_PLACE)
            .unsupported("CarrierGatewayId", "CoreNetworkArn", "DestinationIpv6CidrBlock", "DestinationPrefixListId",
                    "EgressOnlyInternetGatewayId", "InstanceId", "LocalGatewayId", "NetworkInterfaceId",
                    "TransitGatewayId", "VpcEndpointId", "VpcPeeringConnectionId")
            .attributes("CidrBlock")
            .build();

    public RouteProvider(Ec2Regions regions) {
        super(regions);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String destination = string(properties, "DestinationCidrBlock");
        if (destination == null) {
            throw new ResourcePropertiesException("Properties validation failed for resource " + context.logicalId()
                    + " with message: [#: required key [DestinationCidrBlock] not found]");
        }
        String table = string(properties, "RouteTableId");
        store(context).createRoute(table, destination, string(properties, "GatewayId"),
                string(properties, "NatGatewayId"));
        return ProvisionedResource.of(table + "|" + destination, Map.of("CidrBlock", destination));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        store(context).replaceRoute(string(newProperties, "RouteTableId"), string(newProperties, "DestinationCidrBlock"),
                string(newProperties, "GatewayId"), string(newProperties, "NatGatewayId"));
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        try {
            store(context).deleteRoute(string(properties, "RouteTableId"), string(properties, "DestinationCidrBlock"));
        } catch (Ec2Exception e) {
            if (!e.code().endsWith(".NotFound")) {
                throw e;
            }
        }
    }
}
