package dev.mwaaprovisioner.local.cloud.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class StsServiceTest {

    static LocalCloud cloud;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    @Test
    void getCallerIdentityAnswersWithTheLocalAccountWhateverTheCredentials() {
        try (StsClient sts = TestClients.client(StsClient.builder(), cloud)) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.account()).isEqualTo("000000000000").isEqualTo(cloud.accountId());
            assertThat(identity.arn()).isEqualTo("arn:aws:iam::000000000000:root");
            assertThat(identity.userId()).isEqualTo("000000000000");
        }
    }

    @Test
    void theSignedRegionSelectsThePartition() {
        try (StsClient sts = TestClients.client(StsClient.builder(), cloud, Region.CN_NORTH_1)) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws-cn:iam::000000000000:root");
        }
    }

    @Test
    void anOperationNotEmulatedIsRefusedWithAClearError() {
        try (StsClient sts = TestClients.client(StsClient.builder(), cloud)) {
            assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/x").roleSessionName("s")))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("STS operation AssumeRole is not supported by the local cloud");
                    });
        }
    }
}
