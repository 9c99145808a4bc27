package dev.mwaaprovisioner.local.workflow;

import static dev.mwaaprovisioner.local.workflow.RepositoryFiles.map;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM policies of template.yaml with their intrinsic functions resolved for one deployment
 * (partition, Region, account, config bucket, the network stack role, the state machine), ready to evaluate.
 */
final class TemplatePolicies {

    static final String REGION = LocalCloud.DEFAULT_REGION;
    static final String ACCOUNT = LocalCloud.ACCOUNT_ID;
    /** The ARN the deployment gives NetworkStackRole; the network function gets it in NETWORK_STACK_ROLE_ARN. */
    static final String NETWORK_STACK_ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/mwaa-provisioner-NetworkStackRole";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, String> values = new LinkedHashMap<>();

    TemplatePolicies(String configBucket) {
        values.put("AWS::Partition", "aws");
        values.put("AWS::Region", REGION);
        values.put("AWS::AccountId", ACCOUNT);
        values.put("AWS::URLSuffix", "amazonaws.com");
        values.put("AWS::StackName", "mwaa-provisioner");
        values.put("ConfigBucket", configBucket);
        values.put("ConfigBucket.Arn", "arn:aws:s3:::" + configBucket);
        values.put("NetworkStackRole.Arn", NETWORK_STACK_ROLE_ARN);
        values.put("ProvisioningStateMachine", WorkflowHarness.STATE_MACHINE_ARN);
        map(RepositoryFiles.template().get("Parameters")).forEach((name, p) ->
                values.put(name, String.valueOf(map(p).get("Default"))));
    }

    /** The policy of every function, by logical ID (its inline statements; SAM adds only logging). */
    Map<String, IamPolicy> functions() {
        Map<String, IamPolicy> policies = new LinkedHashMap<>();
        RepositoryFiles.resources("AWS::Serverless::Function").forEach((id, resource) -> {
            List<IamPolicy.Statement> statements = new ArrayList<>();
            for (Object document : (List<?>) map(resource.get("Properties")).getOrDefault("Policies", List.of())) {
                Object statementList = map(document).get("Statement");
                if (statementList == null) {
                    throw new AssertionError(id + " uses a managed policy or SAM policy template; this test evaluates "
                            + "only explicit Statements");
                }
                for (Object s : (List<?>) statementList) {
                    statements.add(statement(map(s)));
                }
            }
            policies.put(id, new IamPolicy(statements));
        });
        return policies;
    }

    /** The inline policies of an AWS::IAM::Role of the template, by logical ID. */
    IamPolicy role(String logicalId) {
        Map<String, Object> role = RepositoryFiles.resources("AWS::IAM::Role").get(logicalId);
        if (role == null) {
            throw new AssertionError("template.yaml has no AWS::IAM::Role " + logicalId);
        }
        List<IamPolicy.Statement> statements = new ArrayList<>();
        for (Object policy : (List<?>) map(role.get("Properties")).getOrDefault("Policies", List.of())) {
            for (Object s : (List<?>) map(map(policy).get("PolicyDocument")).get("Statement")) {
                statements.add(statement(map(s)));
            }
        }
        return new IamPolicy(statements);
    }

    private IamPolicy.Statement statement(Map<String, Object> s) {
        Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
        map(s.get("Condition")).forEach((operator, keys) -> {
            Map<String, List<String>> resolved = new LinkedHashMap<>();
            map(keys).forEach((key, value) -> resolved.put(key, strings(value)));
            conditions.put(operator, resolved);
        });
        return new IamPolicy.Statement(String.valueOf(s.get("Sid")), "Allow".equals(s.get("Effect")),
                strings(s.get("Action")), strings(s.get("Resource")), strings(s.get("NotResource")), conditions);
    }

    private List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            List<String> all = new ArrayList<>();
            list.forEach(v -> all.add(resolve(v)));
            return all;
        }
        return List.of(resolve(value));
    }

    /** Resolves a scalar, {@code Ref}, {@code Fn::GetAtt} or string-form {@code Fn::Sub}. */
    String resolve(Object value) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> function = map(value);
        if (function.containsKey("Ref")) {
            return lookup(String.valueOf(function.get("Ref")));
        }
        if (function.containsKey("Fn::GetAtt")) {
            List<?> parts = (List<?>) function.get("Fn::GetAtt");
            return lookup(parts.get(0) + "." + parts.get(1));
        }
        if (function.containsKey("Fn::Sub") && function.get("Fn::Sub") instanceof String text) {
            Matcher m = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(lookup(m.group(1))));
            }
            m.appendTail(out);
            return out.toString();
        }
        throw new AssertionError("Cannot resolve " + value + " in a policy of template.yaml");
    }

    private String lookup(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new AssertionError("template.yaml policies refer to " + name + ", which this test does not resolve");
        }
        return value;
    }
}
