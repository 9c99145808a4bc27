package dev.mwaaprovisioner.local.cloud.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

class LogsServiceTest {

    LocalCloud cloud;
    CloudWatchLogsClient logs;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
        logs = TestClients.client(CloudWatchLogsClient.builder(), cloud);
    }

    @AfterEach
    void stop() {
        logs.close();
        cloud.close();
    }

    @Test
    void logGroupsAreCreatedDescribedGivenARetentionAndDeleted() {
        logs.createLogGroup(r -> r.logGroupName("/aws/lambda/mwaa-provisioner"));
        logs.createLogGroup(r -> r.logGroupName("/aws/vendedlogs/states/x"));
        logs.putRetentionPolicy(r -> r.logGroupName("/aws/lambda/mwaa-provisioner").retentionInDays(30));

        assertThat(logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/")).logGroups())
                .extracting(LogGroup::logGroupName, LogGroup::retentionInDays, LogGroup::arn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/aws/lambda/mwaa-provisioner", 30,
                        "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/mwaa-provisioner:*"));
        assertThatThrownBy(() -> logs.createLogGroup(r -> r.logGroupName("/aws/vendedlogs/states/x")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> logs.putRetentionPolicy(r -> r.logGroupName("/aws/vendedlogs/states/x").retentionInDays(2)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("retentionInDays");

        logs.deleteLogGroup(r -> r.logGroupName("/aws/vendedlogs/states/x"));
        assertThat(logs.describeLogGroups().logGroups()).hasSize(1);
        assertThatThrownBy(() -> logs.deleteLogGroup(r -> r.logGroupName("/aws/vendedlogs/states/x")))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
