package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.TAGS;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.InternetGateway;
import java.util.Map;

/** {@code AWS::EC2::InternetGateway}. Ref: the gateway ID. */
public final class InternetGatewayProvider extends Ec2ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::EC2::InternetGateway")
            .optional("Tags", TAGS, IN_PLACE)
            .attributes("InternetGatewayId")
            .build();

    public InternetGatewayProvider(Ec2Regions regions) {
        super(regions);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        InternetGateway gateway = store(context).createInternetGateway(tags(context, properties));
        return ProvisionedResource.of(gateway.internetGatewayId(),
                Map.of("InternetGatewayId", gateway.internetGatewayId()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        retag(context, current.physicalId(), oldProperties, newProperties);
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        deleteQuietly(() -> store(context).deleteInternetGateway(resource.physicalId()));
    }
}
