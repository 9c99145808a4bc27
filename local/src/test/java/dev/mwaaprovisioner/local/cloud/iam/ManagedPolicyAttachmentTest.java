package dev.mwaaprovisioner.local.cloud.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/** The AWS managed policy SAM attaches to function roles, through the SDK. */
class ManagedPolicyAttachmentTest {

    private static final String BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

    LocalCloud cloud;
    IamClient iam;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
        iam = TestClients.client(IamClient.builder(), cloud);
        iam.createRole(r -> r.roleName("fn-role").assumeRolePolicyDocument(IamServiceTest.TRUST));
    }

    @AfterEach
    void stop() {
        iam.close();
        cloud.close();
    }

    @Test
    void aKnownAwsManagedPolicyIsAttachedListedAndDetached() {
        iam.attachRolePolicy(r -> r.roleName("fn-role").policyArn(BASIC));
        iam.attachRolePolicy(r -> r.roleName("fn-role").policyArn(BASIC));
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("fn-role")).attachedPolicies())
                .extracting(AttachedPolicy::policyName, AttachedPolicy::policyArn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("AWSLambdaBasicExecutionRole", BASIC));
        assertThatThrownBy(() -> iam.deleteRole(r -> r.roleName("fn-role")))
                .isInstanceOf(DeleteConflictException.class).hasMessageContaining("must detach all policies first");

        iam.detachRolePolicy(r -> r.roleName("fn-role").policyArn(BASIC));
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("fn-role")).attachedPolicies()).isEmpty();
        iam.deleteRole(r -> r.roleName("fn-role"));
    }

    @Test
    void aPolicyTheLocalCloudDoesNotHaveCannotBeAttached() {
        assertThatThrownBy(() -> iam.attachRolePolicy(r -> r.roleName("fn-role")
                .policyArn("arn:aws:iam::000000000000:policy/mine")))
                .isInstanceOf(NoSuchEntityException.class).hasMessageContaining("does not exist or is not attachable");
        assertThatThrownBy(() -> iam.detachRolePolicy(r -> r.roleName("fn-role").policyArn(BASIC)))
                .isInstanceOf(NoSuchEntityException.class);
    }
}
