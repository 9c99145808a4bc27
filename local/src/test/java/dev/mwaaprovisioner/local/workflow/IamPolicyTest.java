package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator the least-privilege measurement relies on, and the template's policies through it. */
class IamPolicyTest {

    private static final IamPolicy.Statement PASS_TO_MWAA = new IamPolicy.Statement("Pass", true, List.of("iam:PassRole"),
            List.of("arn:aws:iam::1:role/mwaa-*-execution"), List.of(),
            Map.of("StringEquals", Map.of("iam:PassedToService", List.of("airflow.amazonaws.com"))));

    @Test
    void actionsAndResourcesMatchByWildcardAndConditionsMustHold() {
        IamPolicy policy = new IamPolicy(List.of(PASS_TO_MWAA));
        String role = "arn:aws:iam::1:role/mwaa-analytics-execution";
        assertThat(policy.allows(new IamPolicy.Access("iam:PassRole", role,
                Map.of("iam:PassedToService", "airflow.amazonaws.com")))).isTrue();
        assertThat(policy.allows(new IamPolicy.Access("IAM:passrole", role,
                Map.of("iam:PassedToService", "airflow.amazonaws.com")))).as("actions ignore case").isTrue();
        assertThat(policy.allows(new IamPolicy.Access("iam:PassRole", role,
                Map.of("iam:PassedToService", "ec2.amazonaws.com")))).isFalse();
        assertThat(policy.allows(new IamPolicy.Access("iam:PassRole", role))).as("a missing key fails").isFalse();
        assertThat(policy.allows(new IamPolicy.Access("iam:PassRole", "arn:aws:iam::1:role/admin",
                Map.of("iam:PassedToService", "airflow.amazonaws.com")))).isFalse();
    }

    @Test
    void notResourceAndDenyWork() {
        IamPolicy policy = new IamPolicy(List.of(
                new IamPolicy.Statement("Kms", true, List.of("kms:Decrypt", "kms:GenerateDataKey*"), List.of(),
                        List.of("arn:aws:kms:*:1:key/*"), Map.of()),
                new IamPolicy.Statement("NoList", false, List.of("s3:ListAllMyBuckets"), List.of("*"), List.of(), Map.of())));
        assertThat(policy.allows(new IamPolicy.Access("kms:GenerateDataKeyWithoutPlaintext", "arn:aws:kms:us-east-1:2:key/k")))
                .isTrue();
        assertThat(policy.allows(new IamPolicy.Access("kms:Decrypt", "arn:aws:kms:us-east-1:1:key/k"))).isFalse();
        assertThat(policy.allows(new IamPolicy.Access("s3:ListAllMyBuckets", "*"))).isFalse();
    }

    @Test
    void theTemplatesPoliciesResolveAndKeepPassRoleToMwaaOnly() {
        var policies = new TemplatePolicies("config-bucket").functions();
        assertThat(policies).hasSize(17);
        IamPolicy environment = policies.get("CreateEnvironmentFunction");
        String created = "arn:aws:iam::000000000000:role/mwaa-analytics-dev-execution";
        assertThat(environment.allows(new IamPolicy.Access("iam:PassRole", created,
                Map.of("iam:PassedToService", "airflow.amazonaws.com")))).isTrue();
        assertThat(environment.allows(new IamPolicy.Access("iam:PassRole", created,
                Map.of("iam:PassedToService", "lambda.amazonaws.com")))).isFalse();
        assertThat(environment.allows(new IamPolicy.Access("iam:PassRole", "arn:aws:iam::000000000000:role/admin",
                Map.of("iam:PassedToService", "airflow.amazonaws.com")))).isFalse();
        IamPolicy report = policies.get("ReportFunction");
        assertThat(report.allows(new IamPolicy.Access("s3:PutObject", "arn:aws:s3:::config-bucket/status/x.json"))).isTrue();
        assertThat(report.allows(new IamPolicy.Access("s3:PutObject", "arn:aws:s3:::config-bucket/requests/x.yaml"))).isFalse();
        IamPolicy network = policies.get("CreateNetworkStackFunction");
        assertThat(network.allows(new IamPolicy.Access("cloudformation:CreateStack",
                "arn:aws:cloudformation:us-east-1:000000000000:stack/mwaa-x-network/id",
                Map.of("cloudformation:RoleArn", TemplatePolicies.NETWORK_STACK_ROLE_ARN)))).isTrue();
        assertThat(network.allows(new IamPolicy.Access("cloudformation:CreateStack",
                "arn:aws:cloudformation:us-east-1:000000000000:stack/mwaa-x-network/id"))).as("only with the role").isFalse();
        assertThat(network.allows(new IamPolicy.Access("ec2:CreateVpc", "*"))).as("EC2 is the stack role's").isFalse();
    }
}
