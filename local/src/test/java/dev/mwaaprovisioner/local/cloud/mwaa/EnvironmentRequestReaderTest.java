package dev.mwaaprovisioner.local.cloud.mwaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.mwaa.EnvironmentRequestReader.Operation;
import org.junit.jupiter.api.Test;

class EnvironmentRequestReaderTest {

    private static MwaaException createFails(String name, ObjectNode body) {
        try {
            EnvironmentRequestReader.read(Operation.CREATE, name, body);
        } catch (MwaaException e) {
            return e;
        }
        throw new AssertionError("expected the request to be refused");
    }

    @Test
    void readsEveryMemberOfAValidRequest() {
        ObjectNode body = Requests.create();
        body.put("EnvironmentClass", "mw1.medium").put("MaxWorkers", 5).put("MinWorkers", 2).put("Schedulers", 3)
                .put("AirflowVersion", "2.10.3").put("WeeklyMaintenanceWindowStart", "TUE:03:30")
                .put("WebserverAccessMode", "PUBLIC_ONLY").put("EndpointManagement", "SERVICE");
        body.putObject("Tags").put("team", "data");
        body.putObject("AirflowConfigurationOptions").put("core.default_timezone", "utc");
        body.putObject("LoggingConfiguration").putObject("TaskLogs").put("Enabled", true).put("LogLevel", "INFO");

        EnvironmentInput in = EnvironmentRequestReader.read(Operation.CREATE, "analytics-dev", body);

        assertThat(in.name).isEqualTo("analytics-dev");
        assertThat(in.subnetIds).containsExactly("subnet-a", "subnet-b");
        assertThat(in.securityGroupIds).containsExactly("sg-1");
        assertThat(in.maxWorkers).isEqualTo(5);
        assertThat(in.tags).containsEntry("team", "data");
        assertThat(in.loggingConfiguration.get(LoggingModule.TASK)).isEqualTo(new LoggingModule.Setting(true, "INFO"));
        assertThat(in.airflowConfigurationOptions).containsEntry("core.default_timezone", "utc");
    }

    @Test
    void namePatternAndLengthAreTheModelsWithAwsWording() {
        assertThat(createFails("9lives", Requests.create()))
                .hasMessage("1 validation error detected: Value '9lives' at 'name' failed to satisfy constraint:"
                        + " Member must satisfy regular expression pattern: [a-zA-Z][0-9a-zA-Z-_]*");
        assertThat(createFails("a" + "b".repeat(80), Requests.create()).getMessage())
                .contains("at 'name' failed to satisfy constraint: Member must have length less than or equal to 80");
    }

    @Test
    void everyMissingRequiredMemberIsListed() {
        MwaaException e = createFails("env", Requests.JSON.createObjectNode());
        assertThat(e.type()).isEqualTo(MwaaException.Type.VALIDATION);
        assertThat(e.getMessage()).startsWith("4 validation errors detected: ")
                .contains("Value null at 'executionRoleArn' failed to satisfy constraint: Member must not be null")
                .contains("Value null at 'sourceBucketArn'")
                .contains("Value null at 'dagS3Path'")
                .contains("Value null at 'networkConfiguration'");
    }

    @Test
    void arnsMustMatchTheModelPatterns() {
        ObjectNode body = Requests.create();
        body.put("ExecutionRoleArn", "mwaa-exec");
        body.put("SourceBucketArn", "arn:aws:s3:::bucket/");
        MwaaException e = createFails("env", body);
        assertThat(e.getMessage()).startsWith("2 validation errors detected")
                .contains("Value 'mwaa-exec' at 'executionRoleArn'")
                .contains("Value 'arn:aws:s3:::bucket/' at 'sourceBucketArn'");
    }

    @Test
    void exactlyTwoSubnetsAndOneToFiveSecurityGroups() {
        ObjectNode body = Requests.create();
        ((ObjectNode) body.get("NetworkConfiguration")).putArray("SubnetIds").add("subnet-a");
        assertThat(createFails("env", body).getMessage())
                .contains("at 'networkConfiguration.subnetIds' failed to satisfy constraint:"
                        + " Member must have length greater than or equal to 2");
        body = Requests.create();
        var groups = ((ObjectNode) body.get("NetworkConfiguration")).putArray("SecurityGroupIds");
        for (int i = 0; i < 6; i++) {
            groups.add("sg-" + i);
        }
        assertThat(createFails("env", body).getMessage())
                .contains("'networkConfiguration.securityGroupIds' failed to satisfy constraint:"
                        + " Member must have length less than or equal to 5");
        body = Requests.create();
        ((ObjectNode) body.get("NetworkConfiguration")).putArray("SecurityGroupIds").add("default");
        assertThat(createFails("env", body).getMessage()).contains("sg-[a-zA-Z0-9\\-._]+");
    }

    @Test
    void enumsAndRangesAreChecked() {
        ObjectNode body = Requests.create();
        body.put("WebserverAccessMode", "PUBLIC").put("EndpointManagement", "AWS").put("Schedulers", 6)
                .put("MinWorkers", 0);
        MwaaException e = createFails("env", body);
        assertThat(e.getMessage()).contains("Member must satisfy enum value set: [PRIVATE_ONLY, PUBLIC_ONLY,"
                        + " PUBLIC_AND_PRIVATE]")
                .contains("Value 'AWS' at 'endpointManagement'")
                .contains("Value '6' at 'schedulers' failed to satisfy constraint: Member must have value less"
                        + " than or equal to 5")
                .contains("Value '0' at 'minWorkers'");
        ObjectNode logging = Requests.create();
        logging.putObject("LoggingConfiguration").putObject("WorkerLogs").put("Enabled", true).put("LogLevel", "TRACE");
        assertThat(createFails("env", logging).getMessage())
                .contains("Value 'TRACE' at 'loggingConfiguration.workerLogs.logLevel'");
    }

    @Test
    void aLoggingModuleNeedsEnabledAndLogLevel() {
        ObjectNode body = Requests.create();
        body.putObject("LoggingConfiguration").putObject("SchedulerLogs").put("Enabled", true);
        assertThat(createFails("env", body).getMessage())
                .contains("Value null at 'loggingConfiguration.schedulerLogs.logLevel'");
    }

    @Test
    void tagsAndConfigurationOptionsFollowTheMapConstraints() {
        ObjectNode body = Requests.create();
        body.putObject("Tags");
        assertThat(createFails("env", body).getMessage())
                .contains("at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1");
        body = Requests.create();
        body.putObject("Tags").put("k".repeat(129), "v");
        assertThat(createFails("env", body).getMessage()).contains("Map keys must satisfy constraint");
        body = Requests.create();
        body.putObject("AirflowConfigurationOptions").put("Core.Bad", "fine").put("core.secret", "tab\there");
        MwaaException e = createFails("env", body);
        assertThat(e.getMessage()).contains("airflowConfigurationOptions").contains("core.secret")
                .doesNotContain("tab\there").doesNotContain("fine");
    }

    @Test
    void maintenanceWindowAndKmsKeyPatterns() {
        ObjectNode body = Requests.create();
        body.put("WeeklyMaintenanceWindowStart", "TUE:03:15");
        assertThat(createFails("env", body).getMessage()).contains("at 'weeklyMaintenanceWindowStart'");
        body = Requests.create();
        body.put("KmsKey", "my-key");
        assertThat(createFails("env", body).getMessage()).contains("at 'kmsKey'");
    }

    @Test
    void wrongJsonTypesAreSerializationErrors() {
        ObjectNode body = Requests.create();
        body.put("MaxWorkers", "ten");
        MwaaException e = createFails("env", body);
        assertThat(e.type()).isEqualTo(MwaaException.Type.SERIALIZATION);
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.getMessage()).contains("MaxWorkers");
    }

    @Test
    void unknownMembersAreRefusedNotIgnored() {
        ObjectNode body = Requests.create();
        body.put("DagsPath", "dags");
        assertThat(createFails("env", body).getMessage())
                .contains("'DagsPath' is not a member of CreateEnvironmentInput");
    }

    @Test
    void anUpdateCannotChangeSubnetsKeyOrEndpointManagement() {
        ObjectNode body = Requests.JSON.createObjectNode();
        body.putObject("NetworkConfiguration").putArray("SubnetIds").add("subnet-c").add("subnet-d");
        assertThatThrownBy(() -> EnvironmentRequestReader.read(Operation.UPDATE, "env", body))
                .hasMessageContaining("subnets of an environment cannot be changed");
        ObjectNode withKey = Requests.JSON.createObjectNode().put("KmsKey", "arn:aws:kms:us-east-1:000000000000:key/"
                + "0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f");
        assertThatThrownBy(() -> EnvironmentRequestReader.read(Operation.UPDATE, "env", withKey))
                .hasMessageContaining("KmsKey cannot be changed after an environment is created");
        ObjectNode endpoints = Requests.JSON.createObjectNode().put("EndpointManagement", "CUSTOMER");
        assertThatThrownBy(() -> EnvironmentRequestReader.read(Operation.UPDATE, "env", endpoints))
                .hasMessageContaining("EndpointManagement cannot be changed");
    }

    @Test
    void anUpdateOfTheNetworkNeedsSecurityGroups() {
        ObjectNode body = Requests.JSON.createObjectNode();
        body.putObject("NetworkConfiguration");
        assertThatThrownBy(() -> EnvironmentRequestReader.read(Operation.UPDATE, "env", body))
                .hasMessageContaining("Value null at 'networkConfiguration.securityGroupIds'");
    }

    @Test
    void anEmptyUpdateBodyIsValid() {
        EnvironmentInput in = EnvironmentRequestReader.read(Operation.UPDATE, "env", null);
        assertThat(in.name).isEqualTo("env");
        assertThat(in.executionRoleArn).isNull();
    }
}
