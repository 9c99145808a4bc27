package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.ExecutionRoleState;
import dev.mwaaprovisioner.common.workflow.KeyPolicyState;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.functions.executionrole.CreateExecutionRoleHandler;
import dev.mwaaprovisioner.functions.executionrole.ExecutionRoleConflictException;
import dev.mwaaprovisioner.functions.keypolicy.UnusableKeyException;
import dev.mwaaprovisioner.functions.keypolicy.UpdateKeyPolicyHandler;
import dev.mwaaprovisioner.local.cloud.RequestLog;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The role and key-policy steps through the real SDK against the local cloud's IAM and KMS. */
class ExecutionRoleAndKeyPolicyTest {

    private WorkflowCloud cloud;
    private IamClient iam;
    private KmsClient kms;

    @BeforeEach
    void start() {
        cloud = new WorkflowCloud();
        iam = TestClients.client(IamClient.builder(), cloud.cloud, Region.AWS_GLOBAL);
        kms = TestClients.client(KmsClient.builder(), cloud.cloud);
        // The key-policy step holds its lock in the config bucket.
        try (S3Client s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud.cloud)) {
            s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        }
    }

    @AfterEach
    void stop() {
        // Least privilege, measured: every call the functions made here is allowed by template.yaml.
        LeastPrivilege policies = new LeastPrivilege(WorkflowCloud.CONFIG_BUCKET);
        policies.observe(cloud.cloud.requestLog().entries());
        cloud.close();
        assertThat(policies.observed().values()).anyMatch(calls -> !calls.isEmpty());
        assertThat(policies.denied()).isEmpty();
    }

    @Test
    void createsTheRoleWithTrustAndTheAwsOwnedKeyPolicyAndConvergesOnRerun() throws Exception {
        CreateExecutionRoleHandler handler = new CreateExecutionRoleHandler(cloud.environment());
        var input = WorkflowCloud.as(WorkflowCloud.event("CreateExecutionRoleFunction", "input.json"),
                CreateExecutionRoleHandler.Input.class);

        ExecutionRoleState first = handler.handle(input);
        assertThat(first.roleName()).isEqualTo("mwaa-analytics-dev-execution");
        assertThat(first.roleArn()).isEqualTo("arn:aws:iam::000000000000:role/mwaa-analytics-dev-execution");
        assertThat(first.policyVariant()).isEqualTo(ExecutionRoleState.AWS_OWNED_KEY);
        assertThat(first.createdByThisExecution()).isTrue();

        JsonNode trust = decoded(iam.getRole(r -> r.roleName("mwaa-analytics-dev-execution")).role().assumeRolePolicyDocument());
        assertThat(trust.toString()).contains("airflow.amazonaws.com", "airflow-env.amazonaws.com");
        JsonNode policy = decoded(iam.getRolePolicy(r -> r.roleName("mwaa-analytics-dev-execution")
                .policyName("mwaa-analytics-dev-execution-policy")).policyDocument());
        assertThat(policy.toString()).contains("arn:aws:s3:::airflow-analytics-dev", "\"NotResource\"",
                "sqs.us-east-1.amazonaws.com", "s3:GetAccountPublicAccessBlock");

        ExecutionRoleState again = handler.handle(input);
        assertThat(again.roleArn()).isEqualTo(first.roleArn());
        assertThat(again.createdByThisExecution()).isFalse();
        assertThat(iam.listRoles().roles()).filteredOn(r -> r.roleName().startsWith("mwaa-analytics-dev")).hasSize(1);

        // Every call was made by the function and says so.
        assertThat(cloud.cloud.requestLog().entries()).filteredOn(e -> e.service().equals("iam") && e.caller() != null)
                .extracting(RequestLog.Entry::caller).containsOnly("CreateExecutionRoleFunction");
    }

    @Test
    void aCustomerManagedKeyGetsItsPolicyVariant() throws Exception {
        String keyArn = kms.createKey().keyMetadata().arn();
        ObjectNode event = WorkflowCloud.event("CreateExecutionRoleFunction", "input.json");
        ((ObjectNode) event.path("Request")).put("KmsKey", keyArn);
        ExecutionRoleState role = new CreateExecutionRoleHandler(cloud.environment())
                .handle(WorkflowCloud.as(event, CreateExecutionRoleHandler.Input.class));
        assertThat(role.policyVariant()).isEqualTo(ExecutionRoleState.CUSTOMER_MANAGED_KEY);
        JsonNode policy = decoded(iam.getRolePolicy(r -> r.roleName(role.roleName()).policyName(role.policyName()))
                .policyDocument());
        assertThat(policy.toString()).contains(keyArn, "s3.us-east-1.amazonaws.com").doesNotContain("NotResource");
    }

    @Test
    void aRoleOfTheSameNameThatIsNotOursIsLeftAlone() {
        iam.createRole(r -> r.roleName("mwaa-analytics-dev-execution").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        var input = WorkflowCloud.as(WorkflowCloud.event("CreateExecutionRoleFunction", "input.json"),
                CreateExecutionRoleHandler.Input.class);
        assertThatThrownBy(() -> new CreateExecutionRoleHandler(cloud.environment()).handle(input))
                .isInstanceOf(ExecutionRoleConflictException.class)
                .hasMessageContaining("was not created by the provisioner");
        assertThat(iam.listRolePolicies(r -> r.roleName("mwaa-analytics-dev-execution")).policyNames()).isEmpty();
    }

    @Test
    void addsAllowLogsAccessKeepingTheRootStatementOnce() throws Exception {
        String keyArn = kms.createKey().keyMetadata().arn();
        ObjectNode event = WorkflowCloud.event("UpdateKeyPolicyFunction", "input.json");
        ((ObjectNode) event.path("Request")).put("KmsKey", keyArn);
        UpdateKeyPolicyHandler handler = new UpdateKeyPolicyHandler(cloud.environment());
        var input = WorkflowCloud.as(event, UpdateKeyPolicyHandler.Input.class);

        KeyPolicyState first = handler.handle(input);
        assertThat(first.changed()).isTrue();
        assertThat(first.keyArn()).isEqualTo(keyArn);
        JsonNode policy = WorkflowJson.MAPPER.readTree(kms.getKeyPolicy(r -> r.keyId(keyArn).policyName("default")).policy());
        assertThat(policy.path("Statement")).hasSize(2);
        assertThat(policy.toString()).contains("arn:aws:iam::000000000000:root", "Allow logs access",
                "logs.us-east-1.amazonaws.com", "arn:aws:logs:us-east-1:000000000000:*");

        KeyPolicyState again = handler.handle(input);
        assertThat(again.changed()).isFalse();
        assertThat(WorkflowJson.MAPPER.readTree(kms.getKeyPolicy(r -> r.keyId(keyArn).policyName("default")).policy())
                .path("Statement")).hasSize(2);
    }

    @Test
    void aKeyThatDoesNotExistIsRefusedByName() {
        ObjectNode event = WorkflowCloud.event("UpdateKeyPolicyFunction", "input.json");
        var input = WorkflowCloud.as(event, UpdateKeyPolicyHandler.Input.class);
        assertThatThrownBy(() -> new UpdateKeyPolicyHandler(cloud.environment()).handle(input))
                .isInstanceOf(UnusableKeyException.class)
                .hasMessageStartingWith("KmsKey: arn:aws:kms:us-east-1:000000000000:key/1234abcd")
                .hasMessageContaining("does not exist");
    }

    private static JsonNode decoded(String urlEncodedPolicy) throws Exception {
        return WorkflowJson.MAPPER.readTree(URLDecoder.decode(urlEncodedPolicy, StandardCharsets.UTF_8));
    }
}
