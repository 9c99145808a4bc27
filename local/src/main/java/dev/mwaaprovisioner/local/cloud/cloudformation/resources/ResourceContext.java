package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a resource is provisioned: its stack, logical ID and Region, and the tags CloudFormation
 * puts on every taggable resource (the stack's tags and the {@code aws:cloudformation:*} tags).
 */
public record ResourceContext(String stackName, String stackId, String logicalId, String region, String accountId,
        Map<String, String> stackTags, Map<String, String> previousStackTags) {

    public ResourceContext {
        stackTags = Map.copyOf(stackTags);
        previousStackTags = Map.copyOf(previousStackTags);
    }

    /** The tags for a resource: stack tags, then the resource's own {@code Tags} (which win), then CloudFormation's. */
    public Map<String, String> tags(List<Map<String, Object>> resourceTags) {
        return tags(stackTags, resourceTags);
    }

    /** The tags the resource had before this update, from the stack's previous tags and its old {@code Tags}. */
    public Map<String, String> previousTags(List<Map<String, Object>> oldResourceTags) {
        return tags(previousStackTags, oldResourceTags);
    }

    private Map<String, String> tags(Map<String, String> ofStack, List<Map<String, Object>> resourceTags) {
        Map<String, String> tags = new LinkedHashMap<>(ofStack);
        if (resourceTags != null) {
            resourceTags.forEach(t -> tags.put(String.valueOf(t.get("Key")), String.valueOf(t.get("Value"))));
        }
        tags.put("aws:cloudformation:stack-name", stackName);
        tags.put("aws:cloudformation:stack-id", stackId);
        tags.put("aws:cloudformation:logical-id", logicalId);
        return tags;
    }

    /** A name CloudFormation generates for a resource whose name property is not set: stack-LogicalId-RANDOM. */
    public String generatedName(int maxLength) {
        String suffix = randomSuffix();
        String base = stackName + "-" + logicalId;
        int room = maxLength - suffix.length() - 1;
        if (base.length() > room) {
            base = base.substring(0, room);
        }
        return base + "-" + suffix;
    }

    private static String randomSuffix() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder suffix = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 13; i++) {
            suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return suffix.toString();
    }
}
