package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code provision --endpoint}: the workflow runs here while its AWS calls go to another endpoint
 * (here a second local cloud, without the application deployed), which ends up holding only what
 * the workflow creates, never the source bucket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisionAgainstEndpointTest {

    LocalCloud other;
    S3Client s3;

    @BeforeAll
    void start() {
        other = LocalCloud.start(LocalApplication.config().withTimeScale(2000));
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), other);
        for (String bucket : new String[] {"team-config", "airflow-analytics-dev"}) {
            s3.createBucket(r -> r.bucket(bucket));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(b -> b
                    .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        }
    }

    @AfterAll
    void stop() {
        s3.close();
        other.close();
    }

    @Test
    void theRequestIsProvisionedThereWithoutDeployingTheApplication() {
        CommandRun run = CommandRun.of("provision", CommandLineUsageTest.MINIMAL, "--endpoint", other.endpoint().toString(),
                "--config-bucket", "team-config", "--time-scale", "2000");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString())
                .contains("their AWS calls go to " + other.endpoint())
                .contains("CreateNetworkStackFunction.NETWORK_STACK_ROLE_ARN is not set")
                .contains("Uploaded the request to s3://team-config/requests/minimal.yaml")
                .contains("Environment analytics-dev is AVAILABLE");
        try (MwaaClient mwaa = TestClients.client(MwaaClient.builder(), other);
             CloudFormationClient cfn = TestClients.client(CloudFormationClient.builder(), other)) {
            assertThat(mwaa.getEnvironment(r -> r.name("analytics-dev")).environment().statusAsString()).isEqualTo("AVAILABLE");
            assertThat(cfn.listStacks().stackSummaries()).extracting(s -> s.stackName())
                    .contains("mwaa-analytics-dev-network").doesNotContain("mwaa-provisioner");
        }
        assertThat(s3.getObjectAsBytes(r -> r.bucket("team-config").key("status/analytics-dev.json")).asUtf8String())
                .contains("\"State\" : \"SUCCEEDED\"");
    }

    @Test
    void aMissingSourceBucketIsNeverCreatedThere() {
        CommandRun run = CommandRun.of("provision", CommandLineUsageTest.ROOT.resolve("examples/micro.yaml").toString(),
                "--endpoint", other.endpoint().toString(), "--config-bucket", "team-config", "--time-scale", "2000");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("Created the source bucket").contains("Provisioning sandbox FAILED");
        assertThat(s3.listBuckets().buckets()).noneMatch(b -> b.name().equals("airflow-sandbox"));
    }

    /**
     * A running {@code up} runs the workflow itself for every upload: provisioning against it from
     * here would start a second workflow on another clock. Refused, with what to do instead, and
     * nothing is uploaded.
     */
    @Test
    void aRunningUpIsRefusedWithTheUploadToDoInstead() throws Exception {
        try (LocalApplication up = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")),
                LocalApplication.config().withTimeScale(2000))) {
            String endpoint = up.cloud().endpoint().toString();
            CommandRun run = CommandRun.of("provision", CommandLineUsageTest.MINIMAL, "--endpoint", endpoint,
                    "--config-bucket", up.configBucket());
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
            assertThat(run.err()).contains("--endpoint " + endpoint + " is a running `up`, which runs the workflow itself",
                    "aws s3 cp " + CommandLineUsageTest.MINIMAL + " s3://" + up.configBucket() + "/requests/minimal.yaml"
                            + " --endpoint-url " + endpoint);
            try (S3Client upS3 = TestClients.client(S3Client.builder().forcePathStyle(true), up.cloud())) {
                assertThat(upS3.listObjectsV2(r -> r.bucket(up.configBucket())).contents()).as("nothing uploaded").isEmpty();
            }
        }
    }
}
