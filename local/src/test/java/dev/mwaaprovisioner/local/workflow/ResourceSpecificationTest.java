package dev.mwaaprovisioner.local.workflow;

import static dev.mwaaprovisioner.local.workflow.RepositoryFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.documents.CloudFormationYaml;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.cloudformation.CloudFormationService;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertySpec;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProviderRegistry;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * template.yaml and mwaa-network.yaml against the CloudFormation resource specification AWS
 * publishes (the vendored aws-data/resource-specification extract): every resource type exists,
 * every property is one of the type's (down through nested objects), every required property is
 * given, and every GetAtt (or ${X.Attribute} in a Sub) names an attribute of the type. The local
 * cloud's own resource schemas are checked against the same specification, so a property or
 * attribute the local cloud invented cannot make a template pass here and fail on AWS.
 */
class ResourceSpecificationTest {

    private static final JsonNode SPEC = AwsPublishedData.resource("resource-specification/resource-types.json")
            .path("types");
    private static final Pattern SUB_ATTRIBUTE = Pattern.compile("\\$\\{([A-Za-z0-9]+)\\.([A-Za-z0-9.]+)}");
    /** What SAM generates for its types: GetAtt on a SAM resource reads the generated resource. */
    private static final Map<String, String> SAM_GENERATES = Map.of(
            "AWS::Serverless::Function", "AWS::Lambda::Function",
            "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine");
    /** Where the local cloud differs from the specification on purpose, and why. */
    private static final Map<String, String> LOCAL_BY_DESIGN = Map.of(
            "AWS::Lambda::Function.Code", "functions run in-process from the checkout's classpath: there is no code "
                    + "package to name, and a Code property is refused");

    /** SAM's resource references (!Ref Fn.Alias), which SAM resolves, not GetAtt. */
    private static final Set<String> SAM_REFERENCES = Set.of("Alias", "Version");

    private static Map<String, Object> networkTemplate() {
        try (InputStream in = ResourceSpecificationTest.class.getResourceAsStream("/cloudformation/mwaa-network.yaml")) {
            return CloudFormationYaml.parseTemplate(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Problems of one template. */
    static List<String> problems(Map<String, Object> template, String file) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> resources = map(template.get("Resources"));
        Map<String, String> types = new java.util.HashMap<>();
        resources.forEach((id, r) -> types.put(id, String.valueOf(map(r).get("Type"))));
        Map<String, Object> globals = map(map(template.get("Globals")).get("Function"));
        globals.keySet().forEach(p -> checkSamProperty(problems, file + " Globals.Function", "AWS::Serverless::Function", p));
        resources.forEach((id, r) -> {
            String type = types.get(id);
            JsonNode spec = SPEC.path(type);
            String where = file + " " + id + " (" + type + ")";
            if (spec.isMissingNode()) {
                problems.add(where + ": the resource specification has no type " + type);
                return;
            }
            Map<String, Object> properties = map(map(r).get("Properties"));
            if (SAM_GENERATES.containsKey(type)) {
                properties.keySet().forEach(p -> checkSamProperty(problems, where, type, p));
            } else {
                checkObject(problems, where, spec.path("properties"), properties);
            }
        });
        collectAttributes(template, problems, types, file);
        return problems;
    }

    /**
     * A SAM property: SAM's own (the specification's AWS::Serverless::* part lags behind SAM), or one
     * SAM passes through to the resource it generates, which the specification knows.
     */
    private static void checkSamProperty(List<String> problems, String where, String type, String property) {
        if (!SPEC.path(type).path("properties").has(property)
                && !SPEC.path(SAM_GENERATES.get(type)).path("properties").has(property)) {
            problems.add(where + ": " + property + " is a property of neither " + type + " nor "
                    + SAM_GENERATES.get(type) + " in the resource specification");
        }
    }

    private static void checkObject(List<String> problems, String where, JsonNode spec, Map<String, Object> given) {
        given.forEach((name, value) -> {
            JsonNode property = spec.path(name);
            if (property.isMissingNode()) {
                problems.add(where + ": property " + name + " is not in the resource specification (known: "
                        + new TreeSet<>(iterable(spec)) + ")");
                return;
            }
            checkValue(problems, where + "." + name, property, value);
        });
        spec.fields().forEachRemaining(e -> {
            if (e.getValue().path("required").asBoolean() && !given.containsKey(e.getKey())) {
                problems.add(where + ": required property " + e.getKey() + " is missing");
            }
        });
    }

    private static void checkValue(List<String> problems, String where, JsonNode property, Object value) {
        if (isIntrinsic(value)) {
            return;
        }
        String kind = property.path("type").asText();
        if (kind.equals("object") && property.has("properties") && value instanceof Map<?, ?>) {
            checkObject(problems, where, property.path("properties"), map(value));
        } else if (kind.equals("array") && value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkValue(problems, where + "[" + i + "]", property.path("element"), list.get(i));
            }
        }
    }

    private static boolean isIntrinsic(Object value) {
        return value instanceof Map<?, ?> m && m.size() == 1
                && String.valueOf(m.keySet().iterator().next()).matches("Ref|Fn::.*|Condition");
    }

    private static List<String> iterable(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every Fn::GetAtt and ${X.Attribute} of a Sub, checked against the type's attributes. */
    private static void collectAttributes(Object value, List<String> problems, Map<String, String> types, String file) {
        if (value instanceof List<?> list) {
            list.forEach(v -> collectAttributes(v, problems, types, file));
            return;
        }
        if (!(value instanceof Map<?, ?>)) {
            return;
        }
        Map<String, Object> node = map(value);
        if (node.get("Fn::GetAtt") instanceof List<?> getAtt && getAtt.size() == 2) {
            checkAttribute(problems, types, file, String.valueOf(getAtt.get(0)), String.valueOf(getAtt.get(1)));
        }
        Object sub = node.get("Fn::Sub");
        String text = sub instanceof List<?> l ? String.valueOf(l.get(0)) : sub instanceof String s ? s : null;
        if (text != null) {
            Matcher m = SUB_ATTRIBUTE.matcher(text);
            while (m.find()) {
                checkAttribute(problems, types, file, m.group(1), m.group(2));
            }
        }
        node.values().forEach(v -> collectAttributes(v, problems, types, file));
    }

    private static void checkAttribute(List<String> problems, Map<String, String> types, String file, String id,
            String attribute) {
        String type = types.get(id);
        if (type == null) {
            return; // a parameter or pseudo parameter, checked by the template's own tests
        }
        if (SAM_GENERATES.containsKey(type) && SAM_REFERENCES.contains(attribute)) {
            return;
        }
        String resolved = SAM_GENERATES.getOrDefault(type, type);
        Set<String> attributes = new TreeSet<>();
        SPEC.path(resolved).path("attributes").forEach(a -> attributes.add(a.asText()));
        if (!attributes.contains(attribute)) {
            problems.add(file + ": " + id + "." + attribute + ": " + resolved + " has no attribute " + attribute
                    + " in the resource specification (it has " + attributes + ")");
        }
    }

    @Test
    void templateYamlPassesTheResourceSpecification() {
        assertThat(problems(RepositoryFiles.template(), "template.yaml")).isEmpty();
    }

    @Test
    void theNetworkTemplatePassesTheResourceSpecification() {
        assertThat(problems(networkTemplate(), "mwaa-network.yaml")).isEmpty();
    }

    @Test
    void theCheckTellsUnknownTypesPropertiesRequiredPropertiesAndAttributes() {
        Map<String, Object> template = Map.of("Resources", Map.of(
                "Bucket", Map.of("Type", "AWS::S3::Bucket", "Properties", Map.of(
                        "VersioningConfiguration", Map.of("Staus", "Enabled"))),
                "Rule", Map.of("Type", "AWS::EC2::SecurityGroupIngress", "Properties", Map.of(
                        "GroupId", Map.of("Fn::GetAtt", List.of("Bucket", "VpcId")))),
                "Thing", Map.of("Type", "AWS::EC2::Nothing")));
        assertThat(problems(template, "t.yaml")).containsExactlyInAnyOrder(
                "t.yaml Bucket (AWS::S3::Bucket).VersioningConfiguration: property Staus is not in the resource "
                        + "specification (known: [Status])",
                "t.yaml Bucket (AWS::S3::Bucket).VersioningConfiguration: required property Status is missing",
                "t.yaml Rule (AWS::EC2::SecurityGroupIngress): required property IpProtocol is missing",
                "t.yaml Thing (AWS::EC2::Nothing): the resource specification has no type AWS::EC2::Nothing",
                "t.yaml: Bucket.VpcId: AWS::S3::Bucket has no attribute VpcId in the resource specification (it has "
                        + attributesOf("AWS::S3::Bucket") + ")");
    }

    private static Set<String> attributesOf(String type) {
        Set<String> attributes = new TreeSet<>();
        SPEC.path(type).path("attributes").forEach(a -> attributes.add(a.asText()));
        return attributes;
    }

    /** The local cloud's resource schemas: their properties and attributes exist in the specification. */
    @Test
    void theLocalCloudsResourceSchemasAgreeWithTheSpecification() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults())) {
            ResourceProviderRegistry registry = cloud.service(CloudFormationService.class).stacks().providers();
            List<String> problems = new ArrayList<>();
            for (String type : registry.types()) {
                ResourceSchema schema = registry.provider(type).orElseThrow().schema();
                JsonNode spec = SPEC.path(type);
                if (spec.isMissingNode()) {
                    problems.add(type + ": not in the vendored specification; add it to refresh.py");
                    continue;
                }
                checkSchema(problems, type, schema, spec.path("properties"));
                Set<String> attributes = attributesOf(type);
                schema.attributes().stream().filter(a -> !attributes.contains(a))
                        .forEach(a -> problems.add(type + ": attribute " + a + " is not in the specification"));
            }
            assertThat(registry.types()).contains("AWS::EC2::VPC", "AWS::Lambda::Function", "AWS::S3::Bucket");
            assertThat(problems).isEmpty();
        }
    }

    private static void checkSchema(List<String> problems, String where, ResourceSchema schema, JsonNode spec) {
        for (PropertySpec property : schema.properties().values()) {
            JsonNode known = spec.path(property.name());
            if (known.isMissingNode()) {
                problems.add(where + ": property " + property.name() + " is not in the specification");
                continue;
            }
            // The local cloud may require one of several alternatives it alone supports (a VPC's
            // CidrBlock, not an IPAM pool); it must never accept what AWS refuses.
            if (!property.required() && known.path("required").asBoolean()
                    && !LOCAL_BY_DESIGN.containsKey(where + "." + property.name())) {
                problems.add(where + ": property " + property.name() + " is required in the specification but "
                        + "optional locally, so the local cloud accepts templates AWS refuses");
            }
            if (property.items() != null) {
                JsonNode nested = known.path("type").asText().equals("array") ? known.path("element") : known;
                checkSchema(problems, where + "." + property.name(), property.items(), nested.path("properties"));
            }
        }
    }
}
