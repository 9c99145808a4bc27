package dev.mwaaprovisioner.functions.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mwaa.model.CreateEnvironmentRequest;

class CreateEnvironmentRequestTest {

    private static CreateEnvironmentHandler.Input sample() throws IOException {
        try (InputStream in = new FileInputStream("../../events/CreateEnvironmentFunction/input.json")) {
            return WorkflowJson.read(in, CreateEnvironmentHandler.Input.class);
        }
    }

    @Test
    void everyRequestFieldReachesCreateEnvironment() throws IOException {
        CreateEnvironmentRequest create = CreateEnvironmentHandler.createRequest(sample());
        assertThat(create.name()).isEqualTo("analytics-dev");
        assertThat(create.executionRoleArn()).isEqualTo("arn:aws:iam::000000000000:role/mwaa-analytics-dev-execution");
        assertThat(create.sourceBucketArn()).isEqualTo("arn:aws:s3:::airflow-analytics-dev");
        assertThat(create.dagS3Path()).isEqualTo("dags");
        assertThat(create.networkConfiguration().subnetIds()).hasSize(2);
        assertThat(create.networkConfiguration().securityGroupIds()).containsExactly("sg-0123456789abcdef0");
        assertThat(create.airflowVersion()).isEqualTo("2.10.3");
        assertThat(create.environmentClass()).isEqualTo("mw1.small");
        assertThat(List.of(create.minWorkers(), create.maxWorkers(), create.schedulers(), create.minWebservers(),
                create.maxWebservers())).containsExactly(1, 10, 2, 2, 2);
        assertThat(create.webserverAccessModeAsString()).isEqualTo("PRIVATE_ONLY");
        assertThat(create.endpointManagementAsString()).isEqualTo("SERVICE");
        assertThat(create.loggingConfiguration().taskLogs().enabled()).isTrue();
        assertThat(create.loggingConfiguration().dagProcessingLogs().logLevelAsString()).isEqualTo("INFO");
        assertThat(create.tags()).isEqualTo(Map.of("team", "analytics", "mwaa-provisioner:environment", "analytics-dev"));
    }

    @Test
    void noEmptyMapIsSent() throws IOException {
        CreateEnvironmentHandler.Input sample = sample();
        var request = WorkflowJson.MAPPER.convertValue(
                ((com.fasterxml.jackson.databind.node.ObjectNode) WorkflowJson.MAPPER.valueToTree(sample.request())).without("Tags"),
                dev.mwaaprovisioner.common.request.ProvisioningRequest.class);
        CreateEnvironmentRequest create = CreateEnvironmentHandler.createRequest(new CreateEnvironmentHandler.Input(
                request, null, sample.executionRoleArn(), sample.subnetIds(), sample.securityGroupIds(), sample.now()));
        // No Tags in the request: only the provisioner's own tag, never an empty map.
        assertThat(create.tags()).isEqualTo(Map.of("mwaa-provisioner:environment", request.name()));
        assertThat(create.hasAirflowConfigurationOptions()).isFalse();
    }

    @Test
    void recognisesMwaasWordingsOfAnUnassumableRole() {
        assertThat(CreateEnvironmentHandler.isRoleNotAssumableYet(
                "Role arn:aws:iam::1:role/x is not assumable by airflow-env.amazonaws.com")).isTrue();
        assertThat(CreateEnvironmentHandler.isRoleNotAssumableYet("The role cannot be assumed by MWAA")).isTrue();
        assertThat(CreateEnvironmentHandler.isRoleNotAssumableYet("Invalid subnet: subnet-1 is public")).isFalse();
    }
}
