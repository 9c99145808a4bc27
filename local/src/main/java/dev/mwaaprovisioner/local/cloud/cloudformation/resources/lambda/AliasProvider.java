package dev.mwaaprovisioner.local.cloud.cloudformation.resources.lambda;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import java.util.Map;

/**
 * {@code AWS::Lambda::Alias}: a name for a published version, which invocations may use as the
 * qualifier ({@code function:NAME:ALIAS}). Ref: the alias ARN. Weighted routing and provisioned
 * concurrency are not emulated.
 */
public final class AliasProvider implements ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::Lambda::Alias")
            .required("Name", STRING, REPLACEMENT)
            .required("FunctionName", STRING, REPLACEMENT)
            .required("FunctionVersion", STRING, IN_PLACE)
            .optional("Description", STRING, IN_PLACE)
            .unsupported("ProvisionedConcurrencyConfig", "RoutingConfig")
            .attributes("AliasArn")
            .build();

    private final ServiceContext cloud;

    public AliasProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String arn = cloud.service(LambdaFunctions.class).putAlias((String) properties.get("FunctionName"),
                (String) properties.get("Name"), (String) properties.get("FunctionVersion"));
        return ProvisionedResource.of(arn, Map.of("AliasArn", arn));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        cloud.service(LambdaFunctions.class).putAlias((String) newProperties.get("FunctionName"),
                (String) newProperties.get("Name"), (String) newProperties.get("FunctionVersion"));
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        cloud.service(LambdaFunctions.class).deleteAlias((String) properties.get("FunctionName"),
                (String) properties.get("Name"));
    }
}
