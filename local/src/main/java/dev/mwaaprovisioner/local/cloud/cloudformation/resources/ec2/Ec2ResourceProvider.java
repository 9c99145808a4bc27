package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Exception;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Store;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the EC2 resource providers share: the Region's store, tags, tolerant deletes. */
abstract class Ec2ResourceProvider implements ResourceProvider {

    private final Ec2Regions regions;

    Ec2ResourceProvider(Ec2Regions regions) {
        this.regions = regions;
    }

    Ec2Store store(ResourceContext context) {
        return regions.region(context.region());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> tagList(Map<String, Object> properties) {
        return (List<Map<String, Object>>) properties.get("Tags");
    }

    static Map<String, String> tags(ResourceContext context, Map<String, Object> properties) {
        return context.tags(tagList(properties));
    }

    /** Brings a resource's tags from the old properties' tags to the new ones. */
    void retag(ResourceContext context, String resourceId, Map<String, Object> oldProperties,
            Map<String, Object> newProperties) {
        Map<String, String> desired = tags(context, newProperties);
        Set<String> removed = new LinkedHashSet<>(context.previousTags(tagList(oldProperties)).keySet());
        removed.removeAll(desired.keySet());
        store(context).replaceTags(resourceId, desired, removed);
    }

    static String string(Map<String, Object> properties, String name) {
        Object value = properties.get(name);
        return value == null ? null : value.toString();
    }

    static Boolean bool(Map<String, Object> properties, String name) {
        return (Boolean) properties.get(name);
    }

    /** Runs a delete, treating "already gone" as done, as CloudFormation does. */
    static void deleteQuietly(Runnable delete) {
        try {
            delete.run();
        } catch (Ec2Exception e) {
            if (!e.code().endsWith(".NotFound") && !e.code().equals("NatGatewayNotFound")) {
                throw e;
            }
        }
    }
}
