package dev.mwaaprovisioner.local.cloud.cloudformation.resources.sqs;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.JSON;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING_LIST;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.sqs.SqsQueues;
import java.util.List;
import java.util.Map;

/**
 * {@code AWS::SQS::QueuePolicy}: the {@code Policy} attribute of each queue (by URL) in
 * {@code Queues}. Ref: a generated id. Deleting it removes the queues' policies.
 */
public final class QueuePolicyProvider implements ResourceProvider {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::SQS::QueuePolicy")
            .required("PolicyDocument", JSON, IN_PLACE)
            .required("Queues", STRING_LIST, IN_PLACE)
            .build();

    private final ServiceContext cloud;

    public QueuePolicyProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        apply(properties);
        return ProvisionedResource.of(context.generatedName(128), Map.of());
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        List<String> kept = queues(newProperties);
        for (String queue : queues(oldProperties)) {
            if (!kept.contains(queue)) {
                clear(queue);
            }
        }
        apply(newProperties);
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        queues(properties).forEach(this::clear);
    }

    private void apply(Map<String, Object> properties) {
        String document;
        try {
            Object policy = properties.get("PolicyDocument");
            document = policy instanceof String text ? text : MAPPER.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (String queue : queues(properties)) {
            cloud.service(SqsQueues.class).setAttributes(queue, Map.of("Policy", document));
        }
    }

    private void clear(String queue) {
        try {
            cloud.service(SqsQueues.class).setAttributes(queue, Map.of("Policy", ""));
        } catch (CloudException gone) {
            // the queue is deleted already
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> queues(Map<String, Object> properties) {
        return (List<String>) properties.getOrDefault("Queues", List.of());
    }
}
