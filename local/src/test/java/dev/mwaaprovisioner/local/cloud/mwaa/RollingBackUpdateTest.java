package dev.mwaaprovisioner.local.cloud.mwaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.functions.environment.CheckEnvironmentHandler;
import dev.mwaaprovisioner.functions.environment.EnvironmentUpdateFailedException;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.EnvironmentStatus;

/**
 * MWAA rolls a failed update back (ROLLING_BACK) before it reports it (UPDATE_FAILED, or
 * AVAILABLE with a FAILED LastUpdate). The local MWAA goes through ROLLING_BACK as MWAA does, and
 * CheckEnvironment keeps waiting through it, then reports LastUpdate.Error.
 */
class RollingBackUpdateTest {

    private final LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(600));
    private final CloudFixtures fixtures = new CloudFixtures(cloud);
    private final SdkHttpClient http = ApacheHttpClient.builder().build();
    private final MwaaClient mwaa = MwaaClients.mwaa(cloud, Region.US_EAST_1, true, http);

    @AfterEach
    void stop() {
        mwaa.close();
        http.close();
        fixtures.close();
        cloud.close();
    }

    @Test
    void aFailedUpdateIsRolledBackWhileCheckEnvironmentWaitsThenReportsTheError() throws Exception {
        String role = fixtures.role("mwaa-exec", CloudFixtures.TRUST);
        fixtures.bucket("rollback-dags", true, true);
        CloudFixtures.Network network = fixtures.network(1);
        mwaa.createEnvironment(r -> r.name("rollback").executionRoleArn(role).sourceBucketArn("arn:aws:s3:::rollback-dags")
                .dagS3Path("dags").networkConfiguration(n -> n.subnetIds(network.privateSubnet1(),
                        network.privateSubnet2()).securityGroupIds(network.securityGroup())));
        MwaaClients.awaitEnvironment(mwaa, "rollback", e -> e.status() == EnvironmentStatus.AVAILABLE);

        CheckEnvironmentHandler check = new CheckEnvironmentHandler(mwaa);
        Instant started = cloud.clock().now();
        EnvironmentState updating = new EnvironmentState("rollback", null, "UPDATING", null, false, started.toString(),
                null, EnvironmentState.UPDATE);
        cloud.faults().failResource("mwaa:environment", "rollback", "UPDATE_FAILED",
                Map.of("ErrorCode", "UPDATE_ERROR", "ErrorMessage", "requirements.txt could not be installed"), 1);
        mwaa.updateEnvironment(r -> r.name("rollback").requirementsS3Path("requirements.txt"));
        check.handle(new CheckEnvironmentHandler.Input(updating, cloud.clock().now().toString()));

        Environment rolling = MwaaClients.awaitEnvironment(mwaa, "rollback",
                e -> e.status() == EnvironmentStatus.ROLLING_BACK || e.status() == EnvironmentStatus.UPDATE_FAILED);
        assertThat(rolling.status()).as("the local MWAA rolls back before it reports").isEqualTo(EnvironmentStatus.ROLLING_BACK);
        EnvironmentState waiting = check.handle(new CheckEnvironmentHandler.Input(updating, cloud.clock().now().toString()));
        assertThat(waiting.status()).isIn("ROLLING_BACK", "UPDATE_FAILED");
        if ("ROLLING_BACK".equals(waiting.status())) {
            assertThat(waiting.nextCheckSeconds()).as("keeps waiting").isPositive();
        }

        MwaaClients.awaitEnvironment(mwaa, "rollback", e -> e.status() == EnvironmentStatus.UPDATE_FAILED);
        assertThatThrownBy(() -> check.handle(new CheckEnvironmentHandler.Input(updating, cloud.clock().now().toString())))
                .isInstanceOf(EnvironmentUpdateFailedException.class)
                .hasMessageContaining("UPDATE_ERROR: requirements.txt could not be installed");
    }
}
