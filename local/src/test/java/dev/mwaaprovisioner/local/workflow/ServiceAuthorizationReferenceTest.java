package dev.mwaaprovisioner.local.workflow;

import static dev.mwaaprovisioner.local.workflow.RepositoryFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.common.documents.EnvironmentScope;
import dev.mwaaprovisioner.common.documents.ExecutionRolePolicy;
import dev.mwaaprovisioner.common.documents.KmsKeyArn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every IAM action that template.yaml and the execution-role policy grant exists in AWS's Service
 * Authorization Reference, and an action that has no resource type there is granted on
 * {@code Resource: "*"} only: IAM never matches such an action against an ARN, so a scoped grant
 * silently grants nothing (as Step Functions' log delivery actions on a logs ARN did). The
 * reference is the vendored aws-data/service-authorization extract, not the local cloud.
 */
class ServiceAuthorizationReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AwsPublishedData.ServiceAuthorization reference = new AwsPublishedData.ServiceAuthorization();

    /** One statement and where it is written. */
    record Granted(String where, List<String> actions, List<Object> resources, boolean notResource) {
    }

    static List<Granted> templateStatements() {
        List<Granted> found = new ArrayList<>();
        map(RepositoryFiles.template().get("Resources")).forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            String type = String.valueOf(resource.get("Type"));
            for (Object policy : (List<?>) map(resource.get("Properties")).getOrDefault("Policies", List.of())) {
                Map<String, Object> document = type.equals("AWS::IAM::Role")
                        ? map(map(policy).get("PolicyDocument")) : map(policy);
                for (Object s : (List<?>) document.getOrDefault("Statement", List.of())) {
                    Map<String, Object> statement = map(s);
                    found.add(new Granted(id + "/" + statement.get("Sid"),
                            list(statement.get("Action")).stream().map(String::valueOf).toList(),
                            list(statement.containsKey("NotResource") ? statement.get("NotResource")
                                    : statement.get("Resource")), statement.containsKey("NotResource")));
                }
            }
        });
        return found;
    }

    static List<Granted> executionRoleStatements() {
        EnvironmentScope scope = EnvironmentScope.of("us-east-1", "111122223333", "analytics-dev");
        List<Granted> found = new ArrayList<>();
        JsonNode owned = JSON.valueToTree(ExecutionRolePolicy.forAwsOwnedKey(scope, "airflow-analytics-dev"));
        JsonNode cmk = JSON.valueToTree(ExecutionRolePolicy.forCustomerManagedKey(scope, "airflow-analytics-dev",
                KmsKeyArn.parse("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")));
        for (JsonNode policy : List.of(owned, cmk)) {
            for (JsonNode s : policy.path("Statement")) {
                List<String> actions = new ArrayList<>();
                (s.path("Action").isArray() ? s.path("Action") : JSON.createArrayNode().add(s.path("Action")))
                        .forEach(a -> actions.add(a.asText()));
                JsonNode res = s.has("NotResource") ? s.path("NotResource") : s.path("Resource");
                List<Object> resources = new ArrayList<>();
                (res.isArray() ? res : JSON.createArrayNode().add(res)).forEach(r -> resources.add(r.asText()));
                found.add(new Granted("execution role/" + s.path("Sid").asText(), actions, resources,
                        s.has("NotResource")));
            }
        }
        return found;
    }

    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    }

    private List<String> problems(List<Granted> statements) {
        List<String> problems = new ArrayList<>();
        for (Granted g : statements) {
            boolean onStarOnly = !g.notResource() && g.resources().equals(List.of("*"));
            for (String action : g.actions()) {
                if (action.contains("*") || action.contains("?")) {
                    Map<String, List<String>> matched = reference.matching(action);
                    if (matched.isEmpty()) {
                        problems.add(g.where() + ": " + action + " matches no action of the Service Authorization "
                                + "Reference");
                    } else if (!onStarOnly && !g.notResource()
                            && matched.values().stream().allMatch(List::isEmpty)) {
                        problems.add(g.where() + ": every action " + action + " matches has no resource type; grant "
                                + "it on Resource: '*'");
                    }
                    continue;
                }
                var found = reference.action(action);
                if (found.isEmpty()) {
                    problems.add(g.where() + ": " + action + " is not an action of the Service Authorization "
                            + "Reference; check its spelling");
                } else if (found.get().getValue().isEmpty() && !onStarOnly) {
                    problems.add(g.where() + ": " + action + " has no resource type, so IAM matches it only with "
                            + "Resource: '*', not " + g.resources() + "; move it to a statement on '*'");
                }
            }
        }
        return problems;
    }

    @Test
    void everyTemplateActionExistsAndActionsWithoutAResourceTypeAreGrantedOnStar() {
        List<Granted> statements = templateStatements();
        assertThat(statements).hasSizeGreaterThan(30);
        assertThat(problems(statements)).isEmpty();
    }

    @Test
    void everyExecutionRoleActionExistsAndActionsWithoutAResourceTypeAreGrantedOnStar() {
        assertThat(problems(executionRoleStatements())).isEmpty();
    }

    @Test
    void theCheckTellsScopedGrantsOfActionsWithoutAResourceType() {
        List<Granted> scoped = List.of(new Granted("example/Scoped", List.of("logs:PutResourcePolicy",
                "logs:PutLogEvents", "ec2:DescribeVpcz"), List.of("arn:aws:logs:us-east-1:111122223333:*"), false));
        assertThat(problems(scoped)).containsExactly(
                "example/Scoped: logs:PutResourcePolicy has no resource type, so IAM matches it only with Resource: "
                        + "'*', not [arn:aws:logs:us-east-1:111122223333:*]; move it to a statement on '*'",
                "example/Scoped: ec2:DescribeVpcz is not an action of the Service Authorization Reference; check "
                        + "its spelling");
    }
}
