package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.RouteTable;
import java.util.Map;

/**
 * {@code AWS::EC2::SubnetRouteTableAssociation}. Ref: the association ID. A new route table is
 * applied in place (ReplaceRouteTableAssociation), which gives a new association ID.
 */
public final class SubnetRouteTableAssociationProvider extends Ec2ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::EC2::SubnetRouteTableAssociation")
            .required("RouteTableId", STRING, IN_PLACE)
            .required("SubnetId", STRING, REPLACEMENT)
            .attributes("Id")
            .build();

    public SubnetRouteTableAssociationProvider(Ec2Regions regions) {
        super(regions);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        RouteTable.Association association = store(context).associateRouteTable(string(properties, "RouteTableId"),
                string(properties, "SubnetId"));
        return ProvisionedResource.of(association.associationId(), Map.of("Id", association.associationId()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        RouteTable.Association association = store(context).replaceRouteTableAssociation(current.physicalId(),
                string(newProperties, "RouteTableId"));
        return ProvisionedResource.of(association.associationId(), Map.of("Id", association.associationId()));
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        deleteQuietly(() -> store(context).disassociateRouteTable(resource.physicalId()));
    }
}
