package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The properties and attributes of a resource type (or of the elements of a list property), with
 * validation worded as CloudFormation's schema validation words it:
 * {@code Properties validation failed for resource X with message: [#: required key [VpcId] not found]}.
 */
public final class ResourceSchema {

    private final String typeName;
    private final Map<String, PropertySpec> properties;
    private final Set<String> attributes;
    private final Set<String> listAttributes;

    private ResourceSchema(String typeName, Map<String, PropertySpec> properties, Set<String> attributes,
            Set<String> listAttributes) {
        this.typeName = typeName;
        this.properties = Collections.unmodifiableMap(properties);
        this.attributes = Collections.unmodifiableSet(attributes);
        this.listAttributes = Collections.unmodifiableSet(listAttributes);
    }

    public static Builder builder(String typeName) {
        return new Builder(typeName);
    }

    public String typeName() {
        return typeName;
    }

    public Map<String, PropertySpec> properties() {
        return properties;
    }

    public Set<String> attributes() {
        return attributes;
    }

    /** The attributes whose value is a list (e.g. a VPC's {@code CidrBlockAssociations}). */
    public Set<String> listAttributes() {
        return listAttributes;
    }

    /** Validates and normalises properties; throws with every problem found. */
    public Map<String, Object> validate(String logicalId, Map<String, Object> given) {
        List<String> problems = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        Map<String, Object> normalised = validate("#", given, problems, unsupported);
        if (!problems.isEmpty()) {
            throw new ResourcePropertiesException("Properties validation failed for resource " + logicalId
                    + " with message: " + problems);
        }
        if (!unsupported.isEmpty()) {
            throw new ResourcePropertiesException("Properties " + unsupported + " of " + typeName + " (resource "
                    + logicalId + ") are not supported by the local cloud; remove them or deploy to AWS.");
        }
        return normalised;
    }

    private Map<String, Object> validate(String path, Map<String, Object> given, List<String> problems,
            List<String> unsupported) {
        Map<String, Object> normalised = new LinkedHashMap<>();
        for (String key : given.keySet()) {
            if (!properties.containsKey(key)) {
                problems.add(path + ": extraneous key [" + key + "] is not permitted");
            }
        }
        for (PropertySpec spec : properties.values()) {
            Object value = given.get(spec.name());
            if (value == null) {
                if (spec.required()) {
                    problems.add(path + ": required key [" + spec.name() + "] not found");
                }
                continue;
            }
            if (!spec.supported()) {
                unsupported.add((path + "/" + spec.name()).substring(2));
                continue;
            }
            Object converted = convert(path + "/" + spec.name(), spec, value, problems, unsupported);
            if (converted != null) {
                normalised.put(spec.name(), converted);
            }
        }
        return normalised;
    }

    @SuppressWarnings("unchecked")
    private static Object convert(String path, PropertySpec spec, Object value, List<String> problems,
            List<String> unsupported) {
        switch (spec.type()) {
            case STRING:
                if (value instanceof Map || value instanceof List) {
                    problems.add(path + ": expected type: String, found: " + found(value));
                    return null;
                }
                return String.valueOf(value);
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    return Boolean.valueOf(s.toLowerCase(Locale.ROOT));
                }
                problems.add(path + ": expected type: Boolean, found: " + found(value));
                return null;
            case INTEGER:
                try {
                    if (!(value instanceof Map) && !(value instanceof List) && !(value instanceof Boolean)) {
                        return new BigDecimal(String.valueOf(value).trim()).intValueExact();
                    }
                } catch (ArithmeticException | NumberFormatException e) {
                    // reported below
                }
                problems.add(path + ": expected type: Integer, found: " + found(value));
                return null;
            case STRING_LIST:
                if (!(value instanceof List<?> list)) {
                    problems.add(path + ": expected type: JSONArray, found: " + found(value));
                    return null;
                }
                return list.stream().map(String::valueOf).toList();
            case TAGS:
                return tags(path, value, problems);
            case OBJECT:
                if (!(value instanceof Map<?, ?> object)) {
                    problems.add(path + ": expected type: JSONObject, found: " + found(value));
                    return null;
                }
                return spec.items().validate(path, (Map<String, Object>) object, problems, unsupported);
            case JSON:
                // A JSON string is accepted where CloudFormation accepts one (a policy document, a pattern).
                if (!(value instanceof Map) && !(value instanceof String)) {
                    problems.add(path + ": expected type: JSONObject, found: " + found(value));
                    return null;
                }
                return value;
            case OBJECT_LIST:
                if (!(value instanceof List<?> items)) {
                    problems.add(path + ": expected type: JSONArray, found: " + found(value));
                    return null;
                }
                List<Map<String, Object>> result = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    Object item = items.get(i);
                    if (!(item instanceof Map)) {
                        problems.add(path + "/" + i + ": expected type: JSONObject, found: " + found(item));
                        continue;
                    }
                    result.add(spec.items().validate(path + "/" + i, (Map<String, Object>) item, problems,
                            unsupported));
                }
                return result;
            default:
                throw new IllegalStateException(spec.type().name());
        }
    }

    private static List<Map<String, Object>> tags(String path, Object value, List<String> problems) {
        if (!(value instanceof List<?> items)) {
            problems.add(path + ": expected type: JSONArray, found: " + found(value));
            return null;
        }
        List<Map<String, Object>> tags = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> tag)) {
                problems.add(path + "/" + i + ": expected type: JSONObject, found: " + found(items.get(i)));
                continue;
            }
            for (Object key : tag.keySet()) {
                if (!"Key".equals(key) && !"Value".equals(key)) {
                    problems.add(path + "/" + i + ": extraneous key [" + key + "] is not permitted");
                }
            }
            Object key = tag.get("Key");
            Object tagValue = tag.get("Value");
            if (key == null) {
                problems.add(path + "/" + i + ": required key [Key] not found");
            }
            if (tagValue == null) {
                problems.add(path + "/" + i + ": required key [Value] not found");
            }
            if (key == null || tagValue == null) {
                continue;
            }
            String k = String.valueOf(key);
            String v = String.valueOf(tagValue);
            if (k.isEmpty() || k.length() > 128) {
                problems.add(path + "/" + i + "/Key: expected length between 1 and 128, found: " + k.length());
            }
            if (v.length() > 256) {
                problems.add(path + "/" + i + "/Value: expected maxLength: 256, actual: " + v.length());
            }
            if (k.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                problems.add(path + "/" + i + "/Key: tag keys starting with aws: are reserved for AWS use");
            }
            if (!keys.add(k)) {
                problems.add(path + ": duplicate tag key [" + k + "]");
            }
            Map<String, Object> normalised = new LinkedHashMap<>();
            normalised.put("Key", k);
            normalised.put("Value", v);
            tags.add(normalised);
        }
        return tags;
    }

    private static String found(Object value) {
        if (value instanceof Map) {
            return "JSONObject";
        }
        if (value instanceof List) {
            return "JSONArray";
        }
        if (value instanceof Boolean) {
            return "Boolean";
        }
        if (value instanceof Number) {
            return value instanceof Integer || value instanceof Long ? "Integer" : "BigDecimal";
        }
        return "String";
    }

    /** Whether the change from old to new properties changes a property that requires replacement. */
    public boolean requiresReplacement(Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        return properties.values().stream().filter(PropertySpec::replacement)
                .anyMatch(p -> !Objects.equals(oldProperties.get(p.name()), newProperties.get(p.name())));
    }

    /** Builds a schema: each property with its type, whether required and its update behaviour. */
    public static final class Builder {
        private final String typeName;
        private final Map<String, PropertySpec> properties = new LinkedHashMap<>();
        private final Set<String> attributes = new LinkedHashSet<>();
        private final Set<String> listAttributes = new LinkedHashSet<>();

        private Builder(String typeName) {
            this.typeName = typeName;
        }

        public Builder required(String name, PropertyType type, Update update) {
            properties.put(name, new PropertySpec(name, type, true, update == Update.REPLACEMENT, true, null));
            return this;
        }

        public Builder optional(String name, PropertyType type, Update update) {
            properties.put(name, new PropertySpec(name, type, false, update == Update.REPLACEMENT, true, null));
            return this;
        }

        public Builder list(String name, ResourceSchema items, Update update) {
            properties.put(name, new PropertySpec(name, PropertyType.OBJECT_LIST, false, update == Update.REPLACEMENT,
                    true, items));
            return this;
        }

        /** As {@link #list}, for a list the specification requires. */
        public Builder requiredList(String name, ResourceSchema items, Update update) {
            properties.put(name, new PropertySpec(name, PropertyType.OBJECT_LIST, true, update == Update.REPLACEMENT,
                    true, items));
            return this;
        }

        /** A nested object property, validated by its own schema. */
        public Builder object(String name, ResourceSchema schema, Update update) {
            properties.put(name, new PropertySpec(name, PropertyType.OBJECT, false, update == Update.REPLACEMENT,
                    true, schema));
            return this;
        }

        /** Real properties of the type that the local cloud refuses rather than ignores. */
        public Builder unsupported(String... names) {
            for (String name : names) {
                properties.put(name, new PropertySpec(name, PropertyType.STRING, false, true, false, null));
            }
            return this;
        }

        public Builder attributes(String... names) {
            attributes.addAll(List.of(names));
            return this;
        }

        /** Attributes whose value is a list of strings. */
        public Builder listAttributes(String... names) {
            attributes.addAll(List.of(names));
            listAttributes.addAll(List.of(names));
            return this;
        }

        public ResourceSchema build() {
            return new ResourceSchema(typeName, new LinkedHashMap<>(properties), new LinkedHashSet<>(attributes),
                    new LinkedHashSet<>(listAttributes));
        }
    }

    /** How a property change is applied. */
    public enum Update {
        /** Updated on the existing resource. */
        IN_PLACE,
        /** A new resource is created and the old one deleted. */
        REPLACEMENT
    }
}
