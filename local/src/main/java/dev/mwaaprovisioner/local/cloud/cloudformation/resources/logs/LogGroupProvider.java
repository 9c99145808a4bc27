package dev.mwaaprovisioner.local.cloud.cloudformation.resources.logs;

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
import dev.mwaaprovisioner.local.cloud.logs.LogGroup;
import dev.mwaaprovisioner.local.cloud.logs.LogGroupStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code AWS::Logs::LogGroup}. Ref: the log group name. Encryption and log classes are not emulated. */
public final class LogGroupProvider implements ResourceProvider {

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::Logs::LogGroup")
            .optional("LogGroupName", STRING, REPLACEMENT)
            .optional("RetentionInDays", INTEGER, IN_PLACE)
            .optional("Tags", TAGS, IN_PLACE)
            .unsupported("DataProtectionPolicy", "FieldIndexPolicies", "KmsKeyId", "LogGroupClass",
                    "ResourcePolicyDocument", "DeletionProtectionEnabled")
            .attributes("Arn")
            .build();

    private final ServiceContext cloud;

    public LogGroupProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String name = properties.containsKey("LogGroupName") ? (String) properties.get("LogGroupName")
                : context.generatedName(512);
        Map<String, String> tags = new LinkedHashMap<>();
        List<Map<String, Object>> given = (List<Map<String, Object>>) properties.get("Tags");
        if (given != null) {
            given.forEach(t -> tags.put(String.valueOf(t.get("Key")), String.valueOf(t.get("Value"))));
        }
        LogGroup group = cloud.service(LogGroupStore.class).create(context.region(), name,
                (Integer) properties.get("RetentionInDays"), tags);
        return ProvisionedResource.of(group.name(), Map.of("Arn", group.arn()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        cloud.service(LogGroupStore.class).putRetentionPolicy(context.region(), current.physicalId(),
                (Integer) newProperties.get("RetentionInDays"));
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        LogGroupStore store = cloud.service(LogGroupStore.class);
        if (store.find(context.region(), resource.physicalId()).isPresent()) {
            store.delete(context.region(), resource.physicalId());
        }
    }
}
