package dev.mwaaprovisioner.local.cloud.cloudformation.resources.lambda;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import java.util.Map;

/**
 * {@code AWS::Lambda::Permission}: a statement of a function's resource-based policy, as SAM
 * generates one for each EventBridgeRule event of a function. The local EventBridge delivers to
 * a Lambda target only when such a statement allows {@code events.amazonaws.com} from the rule.
 * Ref: the statement id. Only {@code lambda:InvokeFunction} is granted; every property change
 * replaces the statement, as on AWS.
 */
public final class PermissionProvider implements ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::Lambda::Permission")
            .required("Action", STRING, REPLACEMENT)
            .required("FunctionName", STRING, REPLACEMENT)
            .required("Principal", STRING, REPLACEMENT)
            .optional("SourceArn", STRING, REPLACEMENT)
            .optional("SourceAccount", STRING, REPLACEMENT)
            .unsupported("EventSourceToken", "FunctionUrlAuthType", "PrincipalOrgID")
            .build();

    private final ServiceContext cloud;

    public PermissionProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String statementId = context.generatedName(100);
        try {
            cloud.service(LambdaFunctions.class).addPermission((String) properties.get("FunctionName"), statementId,
                    (String) properties.get("Action"), (String) properties.get("Principal"),
                    (String) properties.get("SourceArn"));
        } catch (IllegalArgumentException e) {
            throw new CloudException("InvalidRequest", 400, e.getMessage());
        }
        return ProvisionedResource.of(statementId, Map.of());
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        return current; // every property is REPLACEMENT: the engine creates a new statement instead
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        cloud.service(LambdaFunctions.class).removePermission((String) properties.get("FunctionName"),
                resource.physicalId());
    }
}
