package dev.mwaaprovisioner.local.cloud.cloudformation.resources.events;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.INTEGER;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.JSON;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.events.EventRule;
import dev.mwaaprovisioner.local.cloud.events.EventRules;
import dev.mwaaprovisioner.local.cloud.events.EventTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code AWS::Events::Rule} with an event pattern and its targets, in the local EventBridge.
 * Ref: the rule name. Targets keep their RetryPolicy and DeadLetterConfig
 * (see {@link EventRules}). Scheduled rules are not emulated.
 */
public final class RuleProvider implements ResourceProvider {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::Events::Rule")
            .required("EventPattern", JSON, IN_PLACE)
            .optional("Name", STRING, REPLACEMENT)
            .optional("EventBusName", STRING, REPLACEMENT)
            .optional("Description", STRING, IN_PLACE)
            .optional("State", STRING, IN_PLACE)
            .optional("RoleArn", STRING, IN_PLACE)
            .list("Targets", ResourceSchema.builder("Target")
                    .required("Arn", STRING, IN_PLACE)
                    .required("Id", STRING, IN_PLACE)
                    .optional("RoleArn", STRING, IN_PLACE)
                    .optional("Input", STRING, IN_PLACE)
                    .optional("InputPath", STRING, IN_PLACE)
                    .object("InputTransformer", ResourceSchema.builder("InputTransformer")
                            .optional("InputPathsMap", JSON, IN_PLACE)
                            .required("InputTemplate", STRING, IN_PLACE).build(), IN_PLACE)
                    .object("RetryPolicy", ResourceSchema.builder("RetryPolicy")
                            .optional("MaximumRetryAttempts", INTEGER, IN_PLACE)
                            .optional("MaximumEventAgeInSeconds", INTEGER, IN_PLACE).build(), IN_PLACE)
                    .object("DeadLetterConfig", ResourceSchema.builder("DeadLetterConfig")
                            .optional("Arn", STRING, IN_PLACE).build(), IN_PLACE)
                    .unsupported("AppSyncParameters", "BatchParameters", "EcsParameters",
                            "HttpParameters", "KinesisParameters", "RedshiftDataParameters",
                            "RunCommandParameters", "SageMakerPipelineParameters", "SqsParameters")
                    .build(), IN_PLACE)
            .unsupported("ScheduleExpression")
            .attributes("Arn")
            .build();

    private final ServiceContext cloud;

    public RuleProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String name = properties.containsKey("Name") ? (String) properties.get("Name") : context.generatedName(64);
        EventRule rule = put(context, name, properties);
        return ProvisionedResource.of(name, Map.of("Arn", rule.arn()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        EventRules rules = cloud.service(EventRules.class);
        String bus = (String) newProperties.get("EventBusName");
        List<String> stale = new ArrayList<>();
        rules.rule(context.region(), bus, current.physicalId()).targets().forEach(t -> stale.add(t.id()));
        if (!stale.isEmpty()) {
            rules.removeTargets(context.region(), bus, current.physicalId(), stale);
        }
        put(context, current.physicalId(), newProperties);
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        EventRules rules = cloud.service(EventRules.class);
        String bus = (String) properties.get("EventBusName");
        try {
            List<String> ids = rules.rule(context.region(), bus, resource.physicalId()).targets().stream()
                    .map(EventTarget::id).toList();
            if (!ids.isEmpty()) {
                rules.removeTargets(context.region(), bus, resource.physicalId(), ids);
            }
        } catch (dev.mwaaprovisioner.local.cloud.CloudException gone) {
            return;
        }
        rules.deleteRule(context.region(), bus, resource.physicalId());
    }

    @SuppressWarnings("unchecked")
    private EventRule put(ResourceContext context, String name, Map<String, Object> properties) {
        EventRules rules = cloud.service(EventRules.class);
        String bus = (String) properties.get("EventBusName");
        EventRule rule = rules.putRule(context.region(), bus, name, json(properties.get("EventPattern")),
                (String) properties.get("Description"), (String) properties.get("State"),
                (String) properties.get("RoleArn"));
        List<EventTarget> targets = new ArrayList<>();
        for (Map<String, Object> target : (List<Map<String, Object>>) properties.getOrDefault("Targets", List.of())) {
            Map<String, Object> transformer = (Map<String, Object>) target.get("InputTransformer");
            Map<String, String> pathsMap = null;
            if (transformer != null && transformer.get("InputPathsMap") instanceof Map<?, ?> map) {
                pathsMap = new java.util.LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    pathsMap.put(String.valueOf(entry.getKey()), String.valueOf(entry.getValue()));
                }
            }
            Map<String, Object> retry = (Map<String, Object>) target.get("RetryPolicy");
            EventTarget.RetryPolicy retryPolicy = retry == null ? null : new EventTarget.RetryPolicy(
                    (Integer) retry.getOrDefault("MaximumRetryAttempts", EventTarget.RetryPolicy.DEFAULT.maximumRetryAttempts()),
                    (Integer) retry.getOrDefault("MaximumEventAgeInSeconds",
                            EventTarget.RetryPolicy.DEFAULT.maximumEventAgeSeconds()));
            Map<String, Object> deadLetter = (Map<String, Object>) target.get("DeadLetterConfig");
            targets.add(new EventTarget((String) target.get("Id"), (String) target.get("Arn"),
                    (String) target.get("RoleArn"), (String) target.get("Input"), (String) target.get("InputPath"),
                    pathsMap, transformer == null ? null : (String) transformer.get("InputTemplate"), retryPolicy,
                    deadLetter == null ? null : (String) deadLetter.get("Arn")));
        }
        if (!targets.isEmpty()) {
            try {
                rules.putTargets(context.region(), bus, name, targets);
            } catch (RuntimeException e) {
                rules.deleteRule(context.region(), bus, name); // a failed create leaves nothing behind
                throw e;
            }
        }
        return rule;
    }

    /** An event pattern as EventBridge takes it: the template's object (or JSON string) as JSON text. */
    private static String json(Object pattern) {
        if (pattern instanceof String text) {
            return text;
        }
        try {
            return MAPPER.writeValueAsString(pattern);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
