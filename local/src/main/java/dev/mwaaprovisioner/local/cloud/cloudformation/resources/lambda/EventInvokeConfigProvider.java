package dev.mwaaprovisioner.local.cloud.cloudformation.resources.lambda;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.INTEGER;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
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
 * {@code AWS::Lambda::EventInvokeConfig}, as SAM generates it from a function's
 * {@code EventInvokeConfig}: the asynchronous-invocation settings of one qualifier (retries,
 * maximum event age, an SQS on-failure destination). The local Lambda honours them for
 * {@code Event} invocations, EventBridge's included. Ref: a generated id. On-success
 * destinations are not emulated.
 */
public final class EventInvokeConfigProvider implements ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::Lambda::EventInvokeConfig")
            .required("FunctionName", STRING, REPLACEMENT)
            .required("Qualifier", STRING, REPLACEMENT)
            .optional("MaximumRetryAttempts", INTEGER, IN_PLACE)
            .optional("MaximumEventAgeInSeconds", INTEGER, IN_PLACE)
            .object("DestinationConfig", ResourceSchema.builder("DestinationConfig")
                    .object("OnFailure", ResourceSchema.builder("OnFailure")
                            .required("Destination", STRING, IN_PLACE).build(), IN_PLACE)
                    .unsupported("OnSuccess")
                    .build(), IN_PLACE)
            .build();

    private final ServiceContext cloud;

    public EventInvokeConfigProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        put(properties);
        return ProvisionedResource.of(context.generatedName(128), Map.of());
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        put(newProperties);
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        cloud.service(LambdaFunctions.class).deleteEventInvokeConfig((String) properties.get("FunctionName"),
                (String) properties.get("Qualifier"));
    }

    @SuppressWarnings("unchecked")
    private void put(Map<String, Object> properties) {
        LambdaFunctions.EventInvokeConfig defaults = LambdaFunctions.EventInvokeConfig.DEFAULT;
        Map<String, Object> destinations = (Map<String, Object>) properties.getOrDefault("DestinationConfig", Map.of());
        Map<String, Object> onFailure = (Map<String, Object>) destinations.getOrDefault("OnFailure", Map.of());
        try {
            cloud.service(LambdaFunctions.class).putEventInvokeConfig((String) properties.get("FunctionName"),
                    (String) properties.get("Qualifier"), new LambdaFunctions.EventInvokeConfig(
                            (Integer) properties.getOrDefault("MaximumRetryAttempts", defaults.maximumRetryAttempts()),
                            (Integer) properties.getOrDefault("MaximumEventAgeInSeconds", defaults.maximumEventAgeSeconds()),
                            (String) onFailure.get("Destination")));
        } catch (IllegalArgumentException e) {
            throw new CloudException("InvalidRequest", 400, e.getMessage());
        }
    }
}
