package dev.mwaaprovisioner.local.cloud.mwaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.CreateEnvironmentRequest;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.EnvironmentStatus;
import software.amazon.awssdk.services.mwaa.model.InternalServerException;
import software.amazon.awssdk.services.mwaa.model.LoggingLevel;
import software.amazon.awssdk.services.mwaa.model.ResourceNotFoundException;
import software.amazon.awssdk.services.mwaa.model.UpdateStatus;
import software.amazon.awssdk.services.mwaa.model.ValidationException;
import software.amazon.awssdk.services.mwaa.model.WebserverAccessMode;

/**
 * The MWAA API through the real AWS SDK v2 client over HTTP: every operation, its errors, the status
 * transitions on an accelerated clock, the injected faults, and the checks of the role, bucket,
 * network and key an environment names, all made in the local cloud's own IAM, S3, EC2 and KMS.
 */
class MwaaServiceSdkTest {

    private static final Duration CREATE = Duration.ofMinutes(25);
    private static LocalCloud cloud;
    private static MwaaClient mwaa;
    private static MwaaClient mwaaWithoutRetries;
    private static SdkHttpClient http;
    private static CloudFixtures fixtures;
    private static CloudFixtures.Network network;
    private static String roleArn;
    private static final String BUCKET_ARN = "arn:aws:s3:::sdk-dags";

    @BeforeAll
    static void start() {
        // 25 simulated minutes take half a real second.
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(3000));
        fixtures = new CloudFixtures(cloud);
        roleArn = fixtures.role("mwaa-exec", CloudFixtures.TRUST);
        fixtures.bucket("sdk-dags", true, true);
        network = fixtures.network(1);
        http = ApacheHttpClient.builder().build();
        mwaa = MwaaClients.mwaa(cloud, Region.US_EAST_1, true, http);
        mwaaWithoutRetries = MwaaClients.mwaa(cloud, Region.US_EAST_1, false, http);
    }

    @AfterAll
    static void stop() {
        mwaa.close();
        mwaaWithoutRetries.close();
        http.close();
        fixtures.close();
        cloud.close();
    }

    @AfterEach
    void clearFaults() {
        cloud.faults().clear();
    }

    private static CreateEnvironmentRequest.Builder request(String name) {
        return CreateEnvironmentRequest.builder()
                .name(name)
                .executionRoleArn(roleArn)
                .sourceBucketArn(BUCKET_ARN)
                .dagS3Path("dags")
                .networkConfiguration(n -> n.subnetIds(network.privateSubnet1(), network.privateSubnet2())
                        .securityGroupIds(network.securityGroup()));
    }

    private static Environment await(String name, EnvironmentStatus status) throws InterruptedException {
        return MwaaClients.awaitEnvironment(mwaa, name, e -> e.status() == status);
    }

    @Test
    void createsAnEnvironmentThatBecomesAvailable() throws Exception {
        Instant before = cloud.clock().now();
        String arn = mwaa.createEnvironment(request("sdk-create")
                .environmentClass("mw1.micro")
                .airflowVersion("2.10.3")
                .webserverAccessMode(WebserverAccessMode.PUBLIC_ONLY)
                .airflowConfigurationOptions(Map.of("core.default_timezone", "utc"))
                .loggingConfiguration(l -> l.taskLogs(t -> t.enabled(true).logLevel(LoggingLevel.INFO)))
                .tags(Map.of("team", "data"))
                .build()).arn();
        assertThat(arn).isEqualTo("arn:aws:airflow:us-east-1:000000000000:environment/sdk-create");

        Environment creating = mwaa.getEnvironment(r -> r.name("sdk-create")).environment();
        assertThat(creating.status()).isEqualTo(EnvironmentStatus.CREATING);
        assertThat(creating.lastUpdate().status()).isEqualTo(UpdateStatus.PENDING);

        Environment env = await("sdk-create", EnvironmentStatus.AVAILABLE);
        assertThat(Duration.between(creating.createdAt(), cloud.clock().now())).isGreaterThanOrEqualTo(CREATE);
        assertThat(env.createdAt()).isBetween(before.minusSeconds(1), cloud.clock().now());
        assertThat(env.lastUpdate().status()).isEqualTo(UpdateStatus.SUCCESS);
        assertThat(env.webserverUrl()).matches("[0-9a-f-]{36}\\.c\\d\\.us-east-1\\.airflow\\.amazonaws\\.com");
        assertThat(env.environmentClass()).isEqualTo("mw1.micro");
        assertThat(List.of(env.schedulers(), env.minWorkers(), env.maxWorkers(), env.minWebservers(),
                env.maxWebservers())).containsOnly(1);
        assertThat(env.airflowVersion()).isEqualTo("2.10.3");
        assertThat(env.webserverAccessMode()).isEqualTo(WebserverAccessMode.PUBLIC_ONLY);
        assertThat(env.airflowConfigurationOptions()).containsEntry("core.default_timezone", "utc");
        assertThat(env.loggingConfiguration().taskLogs().cloudWatchLogGroupArn())
                .isEqualTo("arn:aws:logs:us-east-1:000000000000:log-group:airflow-sdk-create-Task");
        assertThat(env.loggingConfiguration().workerLogs().enabled()).isFalse();
        assertThat(env.networkConfiguration().subnetIds())
                .containsExactly(network.privateSubnet1(), network.privateSubnet2());
        assertThat(env.serviceRoleArn()).isEqualTo("arn:aws:iam::000000000000:role/aws-service-role/"
                + "airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA");
        // MWAA created its service-linked role in IAM.
        assertThat(fixtures.iam.getRole(r -> r.roleName("AWSServiceRoleForAmazonMWAA")).role().arn())
                .isEqualTo(env.serviceRoleArn());
        assertThat(env.celeryExecutorQueue()).startsWith("arn:aws:sqs:us-east-1:000000000000:airflow-celery-");
        assertThat(env.tags()).containsEntry("team", "data");
        // The SDK redacts the sensitive options when it prints the environment.
        assertThat(env.toString()).doesNotContain("utc");
    }

    @Test
    void invalidRequestsAreValidationExceptionsWithStatus400() {
        assertThatThrownBy(() -> mwaa.createEnvironment(request("1-bad-name").build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value"
                            + " '1-bad-name' at 'name' failed to satisfy constraint: Member must satisfy regular"
                            + " expression pattern: [a-zA-Z][0-9a-zA-Z-_]*");
                });
        assertThatThrownBy(() -> mwaa.createEnvironment(request("sdk-bad").schedulers(7).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at 'schedulers'");
        assertThatThrownBy(() -> mwaa.createEnvironment(request("sdk-bad").environmentClass("mw1.micro")
                .minWebservers(2).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("mw1.micro runs exactly 1 scheduler");
        assertThatThrownBy(() -> mwaa.createEnvironment(request("sdk-bad").airflowVersion("1.10.12").build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("Airflow version '1.10.12' is not supported");
        assertThatThrownBy(() -> mwaa.createEnvironment(request("sdk-bad").kmsKey("alias/aws/airflow").build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("is a key alias");
    }

    @Test
    void anExistingNameIsRefused() {
        mwaa.createEnvironment(request("sdk-twice").build());
        assertThatThrownBy(() -> mwaa.createEnvironment(request("sdk-twice").build()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("An environment named sdk-twice already exists");
    }

    @Test
    void unknownEnvironmentsAreResourceNotFoundWithStatus404() {
        assertThatThrownBy(() -> mwaa.getEnvironment(r -> r.name("sdk-nowhere")))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> mwaa.deleteEnvironment(r -> r.name("sdk-nowhere")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> mwaa.updateEnvironment(r -> r.name("sdk-nowhere").maxWorkers(3)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> mwaa.listTagsForResource(r -> r.resourceArn(
                "arn:aws:airflow:us-east-1:000000000000:environment/sdk-nowhere")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void updatesThroughUpdatingWithAPatch() throws Exception {
        mwaa.createEnvironment(request("sdk-update").build());
        assertThatThrownBy(() -> mwaa.updateEnvironment(r -> r.name("sdk-update").maxWorkers(3)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("is CREATING");
        await("sdk-update", EnvironmentStatus.AVAILABLE);

        String secondGroup = fixtures.securityGroup(network.vpcId(), "sdk-update-second", true);
        String arn = mwaa.updateEnvironment(r -> r.name("sdk-update").maxWorkers(3).minWorkers(2)
                .airflowVersion("2.11.0")
                .networkConfiguration(n -> n.securityGroupIds(network.securityGroup(), secondGroup))).arn();
        assertThat(arn).endsWith(":environment/sdk-update");
        assertThat(mwaa.getEnvironment(r -> r.name("sdk-update")).environment().status())
                .isEqualTo(EnvironmentStatus.UPDATING);
        Environment env = await("sdk-update", EnvironmentStatus.AVAILABLE);
        assertThat(env.maxWorkers()).isEqualTo(3);
        assertThat(env.minWorkers()).isEqualTo(2);
        assertThat(env.airflowVersion()).isEqualTo("2.11.0");
        assertThat(env.networkConfiguration().securityGroupIds()).containsExactly(network.securityGroup(), secondGroup);
        assertThat(env.lastUpdate().status()).isEqualTo(UpdateStatus.SUCCESS);

        String otherVpcGroup = fixtures.securityGroup(fixtures.network(2).vpcId(), "sdk-update-elsewhere", true);
        assertThatThrownBy(() -> mwaa.updateEnvironment(r -> r.name("sdk-update")
                .networkConfiguration(n -> n.securityGroupIds(otherVpcGroup))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("not in the environment's VPC " + network.vpcId());
    }

    @Test
    void deletesThroughDeletingUntilNotFound() throws Exception {
        mwaa.createEnvironment(request("sdk-delete").build());
        await("sdk-delete", EnvironmentStatus.AVAILABLE);
        mwaa.deleteEnvironment(r -> r.name("sdk-delete"));
        assertThat(mwaa.getEnvironment(r -> r.name("sdk-delete")).environment().status())
                .isEqualTo(EnvironmentStatus.DELETING);
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            try {
                mwaa.getEnvironment(r -> r.name("sdk-delete"));
            } catch (ResourceNotFoundException gone) {
                break;
            }
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
        assertThat(mwaa.listEnvironments(r -> { }).environments()).doesNotContain("sdk-delete");
    }

    @Test
    void listsEveryEnvironmentPageByPage() {
        for (int i = 0; i < 3; i++) {
            mwaa.createEnvironment(request("sdk-list-" + i).build());
        }
        List<String> names = new ArrayList<>();
        mwaa.listEnvironmentsPaginator(r -> r.maxResults(2)).environments().forEach(names::add);
        assertThat(names).contains("sdk-list-0", "sdk-list-1", "sdk-list-2").doesNotHaveDuplicates();
        assertThat(mwaa.listEnvironments(r -> r.maxResults(1)).nextToken()).isNotNull();
        assertThatThrownBy(() -> mwaa.listEnvironments(r -> r.maxResults(26)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at 'maxResults'");
        try (MwaaClient ireland = MwaaClients.mwaa(cloud, Region.EU_WEST_1, true, http)) {
            assertThat(ireland.listEnvironments(r -> { }).environments()).isEmpty();
        }
    }

    @Test
    void tagsByArn() {
        String arn = mwaa.createEnvironment(request("sdk-tags").tags(Map.of("team", "data")).build()).arn();
        mwaa.tagResource(r -> r.resourceArn(arn).tags(Map.of("owner", "platform", "team", "ml")));
        assertThat(mwaa.listTagsForResource(r -> r.resourceArn(arn)).tags())
                .isEqualTo(Map.of("owner", "platform", "team", "ml"));
        mwaa.untagResource(r -> r.resourceArn(arn).tagKeys("team"));
        assertThat(mwaa.listTagsForResource(r -> r.resourceArn(arn)).tags()).isEqualTo(Map.of("owner", "platform"));
        assertThatThrownBy(() -> mwaa.tagResource(r -> r.resourceArn(BUCKET_ARN).tags(Map.of("a", "b"))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at 'resourceArn'");
    }

    @Test
    void anInjectedResourceFaultEndsTheCreationInCreateFailed() throws Exception {
        cloud.faults().failResource("mwaa:environment", "sdk-fail", "CREATE_FAILED",
                Map.of("ErrorCode", "INCORRECT_CONFIGURATION", "ErrorMessage", "You may need to check the execution"
                        + " role permissions policy for your environment."), 1);
        mwaa.createEnvironment(request("sdk-fail").build());
        Environment env = await("sdk-fail", EnvironmentStatus.CREATE_FAILED);
        assertThat(env.lastUpdate().status()).isEqualTo(UpdateStatus.FAILED);
        assertThat(env.lastUpdate().error().errorCode()).isEqualTo("INCORRECT_CONFIGURATION");
        assertThat(env.lastUpdate().error().errorMessage()).startsWith("You may need to check");
        assertThat(env.webserverUrl()).isNull();
    }

    @Test
    void anInjectedUpdateFaultEndsInUpdateFailedWithThePreviousSettings() throws Exception {
        mwaa.createEnvironment(request("sdk-update-fail").build());
        await("sdk-update-fail", EnvironmentStatus.AVAILABLE);
        cloud.faults().failResource("mwaa:environment", "sdk-update-fail", "UPDATE_FAILED",
                Map.of("ErrorCode", "UPDATE_ERROR", "ErrorMessage", "requirements.txt could not be installed"), 1);
        mwaa.updateEnvironment(r -> r.name("sdk-update-fail").requirementsS3Path("requirements.txt"));
        Environment env = await("sdk-update-fail", EnvironmentStatus.UPDATE_FAILED);
        assertThat(env.requirementsS3Path()).isNull();
        assertThat(env.lastUpdate().error().errorMessage()).isEqualTo("requirements.txt could not be installed");
    }

    @Test
    void anInjectedRoleFaultFailsTheFirstCreatesAsWhileIamPropagates() {
        cloud.faults().failResource("mwaa:execution-role", "mwaa-exec", "NOT_ASSUMABLE", Map.of(), 2);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> mwaa.createEnvironment(request("sdk-propagation").build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Failed to assume role arn:aws:iam::000000000000:role/mwaa-exec."
                            + " This could be due to the role's trust policy. Please ensure your role is assumable"
                            + " by 'airflow-env.amazonaws.com' Service Principal and try again.");
        }
        assertThat(mwaa.createEnvironment(request("sdk-propagation").build()).arn()).endsWith("/sdk-propagation");
    }

    @Test
    void anInjectedOperationFaultAnswersWithItsError() {
        cloud.faults().failOperation("airflow", "CreateEnvironment", "InternalServerException", 500,
                "An internal error occurred", 1);
        assertThatThrownBy(() -> mwaaWithoutRetries.createEnvironment(request("sdk-unavailable").build()))
                .isInstanceOfSatisfying(InternalServerException.class,
                        e -> assertThat(e.statusCode()).isEqualTo(500));
        assertThat(mwaa.createEnvironment(request("sdk-unavailable").build()).arn()).endsWith("/sdk-unavailable");
    }

    // --- the references, checked in the local cloud's IAM, S3, EC2 and KMS ---

    private static String refusal(CreateEnvironmentRequest request) {
        try {
            mwaa.createEnvironment(request);
        } catch (ValidationException e) {
            return e.awsErrorDetails().errorMessage();
        }
        throw new AssertionError("expected CreateEnvironment to be refused");
    }

    @Test
    void theRoleMustExistAndTrustAirflowEnv() {
        String missing = "arn:aws:iam::000000000000:role/nobody";
        assertThat(refusal(request("sdk-role").executionRoleArn(missing).build()))
                .isEqualTo("Failed to assume role " + missing + ". This could be due to the role's trust policy."
                        + " Please ensure your role is assumable by 'airflow-env.amazonaws.com' Service Principal"
                        + " and try again.");
        String untrusted = fixtures.role("airflow-only", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                 "Principal":{"Service":"airflow.amazonaws.com"},"Action":"sts:AssumeRole"}]}""");
        assertThat(refusal(request("sdk-role").executionRoleArn(untrusted).build()))
                .startsWith("Failed to assume role " + untrusted + ".");
    }

    @Test
    void theBucketMustExistBeVersionedAndBlockPublicAccess() {
        assertThat(refusal(request("sdk-bucket").sourceBucketArn("arn:aws:s3:::sdk-absent").build()))
                .startsWith("Unable to access bucket sdk-absent");
        String unversioned = fixtures.bucket("sdk-unversioned", false, true);
        assertThat(refusal(request("sdk-bucket").sourceBucketArn(unversioned).build()))
                .startsWith("Provided bucket does not have versioning enabled for s3 bucket sdk-unversioned.");
        String open = fixtures.bucket("sdk-open", true, false);
        assertThat(refusal(request("sdk-bucket").sourceBucketArn(open).build()))
                .startsWith("Provided bucket does not have BlockPublicAccess set for s3 bucket sdk-open.");
    }

    @Test
    void theSubnetsMustBePrivateInTwoZonesOfOneVpc() {
        assertThat(refusal(request("sdk-net").networkConfiguration(n -> n
                .subnetIds(network.privateSubnet1(), network.publicSubnet())
                .securityGroupIds(network.securityGroup())).build()))
                .startsWith("Subnet " + network.publicSubnet() + " is public");
        String sameZone = fixtures.ec2.createSubnet(r -> r.vpcId(network.vpcId()).cidrBlock("10.1.4.0/24")
                .availabilityZone("us-east-1a")).subnet().subnetId();
        assertThat(refusal(request("sdk-net").networkConfiguration(n -> n
                .subnetIds(network.privateSubnet1(), sameZone).securityGroupIds(network.securityGroup())).build()))
                .contains("are both in Availability Zone us-east-1a");
        CloudFixtures.Network other = fixtures.network(3);
        assertThat(refusal(request("sdk-net").networkConfiguration(n -> n
                .subnetIds(network.privateSubnet1(), other.privateSubnet2())
                .securityGroupIds(network.securityGroup())).build()))
                .contains("are in different VPCs");
        assertThat(refusal(request("sdk-net").networkConfiguration(n -> n
                .subnetIds(network.privateSubnet1(), "subnet-0123456789abcdef0")
                .securityGroupIds(network.securityGroup())).build()))
                .startsWith("The subnet ID 'subnet-0123456789abcdef0' does not exist");
        assertThat(refusal(request("sdk-net").networkConfiguration(n -> n
                .subnetIds(network.privateSubnet1(), network.privateSubnet2())
                .securityGroupIds(other.securityGroup())).build()))
                .isEqualTo("Security group " + other.securityGroup() + " is in VPC " + other.vpcId()
                        + ", not in the environment's VPC " + network.vpcId() + ".");
    }

    @Test
    void aSecurityGroupClosedToItselfLeavesTheEnvironmentCreating() throws Exception {
        String closed = fixtures.securityGroup(network.vpcId(), "sdk-closed", false);
        mwaa.createEnvironment(request("sdk-closed").networkConfiguration(n -> n
                .subnetIds(network.privateSubnet1(), network.privateSubnet2()).securityGroupIds(closed)).build());
        mwaa.createEnvironment(request("sdk-open-group").build());
        await("sdk-open-group", EnvironmentStatus.AVAILABLE);
        // The same creation time has passed for both; the closed one waits to fail hours later.
        assertThat(mwaa.getEnvironment(r -> r.name("sdk-closed")).environment().status())
                .isEqualTo(EnvironmentStatus.CREATING);
    }

    @Test
    void theKeyMustExistAndBeEnabled() throws Exception {
        String keyArn = fixtures.key();
        mwaa.createEnvironment(request("sdk-key").kmsKey(keyArn).build());
        assertThat(await("sdk-key", EnvironmentStatus.AVAILABLE).kmsKey()).isEqualTo(keyArn);

        String disabled = fixtures.key();
        fixtures.kms.disableKey(r -> r.keyId(disabled));
        assertThat(refusal(request("sdk-key-2").kmsKey(disabled).build()))
                .isEqualTo("KMS key " + disabled + " is Disabled; MWAA needs an enabled key.");
        String deleted = fixtures.key();
        fixtures.kms.scheduleKeyDeletion(r -> r.keyId(deleted).pendingWindowInDays(7));
        assertThat(refusal(request("sdk-key-2").kmsKey(deleted).build())).contains("is PendingDeletion");
        String absent = "arn:aws:kms:us-east-1:000000000000:key/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f";
        assertThat(refusal(request("sdk-key-2").kmsKey(absent).build())).startsWith("KMS key " + absent + " does not exist");
    }
}
