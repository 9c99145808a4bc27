package dev.mwaaprovisioner.local.cloud.cloudformation.resources.lambda;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunction;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.functions.InProcessFunction;
import java.util.Map;

/**
 * {@code AWS::Lambda::Version}: publishes the function's current configuration as a numbered
 * version, and for a SnapStart function initialises it at once. Ref: the version's ARN.
 * Provisioned concurrency is not emulated.
 */
public final class VersionProvider implements ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::Lambda::Version")
            .required("FunctionName", STRING, REPLACEMENT)
            .optional("Description", STRING, REPLACEMENT)
            .unsupported("CodeSha256", "ProvisionedConcurrencyConfig", "RuntimePolicy")
            .attributes("FunctionArn", "Version")
            .build();

    private final ServiceContext cloud;

    public VersionProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        LambdaFunctions lambda = cloud.service(LambdaFunctions.class);
        String function = (String) properties.get("FunctionName");
        LambdaFunctions.PublishedVersion version = lambda.publishVersion(function);
        // SnapStart initialises a published version when it is published.
        lambda.find(function).map(LambdaFunction::handlerObject)
                .filter(handler -> handler instanceof InProcessFunction f && f.snapStart())
                .ifPresent(handler -> ((InProcessFunction) handler).snapshot());
        return ProvisionedResource.of(version.arn(), Map.of("FunctionArn", version.functionArn(),
                "Version", version.version()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        return current; // every property requires replacement
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        cloud.service(LambdaFunctions.class).deleteVersion(resource.physicalId());
    }
}
