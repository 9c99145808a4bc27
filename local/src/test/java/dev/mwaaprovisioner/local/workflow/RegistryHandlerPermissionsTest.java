package dev.mwaaprovisioner.local.workflow;

import static dev.mwaaprovisioner.local.workflow.RepositoryFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.documents.CloudFormationYaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * CloudFormation creates, reads and deletes the network stack's resources with the stack's service
 * role, and each resource type's handlers call what its CloudFormation registry schema lists under
 * {@code handlers.<operation>.permissions} (AWS::EC2::Route's create handler describes network
 * interfaces, AWS::EC2::SecurityGroup's delete handler describes instances, ...). Every one of
 * those permissions must be granted by NetworkStackRole, or the stack, its rollback or its
 * deletion fails. Checked against the vendored registry schemas (aws-data/cloudformation-registry),
 * with the resource form of each action taken from the Service Authorization Reference: an action
 * with no resource type is asked for on "*", any other on an EC2 ARN of the account.
 */
class RegistryHandlerPermissionsTest {

    private static final String TEMPLATE = "/cloudformation/mwaa-network.yaml";

    private final AwsPublishedData.ServiceAuthorization reference = new AwsPublishedData.ServiceAuthorization();

    private static Set<String> networkResourceTypes() {
        try (InputStream in = RegistryHandlerPermissionsTest.class.getResourceAsStream(TEMPLATE)) {
            Map<String, Object> template = CloudFormationYaml.parseTemplate(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Set<String> types = new TreeSet<>();
            map(template.get("Resources")).values().forEach(r -> types.add(String.valueOf(map(r).get("Type"))));
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The handlers CloudFormation runs on the network stacks: create (and read) when it is made,
     * delete on rollback and removal. Update only if some function may update a network stack.
     */
    private static List<String> handlersUsed() {
        boolean updates = new TemplatePolicies(WorkflowCloud.CONFIG_BUCKET).functions().values().stream()
                .flatMap(p -> p.statements().stream()).flatMap(s -> s.actions().stream())
                .anyMatch(a -> IamPolicy.actionMatches(a, "cloudformation:UpdateStack"));
        return updates ? List.of("create", "read", "update", "delete") : List.of("create", "read", "delete");
    }

    private List<String> missing(IamPolicy role) {
        List<String> missing = new ArrayList<>();
        for (String type : networkResourceTypes()) {
            String file = "cloudformation-registry/" + type.toLowerCase(Locale.ROOT).replace("::", "-") + ".json";
            JsonNode schema = AwsPublishedData.resource(file);
            assertThat(schema.path("typeName").asText()).as(file).isEqualTo(type);
            for (String handler : handlersUsed()) {
                for (JsonNode permission : schema.path("handlers").path(handler).path("permissions")) {
                    String action = permission.asText();
                    List<String> resourceTypes = reference.action(action).orElseThrow(() -> new AssertionError(
                            type + " " + handler + " lists " + action + ", which the Service Authorization "
                                    + "Reference does not know")).getValue();
                    String resource = resourceTypes.isEmpty() ? "*"
                            : "arn:aws:ec2:" + TemplatePolicies.REGION + ":" + TemplatePolicies.ACCOUNT + ":"
                                    + resourceTypes.get(0) + "/example";
                    if (!role.allows(new IamPolicy.Access(action, resource))) {
                        missing.add(type + " " + handler + ": " + action + " on " + resource);
                    }
                }
            }
        }
        return missing;
    }

    @Test
    void theNetworkStackRoleGrantsEveryPermissionTheRegistryHandlersList() {
        assertThat(networkResourceTypes()).contains("AWS::EC2::VPC", "AWS::EC2::NatGateway", "AWS::EC2::Route");
        IamPolicy role = new TemplatePolicies(WorkflowCloud.CONFIG_BUCKET).role("NetworkStackRole");
        assertThat(missing(role)).isEmpty();
    }

    @Test
    void theCheckTellsAMissingHandlerPermission() {
        IamPolicy onlyCreateVpc = new IamPolicy(List.of(new IamPolicy.Statement("Only", true,
                List.of("ec2:CreateVpc", "ec2:DescribeVpcs"), List.of("*"), List.of(), Map.of())));
        assertThat(missing(onlyCreateVpc)).contains("AWS::EC2::VPC read: ec2:DescribeNetworkAcls on *",
                "AWS::EC2::Route create: ec2:DescribeNetworkInterfaces on *")
                .doesNotContain("AWS::EC2::VPC create: ec2:DescribeVpcs on *");
    }
}
