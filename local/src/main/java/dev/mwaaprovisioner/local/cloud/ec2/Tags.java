package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable, insertion-ordered tag maps as EC2 resources carry them. */
public final class Tags {

    private Tags() {}

    public static Map<String, String> copyOf(Map<String, String> tags) {
        return tags == null || tags.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    static Map<String, String> merge(Map<String, String> tags, Map<String, String> added) {
        Map<String, String> merged = new LinkedHashMap<>(tags);
        merged.putAll(added);
        return copyOf(merged);
    }

    /** Removes keys; a key mapped to a non-null value is removed only when the value matches, as DeleteTags does. */
    static Map<String, String> remove(Map<String, String> tags, Map<String, String> removed) {
        Map<String, String> left = new LinkedHashMap<>(tags);
        removed.forEach((key, value) -> {
            if (value == null || value.equals(left.get(key))) {
                left.remove(key);
            }
        });
        return copyOf(left);
    }

    static Map<String, String> without(Map<String, String> tags, Collection<String> keys) {
        Map<String, String> left = new LinkedHashMap<>(tags);
        keys.forEach(left::remove);
        return copyOf(left);
    }
}
