package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed CloudFormation template: its sections checked for the structure CloudFormation demands
 * ("Template format error: ..."), intrinsics left unevaluated. References between sections are
 * checked by {@link TemplateValidator}.
 */
public final class Template {

    private static final Set<String> SECTIONS = Set.of("AWSTemplateFormatVersion", "Description", "Metadata",
            "Parameters", "Rules", "Mappings", "Conditions", "Transform", "Resources", "Outputs");
    private static final Set<String> RESOURCE_ATTRIBUTES = Set.of("Type", "Properties", "DependsOn", "Condition",
            "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy");
    private static final Set<String> PARAMETER_ATTRIBUTES = Set.of("Type", "Default", "AllowedValues",
            "AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue", "NoEcho", "Description",
            "ConstraintDescription");
    private static final Set<String> OUTPUT_ATTRIBUTES = Set.of("Value", "Description", "Export", "Condition");

    private final String body;
    private final String description;
    private final Map<String, ParameterDeclaration> parameters;
    private final Map<String, Object> mappings;
    private final Map<String, Object> conditions;
    private final Map<String, ResourceDeclaration> resources;
    private final Map<String, OutputDeclaration> outputs;

    private Template(String body, String description, Map<String, ParameterDeclaration> parameters,
            Map<String, Object> mappings, Map<String, Object> conditions, Map<String, ResourceDeclaration> resources,
            Map<String, OutputDeclaration> outputs) {
        this.body = body;
        this.description = description;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.mappings = Collections.unmodifiableMap(mappings);
        this.conditions = Collections.unmodifiableMap(conditions);
        this.resources = Collections.unmodifiableMap(resources);
        this.outputs = Collections.unmodifiableMap(outputs);
    }

    /** Reads and checks a template body (YAML or JSON). */
    public static Template parse(String body) {
        return fromDocument(body, TemplateReader.read(body));
    }

    static Template fromDocument(String body, Map<String, Object> document) {
        List<String> unknown = document.keySet().stream().filter(k -> !SECTIONS.contains(k)).toList();
        if (!unknown.isEmpty()) {
            throw TemplateException.format("Invalid template property or properties " + unknown);
        }
        if (document.containsKey("Transform")) {
            throw TemplateException.format("Transform " + document.get("Transform")
                    + " is not supported by the local cloud: deploy the processed template instead.");
        }
        if (document.containsKey("Rules")) {
            throw TemplateException.format("The Rules section is not supported by the local cloud.");
        }
        Object version = document.get("AWSTemplateFormatVersion");
        if (version != null && !"2010-09-09".equals(String.valueOf(version))) {
            throw TemplateException.format("Unsupported AWSTemplateFormatVersion '" + version
                    + "': the only valid value is 2010-09-09.");
        }
        Object description = document.get("Description");
        if (description != null && !(description instanceof String)) {
            throw TemplateException.format("Every Description member must be a string.");
        }
        Map<String, ParameterDeclaration> parameters = parameters(section(document, "Parameters"));
        Map<String, Object> mappings = section(document, "Mappings");
        Map<String, Object> conditions = section(document, "Conditions");
        Object resourcesValue = document.get("Resources");
        if (!(resourcesValue instanceof Map<?, ?> resourcesMap) || resourcesMap.isEmpty()) {
            throw TemplateException.format("At least one Resources member must be defined.");
        }
        Map<String, ResourceDeclaration> resources = resources(section(document, "Resources"));
        Map<String, OutputDeclaration> outputs = outputs(section(document, "Outputs"));
        if (parameters.size() > 200 || resources.size() > 500 || outputs.size() > 200) {
            throw TemplateException.format("The template exceeds CloudFormation's limits of 200 parameters,"
                    + " 500 resources and 200 outputs.");
        }
        return new Template(body, (String) description, parameters, mappings, conditions, resources, outputs);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> document, String name) {
        Object value = document.get(name);
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (!(value instanceof Map)) {
            throw TemplateException.format("The " + name + " section must be a mapping (JSON object).");
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, ParameterDeclaration> parameters(Map<String, Object> section) {
        Map<String, ParameterDeclaration> parameters = new LinkedHashMap<>();
        section.forEach((name, value) -> {
            checkLogicalId(name, "Parameters");
            if (!(value instanceof Map<?, ?> declaration)) {
                throw TemplateException.format("Every Parameters object must contain a Type member.");
            }
            List<String> unknown = declaration.keySet().stream().map(String::valueOf)
                    .filter(k -> !PARAMETER_ATTRIBUTES.contains(k)).toList();
            if (!unknown.isEmpty()) {
                throw TemplateException.format("Invalid template parameter property '" + unknown.get(0) + "'");
            }
            Object type = declaration.get("Type");
            if (type == null) {
                throw TemplateException.format("Every Parameters object must contain a Type member.");
            }
            String typeName = String.valueOf(type);
            if (typeName.startsWith("AWS::SSM::Parameter::")) {
                throw TemplateException.format("Parameter type " + typeName
                        + " is not supported by the local cloud: pass the value itself as a String parameter.");
            }
            if (!ParameterDeclaration.isKnownType(typeName)) {
                throw TemplateException.format("Unrecognized parameter type: " + typeName);
            }
            parameters.put(name, new ParameterDeclaration(name, typeName,
                    scalar(declaration.get("Default"), name, "Default"),
                    allowedValues(declaration.get("AllowedValues"), name),
                    scalar(declaration.get("AllowedPattern"), name, "AllowedPattern"),
                    integer(declaration.get("MinLength"), name, "MinLength"),
                    integer(declaration.get("MaxLength"), name, "MaxLength"),
                    number(declaration.get("MinValue"), name, "MinValue"),
                    number(declaration.get("MaxValue"), name, "MaxValue"),
                    "true".equalsIgnoreCase(String.valueOf(declaration.get("NoEcho"))),
                    scalar(declaration.get("Description"), name, "Description"),
                    scalar(declaration.get("ConstraintDescription"), name, "ConstraintDescription")));
        });
        return parameters;
    }

    private static String scalar(Object value, String parameter, String attribute) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            if ("Default".equals(attribute) && value instanceof List<?> list) {
                return String.join(",", list.stream().map(String::valueOf).toList());
            }
            throw TemplateException.format("Parameter " + parameter + ": " + attribute + " must be a string.");
        }
        return String.valueOf(value);
    }

    private static List<String> allowedValues(Object value, String parameter) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?> list)) {
            throw TemplateException.format("Parameter " + parameter + ": AllowedValues must be a list.");
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static Integer integer(Object value, String parameter, String attribute) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw TemplateException.format("Parameter " + parameter + ": " + attribute + " must be an integer.");
        }
    }

    private static BigDecimal number(Object value, String parameter, String attribute) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw TemplateException.format("Parameter " + parameter + ": " + attribute + " must be a number.");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ResourceDeclaration> resources(Map<String, Object> section) {
        Map<String, ResourceDeclaration> resources = new LinkedHashMap<>();
        section.forEach((logicalId, value) -> {
            checkLogicalId(logicalId, "Resources");
            if (!(value instanceof Map<?, ?> declaration)) {
                throw TemplateException.format("[/Resources/" + logicalId
                        + "] Every Resources object must contain a Type member.");
            }
            for (Object key : declaration.keySet()) {
                if (!RESOURCE_ATTRIBUTES.contains(String.valueOf(key))) {
                    throw TemplateException.format("Invalid template resource property '" + key + "'");
                }
            }
            Object type = declaration.get("Type");
            if (!(type instanceof String typeName) || typeName.isEmpty()) {
                throw TemplateException.format("[/Resources/" + logicalId
                        + "] Every Resources object must contain a Type member.");
            }
            Object properties = declaration.get("Properties");
            if (properties != null && !(properties instanceof Map)) {
                throw TemplateException.format("[/Resources/" + logicalId + "/Properties] Properties must be a"
                        + " mapping (JSON object).");
            }
            Object condition = declaration.get("Condition");
            if (condition != null && !(condition instanceof String)) {
                throw TemplateException.format("[/Resources/" + logicalId + "/Condition] Condition must be the name"
                        + " of a condition (a string).");
            }
            Object deletionPolicy = declaration.get("DeletionPolicy");
            if (deletionPolicy != null && !Set.of("Delete", "Retain", "RetainExceptOnCreate")
                    .contains(String.valueOf(deletionPolicy))) {
                throw TemplateException.format("[/Resources/" + logicalId + "/DeletionPolicy] DeletionPolicy "
                        + deletionPolicy + " is not supported by the local cloud for " + typeName
                        + " (use Delete or Retain).");
            }
            resources.put(logicalId, new ResourceDeclaration(logicalId, typeName,
                    properties == null ? null : (Map<String, Object>) properties,
                    dependsOn(declaration.get("DependsOn"), logicalId), (String) condition,
                    deletionPolicy == null ? null : String.valueOf(deletionPolicy), declaration.get("Metadata")));
        });
        return resources;
    }

    private static List<String> dependsOn(Object value, String logicalId) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String name) {
            return List.of(name);
        }
        if (value instanceof List<?> list && list.stream().allMatch(v -> v instanceof String)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw TemplateException.format("[/Resources/" + logicalId + "/DependsOn] DependsOn must be a resource name"
                + " or a list of resource names.");
    }

    private static Map<String, OutputDeclaration> outputs(Map<String, Object> section) {
        Map<String, OutputDeclaration> outputs = new LinkedHashMap<>();
        section.forEach((name, value) -> {
            checkLogicalId(name, "Outputs");
            if (!(value instanceof Map<?, ?> declaration) || !declaration.containsKey("Value")) {
                throw TemplateException.format("Every Outputs member must contain a Value object");
            }
            for (Object key : declaration.keySet()) {
                if (!OUTPUT_ATTRIBUTES.contains(String.valueOf(key))) {
                    throw TemplateException.format("Invalid outputs property : [" + key + "]");
                }
            }
            Object export = declaration.get("Export");
            Object exportName = null;
            if (export != null) {
                if (!(export instanceof Map<?, ?> exportMap) || !exportMap.containsKey("Name")) {
                    throw TemplateException.format("Output " + name + " is malformed. The Export member must"
                            + " contain a Name.");
                }
                exportName = exportMap.get("Name");
            }
            Object condition = declaration.get("Condition");
            outputs.put(name, new OutputDeclaration(name, declaration.get("Value"), declaration.get("Description"),
                    exportName, condition == null ? null : String.valueOf(condition)));
        });
        return outputs;
    }

    private static void checkLogicalId(String name, String section) {
        if (!name.matches("[A-Za-z0-9]+")) {
            throw TemplateException.format(section + " name '" + name + "' is non alphanumeric.");
        }
    }

    public String body() {
        return body;
    }

    public String description() {
        return description;
    }

    public Map<String, ParameterDeclaration> parameters() {
        return parameters;
    }

    public Map<String, Object> mappings() {
        return mappings;
    }

    public Map<String, Object> conditions() {
        return conditions;
    }

    public Map<String, ResourceDeclaration> resources() {
        return resources;
    }

    public Map<String, OutputDeclaration> outputs() {
        return outputs;
    }

    public List<String> resourceTypes() {
        return new ArrayList<>(new java.util.LinkedHashSet<>(resources.values().stream()
                .map(ResourceDeclaration::type).toList()));
    }
}
