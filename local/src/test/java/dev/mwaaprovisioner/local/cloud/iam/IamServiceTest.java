package dev.mwaaprovisioner.local.cloud.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateRoleResponse;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.iam.model.UnmodifiableEntityException;

class IamServiceTest {

    /** A trust policy as users write it, with whitespace that IAM keeps. */
    static final String TRUST = """
            {
              "Version": "2012-10-17",
              "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]},
                "Action": "sts:AssumeRole"
              }]
            }""";
    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["s3:GetObject*", "s3:List*"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]},
              {"Effect": "Deny", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}""";

    LocalCloud cloud;
    IamClient iam;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
        iam = TestClients.client(IamClient.builder(), cloud);
    }

    @AfterEach
    void stop() {
        iam.close();
        cloud.close();
    }

    @Test
    void createRoleAnswersWithTheRoleAsIamDescribesIt() {
        Instant before = cloud.clock().now();
        CreateRoleResponse created = iam.createRole(r -> r.roleName("mwaa-analytics-dev").path("/mwaa/")
                .assumeRolePolicyDocument(TRUST).description("exec role").maxSessionDuration(7200)
                .tags(Tag.builder().key("team").value("data").build()));
        Role role = created.role();
        assertThat(role.roleName()).isEqualTo("mwaa-analytics-dev");
        assertThat(role.path()).isEqualTo("/mwaa/");
        assertThat(role.arn()).isEqualTo("arn:aws:iam::000000000000:role/mwaa/mwaa-analytics-dev");
        assertThat(role.roleId()).matches("AROA[A-Z2-7]{17}");
        assertThat(role.createDate()).isBetween(before.minusSeconds(1), cloud.clock().now().plusSeconds(1));
        assertThat(role.maxSessionDuration()).isEqualTo(7200);
        assertThat(role.description()).isEqualTo("exec role");
        assertThat(role.tags()).containsExactly(Tag.builder().key("team").value("data").build());

        Role got = iam.getRole(r -> r.roleName("mwaa-analytics-dev")).role();
        assertThat(got.roleId()).isEqualTo(role.roleId());
        assertThat(got.arn()).isEqualTo(role.arn());
    }

    @Test
    void policyDocumentsComeBackUrlEncodedAsIamSendsThemSoTheCallerMustDecode() {
        iam.createRole(r -> r.roleName("exec").assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(r -> r.roleName("exec").policyName("execution").policyDocument(POLICY));

        String trust = iam.getRole(r -> r.roleName("exec")).role().assumeRolePolicyDocument();
        assertThat(trust).startsWith("%7B").doesNotContain("{").isNotEqualTo(TRUST);
        assertThat(URLDecoder.decode(trust, StandardCharsets.UTF_8)).isEqualTo(TRUST);

        String policy = iam.getRolePolicy(r -> r.roleName("exec").policyName("execution")).policyDocument();
        assertThat(policy).startsWith("%7B").contains("%22Effect%22").doesNotContain("+");
        assertThat(URLDecoder.decode(policy, StandardCharsets.UTF_8)).isEqualTo(POLICY);
    }

    @Test
    void aSecondRoleOfTheSameNameIsRefusedIgnoringCase() {
        iam.createRole(r -> r.roleName("Exec").assumeRolePolicyDocument(TRUST));
        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("exec").assumeRolePolicyDocument(TRUST)))
                .isInstanceOfSatisfying(EntityAlreadyExistsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("EntityAlreadyExists");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Role with name exec already exists.");
                });
    }

    @Test
    void roleNamesAndPathsAreValidated() {
        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("has space").assumeRolePolicyDocument(TRUST)))
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("'has space'").contains("roleName");
                });
        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("x".repeat(65)).assumeRolePolicyDocument(TRUST)))
                .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
        assertThatThrownBy(() -> iam.createRole(r -> r.roleName("ok").path("no-slash").assumeRolePolicyDocument(TRUST)))
                .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).contains("'path'"));
        assertThat(iam.createRole(r -> r.roleName("a+=,.@-_b").assumeRolePolicyDocument(TRUST)).role().roleName())
                .isEqualTo("a+=,.@-_b");
    }

    @Test
    void malformedTrustPoliciesAreRefused() {
        assertMalformed(() -> iam.createRole(r -> r.roleName("r").assumeRolePolicyDocument("{not json")), "Syntax errors in policy");
        assertMalformed(() -> iam.createRole(r -> r.roleName("r").assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Principal":{"Service":"airflow.amazonaws.com"},"Action":"sts:AssumeRole"}]}""")),
                "Missing required field Effect");
        assertMalformed(() -> iam.createRole(r -> r.roleName("r").assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"x"},"Action":"sts:AssumeRole","Resource":"*"}]}""")),
                "Has prohibited field Resource");
        assertMalformed(() -> iam.createRole(r -> r.roleName("r").assumeRolePolicyDocument("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}""")),
                "Missing required field Principal");
        assertThat(iam.listRoles().roles()).isEmpty();
    }

    @Test
    void updateAssumeRolePolicyReplacesTheTrustPolicy() {
        iam.createRole(r -> r.roleName("exec").assumeRolePolicyDocument(TRUST));
        String newTrust = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"airflow-env.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}}";
        iam.updateAssumeRolePolicy(r -> r.roleName("exec").policyDocument(newTrust));
        assertThat(URLDecoder.decode(iam.getRole(r -> r.roleName("exec")).role().assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                .isEqualTo(newTrust);
        assertMalformed(() -> iam.updateAssumeRolePolicy(r -> r.roleName("exec").policyDocument("[]")), "Syntax errors in policy");
        assertThatThrownBy(() -> iam.updateAssumeRolePolicy(r -> r.roleName("nope").policyDocument(newTrust)))
                .isInstanceOf(NoSuchEntityException.class);
    }

    @Test
    void inlinePoliciesArePutListedReadAndDeleted() {
        iam.createRole(r -> r.roleName("exec").assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(r -> r.roleName("exec").policyName("b-policy").policyDocument(POLICY));
        iam.putRolePolicy(r -> r.roleName("exec").policyName("a-policy").policyDocument(POLICY));
        // Putting again replaces.
        String replaced = POLICY.replace("s3:List*", "s3:ListBucket");
        iam.putRolePolicy(r -> r.roleName("exec").policyName("b-policy").policyDocument(replaced));
        assertThat(iam.listRolePolicies(r -> r.roleName("exec")).policyNames()).containsExactly("b-policy", "a-policy");
        assertThat(URLDecoder.decode(iam.getRolePolicy(r -> r.roleName("exec").policyName("b-policy")).policyDocument(),
                StandardCharsets.UTF_8)).isEqualTo(replaced);

        var page = iam.listRolePolicies(r -> r.roleName("exec").maxItems(1));
        assertThat(page.policyNames()).containsExactly("b-policy");
        assertThat(page.isTruncated()).isTrue();
        assertThat(iam.listRolePolicies(r -> r.roleName("exec").marker(page.marker())).policyNames()).containsExactly("a-policy");

        iam.deleteRolePolicy(r -> r.roleName("exec").policyName("a-policy"));
        assertThat(iam.listRolePolicies(r -> r.roleName("exec")).policyNames()).containsExactly("b-policy");
        assertThatThrownBy(() -> iam.getRolePolicy(r -> r.roleName("exec").policyName("a-policy")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The role policy with name a-policy cannot be found.");
                });
        assertThatThrownBy(() -> iam.deleteRolePolicy(r -> r.roleName("exec").policyName("a-policy")))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.putRolePolicy(r -> r.roleName("ghost").policyName("p").policyDocument(POLICY)))
                .isInstanceOfSatisfying(NoSuchEntityException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The role with name ghost cannot be found."));
    }

    @Test
    void malformedInlinePoliciesAreRefused() {
        iam.createRole(r -> r.roleName("exec").assumeRolePolicyDocument(TRUST));
        assertMalformed(() -> put("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]}"),
                "Missing required field Action");
        assertMalformed(() -> put("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"),
                "Missing required field Effect");
        assertMalformed(() -> put("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"),
                "should not specify a principal");
        assertMalformed(() -> put("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}]}"), "must contain resources");
        assertMalformed(() -> put("{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"GetObject\",\"Resource\":\"*\"}]}"),
                "prefaced by a vendor");
        assertMalformed(() -> put("{\"Statement\":[{\"Effect\":\"Maybe\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"), "Invalid effect");
        assertMalformed(() -> put("{\"Statement\": "), "Syntax errors in policy");
        // NotAction is as good as Action.
        put("{\"Statement\":[{\"Effect\":\"Deny\",\"NotAction\":\"s3:*\",\"Resource\":\"*\"}]}");
        assertThat(iam.listRolePolicies(r -> r.roleName("exec")).policyNames()).containsExactly("p");
    }

    @Test
    void aRoleWithInlinePoliciesCannotBeDeleted() {
        iam.createRole(r -> r.roleName("exec").assumeRolePolicyDocument(TRUST));
        iam.putRolePolicy(r -> r.roleName("exec").policyName("p").policyDocument(POLICY));
        assertThatThrownBy(() -> iam.deleteRole(r -> r.roleName("exec")))
                .isInstanceOfSatisfying(DeleteConflictException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cannot delete entity, must delete policies first.");
                });
        iam.deleteRolePolicy(r -> r.roleName("exec").policyName("p"));
        iam.deleteRole(r -> r.roleName("exec"));
        assertThatThrownBy(() -> iam.getRole(r -> r.roleName("exec")))
                .isInstanceOfSatisfying(NoSuchEntityException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
                });
        assertThatThrownBy(() -> iam.deleteRole(r -> r.roleName("exec"))).isInstanceOf(NoSuchEntityException.class);
    }

    @Test
    void rolesAreTaggedAndUntagged() {
        iam.createRole(r -> r.roleName("exec").assumeRolePolicyDocument(TRUST).tags(Tag.builder().key("a").value("1").build()));
        iam.tagRole(r -> r.roleName("exec").tags(Tag.builder().key("b").value("2").build(), Tag.builder().key("a").value("3").build()));
        assertThat(iam.listRoleTags(r -> r.roleName("exec")).tags())
                .extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "3"), org.assertj.core.groups.Tuple.tuple("b", "2"));
        iam.untagRole(r -> r.roleName("exec").tagKeys("a"));
        assertThat(iam.listRoleTags(r -> r.roleName("exec")).tags()).extracting(Tag::key).containsExactly("b");
        assertThatThrownBy(() -> iam.tagRole(r -> r.roleName("nope").tags(Tag.builder().key("k").value("v").build())))
                .isInstanceOf(NoSuchEntityException.class);
        assertThatThrownBy(() -> iam.tagRole(r -> r.roleName("exec").tags(Tag.builder().key("aws:x").value("v").build())))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void mwaasServiceLinkedRoleIsCreatedOnceAndProtected() {
        Role slr = iam.createServiceLinkedRole(r -> r.awsServiceName("airflow.amazonaws.com")).role();
        assertThat(slr.roleName()).isEqualTo("AWSServiceRoleForAmazonMWAA");
        assertThat(slr.path()).isEqualTo("/aws-service-role/airflow.amazonaws.com/");
        assertThat(slr.arn()).isEqualTo("arn:aws:iam::000000000000:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA");
        assertThat(URLDecoder.decode(slr.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).contains("\"Service\":\"airflow.amazonaws.com\"");

        assertThatThrownBy(() -> iam.createServiceLinkedRole(r -> r.awsServiceName("airflow.amazonaws.com")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("AWSServiceRoleForAmazonMWAA has been taken"));
        assertThatThrownBy(() -> iam.createServiceLinkedRole(r -> r.awsServiceName("elasticbeanstalk.amazonaws.com")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("elasticbeanstalk.amazonaws.com").contains("not supported by the local cloud"));
        assertThatThrownBy(() -> iam.deleteRole(r -> r.roleName("AWSServiceRoleForAmazonMWAA")))
                .isInstanceOf(UnmodifiableEntityException.class);
    }

    @Test
    void listRolesFiltersByPathPrefixAndPages() {
        iam.createRole(r -> r.roleName("a").path("/mwaa/").assumeRolePolicyDocument(TRUST));
        iam.createRole(r -> r.roleName("b").path("/mwaa/").assumeRolePolicyDocument(TRUST));
        iam.createRole(r -> r.roleName("c").assumeRolePolicyDocument(TRUST));
        assertThat(iam.listRoles(r -> r.pathPrefix("/mwaa/")).roles()).extracting(Role::roleName).containsExactly("a", "b");
        assertThat(iam.listRoles().roles()).extracting(Role::roleName).containsExactly("a", "b", "c");
        assertThat(iam.listRolesPaginator(r -> r.maxItems(1)).roles().stream().map(Role::roleName).toList())
                .containsExactly("a", "b", "c");
    }

    @Test
    void anInjectedThrottleOnCreateRoleIsRetriedByTheSdk() {
        cloud.faults().failOperation("iam", "CreateRole", "Throttling", 400, "Rate exceeded", 2);
        long start = System.nanoTime();
        Role role = iam.createRole(r -> r.roleName("exec").assumeRolePolicyDocument(TRUST)).role();
        assertThat(role.roleName()).isEqualTo("exec");
        assertThat(cloud.faults().operationFaults()).singleElement().satisfies(f -> assertThat(f.triggered()).isEqualTo(2));
        // The SDK backed off between attempts.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isPositive();
    }

    @Test
    void operationsNotEmulatedAreRefused() {
        assertThatThrownBy(() -> iam.createPolicy(r -> r.policyName("x").policyDocument(POLICY)))
                .isInstanceOfSatisfying(IamException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("IAM operation CreatePolicy is not supported by the local cloud");
                });
    }

    @Test
    void otherServicesReachTheStoreInProcess() {
        iam.createRole(r -> r.roleName("exec").assumeRolePolicyDocument(TRUST));
        IamStore store = cloud.service(IamStore.class);
        assertThat(store.findRole("EXEC")).get().extracting(IamRole::assumeRolePolicyDocument).isEqualTo(TRUST);
        assertThat(store.findRoleByArn("arn:aws:iam::000000000000:role/exec")).isPresent();
    }

    private void put(String policy) {
        iam.putRolePolicy(r -> r.roleName("exec").policyName("p").policyDocument(policy));
    }

    private static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MalformedPolicyDocumentException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocument");
            assertThat(e.awsErrorDetails().errorMessage()).contains(message);
        });
    }
}
