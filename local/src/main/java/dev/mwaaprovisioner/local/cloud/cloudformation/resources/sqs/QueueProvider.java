package dev.mwaaprovisioner.local.cloud.cloudformation.resources.sqs;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.BOOLEAN;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.INTEGER;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.TAGS;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.sqs.SqsQueues;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code AWS::SQS::Queue}, a standard queue in the local SQS. Ref: the queue URL; attributes
 * {@code Arn}, {@code QueueName}, {@code QueueUrl}. Without {@code QueueName} the name is
 * generated from the stack and logical ID, as CloudFormation does.
 */
public final class QueueProvider implements ResourceProvider {

    /** Template property → queue attribute, for the attributes a standard queue takes. */
    private static final Map<String, String> ATTRIBUTES = Map.of(
            "DelaySeconds", "DelaySeconds",
            "MaximumMessageSize", "MaximumMessageSize",
            "MessageRetentionPeriod", "MessageRetentionPeriod",
            "ReceiveMessageWaitTimeSeconds", "ReceiveMessageWaitTimeSeconds",
            "VisibilityTimeout", "VisibilityTimeout",
            "SqsManagedSseEnabled", "SqsManagedSseEnabled");

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::SQS::Queue")
            .optional("QueueName", STRING, REPLACEMENT)
            .optional("DelaySeconds", INTEGER, IN_PLACE)
            .optional("MaximumMessageSize", INTEGER, IN_PLACE)
            .optional("MessageRetentionPeriod", INTEGER, IN_PLACE)
            .optional("ReceiveMessageWaitTimeSeconds", INTEGER, IN_PLACE)
            .optional("VisibilityTimeout", INTEGER, IN_PLACE)
            .optional("SqsManagedSseEnabled", BOOLEAN, IN_PLACE)
            .optional("Tags", TAGS, IN_PLACE)
            .unsupported("ContentBasedDeduplication", "DeduplicationScope", "FifoQueue", "FifoThroughputLimit",
                    "KmsDataKeyReusePeriodSeconds", "KmsMasterKeyId", "RedriveAllowPolicy", "RedrivePolicy")
            .attributes("Arn", "QueueName", "QueueUrl")
            .build();

    private final ServiceContext cloud;

    public QueueProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String name = properties.containsKey("QueueName") ? (String) properties.get("QueueName")
                : context.generatedName(80);
        SqsQueues.Queue queue = cloud.service(SqsQueues.class).createQueue(context.region(), name, attributes(properties));
        return ProvisionedResource.of(queue.url(), Map.of("Arn", queue.arn(), "QueueName", queue.name(),
                "QueueUrl", queue.url()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        Map<String, String> attributes = attributes(newProperties);
        // A property removed from the template returns to SQS's default.
        for (Map.Entry<String, String> property : ATTRIBUTES.entrySet()) {
            if (oldProperties.containsKey(property.getKey()) && !newProperties.containsKey(property.getKey())) {
                attributes.put(property.getValue(), switch (property.getValue()) {
                    case "MessageRetentionPeriod" -> "345600";
                    case "VisibilityTimeout" -> "30";
                    case "MaximumMessageSize" -> "262144";
                    case "SqsManagedSseEnabled" -> "true";
                    default -> "0";
                });
            }
        }
        cloud.service(SqsQueues.class).setAttributes(current.physicalId(), attributes);
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        try {
            cloud.service(SqsQueues.class).deleteQueue(resource.physicalId());
        } catch (dev.mwaaprovisioner.local.cloud.CloudException gone) {
            // already deleted
        }
    }

    private static Map<String, String> attributes(Map<String, Object> properties) {
        Map<String, String> attributes = new LinkedHashMap<>();
        ATTRIBUTES.forEach((property, attribute) -> {
            if (properties.containsKey(property)) {
                attributes.put(attribute, String.valueOf(properties.get(property)));
            }
        });
        return attributes;
    }
}
