package dev.mwaaprovisioner.common.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the network template against the CloudFormation resource specification (an extract in
 * {@code cfnspec/ec2-network-types.json}): known types and properties only, required properties
 * present, values of the right primitive type, GetAtt of attributes that exist.
 */
class NetworkTemplateSpecTest {

    private static JsonNode spec;
    private static Map<String, Object> resources;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = NetworkTemplateSpecTest.class.getResourceAsStream("/cfnspec/ec2-network-types.json")) {
            spec = new ObjectMapper().readTree(in);
        }
        resources = asMap(CloudFormationYaml.parseTemplate(NetworkTemplate.body()).get("Resources"));
    }

    @Test
    void everyResourceMatchesTheResourceSpecification() {
        assertThat(problems(resources)).isEmpty();
    }

    @Test
    void theSpecificationCheckFindsMistakes() {
        Map<String, Object> broken = asMap(CloudFormationYaml.parseTemplate("""
                Resources:
                  Sg:
                    Type: AWS::EC2::SecurityGroup
                    Properties:
                      VpcId: !Ref V
                      GroupDescrption: typo
                      SecurityGroupEgress:
                        - {IpProtocol: '-1', CidrIP: 0.0.0.0/0}
                      Tags: [{Key: Name}]
                  Subnet:
                    Type: AWS::EC2::Subnet
                    Properties:
                      VpcId: !GetAtt Sg.NoSuchAttribute
                      MapPublicIpOnLaunch: 'yes'
                  Odd:
                    Type: AWS::EC2::Mystery
                """).get("Resources"));
        assertThat(problems(broken)).containsExactlyInAnyOrder(
                "Sg: unknown property GroupDescrption",
                "Sg: missing required property GroupDescription",
                "Sg.SecurityGroupEgress[0]: unknown property CidrIP",
                "Sg.Tags[0]: missing required property Value",
                "Subnet.VpcId: GetAtt of Sg.NoSuchAttribute, which AWS::EC2::SecurityGroup does not have",
                "Subnet.MapPublicIpOnLaunch: 'yes' is not a Boolean",
                "Odd: unknown resource type AWS::EC2::Mystery");
    }

    private static List<String> problems(Map<String, Object> resourcesToCheck) {
        List<String> problems = new ArrayList<>();
        resourcesToCheck.forEach((id, resource) -> {
            String type = (String) asMap(resource).get("Type");
            JsonNode typeSpec = spec.path("ResourceTypes").path(type);
            if (typeSpec.isMissingNode()) {
                problems.add(id + ": unknown resource type " + type);
                return;
            }
            Object properties = asMap(resource).get("Properties");
            checkProperties(id, type, typeSpec.path("Properties"),
                    properties == null ? Map.of() : asMap(properties), resourcesToCheck, problems);
        });
        return problems;
    }

    private static void checkProperties(String path, String owner, JsonNode propertySpecs, Map<String, Object> values,
                                        Map<String, Object> allResources, List<String> problems) {
        values.forEach((name, value) -> {
            JsonNode propertySpec = propertySpecs.path(name);
            if (propertySpec.isMissingNode()) {
                problems.add(path + ": unknown property " + name);
                return;
            }
            checkValue(path + "." + name, owner, propertySpec, value, allResources, problems);
        });
        propertySpecs.properties().forEach(entry -> {
            if (entry.getValue().path("Required").asBoolean() && !values.containsKey(entry.getKey())) {
                problems.add(path + ": missing required property " + entry.getKey());
            }
        });
    }

    private static void checkValue(String path, String owner, JsonNode propertySpec, Object value,
                                   Map<String, Object> allResources, List<String> problems) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            String function = String.valueOf(map.keySet().iterator().next());
            if (function.equals("Fn::GetAtt")) {
                List<?> target = (List<?>) map.get(function);
                Object targetResource = allResources.get(target.get(0));
                String targetType = targetResource == null ? null : (String) asMap(targetResource).get("Type");
                JsonNode attributes = spec.path("ResourceTypes").path(String.valueOf(targetType)).path("Attributes");
                boolean known = false;
                for (JsonNode attribute : attributes) {
                    known |= attribute.asText().equals(target.get(1));
                }
                if (!known) {
                    problems.add(path + ": GetAtt of " + target.get(0) + "." + target.get(1) + ", which " + targetType
                            + " does not have");
                }
                return;
            }
            if (function.equals("Ref") || function.startsWith("Fn::")) {
                return; // resolved at deployment; its target is checked by TemplateReferences
            }
        }
        String primitive = propertySpec.path("PrimitiveType").asText(null);
        if (primitive != null) {
            checkPrimitive(path, primitive, value, problems);
            return;
        }
        String type = propertySpec.path("Type").asText();
        if (type.equals("List")) {
            List<?> items = (List<?>) value;
            for (int i = 0; i < items.size(); i++) {
                String itemPath = path + "[" + i + "]";
                if (propertySpec.has("PrimitiveItemType")) {
                    checkPrimitive(itemPath, propertySpec.get("PrimitiveItemType").asText(), items.get(i), problems);
                } else {
                    checkNested(itemPath, owner, propertySpec.get("ItemType").asText(), items.get(i), allResources,
                            problems);
                }
            }
        } else {
            checkNested(path, owner, type, value, allResources, problems);
        }
    }

    private static void checkNested(String path, String owner, String typeName, Object value,
                                    Map<String, Object> allResources, List<String> problems) {
        String qualified = typeName.equals("Tag") ? "Tag" : owner + "." + typeName;
        JsonNode nested = spec.path("PropertyTypes").path(qualified).path("Properties");
        checkProperties(path, owner, nested, asMap(value), allResources, problems);
    }

    private static void checkPrimitive(String path, String primitive, Object value, List<String> problems) {
        boolean ok = switch (primitive) {
            case "String" -> value instanceof String;
            case "Boolean" -> value instanceof Boolean;
            case "Integer", "Long" -> value instanceof Integer || value instanceof Long;
            case "Double" -> value instanceof Number;
            default -> true;
        };
        if (!ok) {
            problems.add(path + ": '" + value + "' is not a" + (primitive.matches("[AEIOU].*") ? "n " : " ") + primitive);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        return (Map<String, Object>) node;
    }
}
