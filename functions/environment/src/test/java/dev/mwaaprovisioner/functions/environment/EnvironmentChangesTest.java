package dev.mwaaprovisioner.functions.environment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.request.RequestParser;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.ModuleLoggingConfiguration;
import software.amazon.awssdk.services.mwaa.model.UpdateEnvironmentRequest;

class EnvironmentChangesTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/mwaa-analytics-dev-execution";

    /** The sample request of events/PlanChangesFunction, as JSON to edit. */
    private static ObjectNode sample() throws IOException {
        return (ObjectNode) WorkflowJson.MAPPER.readTree(new File("../../events/PlanChangesFunction/input.json"))
                .path("Request");
    }

    private static ProvisioningRequest request(ObjectNode json) {
        return RequestParser.standard().parse(json.toString(), "test");
    }

    /** The environment MWAA made from the sample request. */
    private static Environment environment() {
        ModuleLoggingConfiguration info = ModuleLoggingConfiguration.builder().enabled(true).logLevel("INFO").build();
        return Environment.builder().name("analytics-dev").status("AVAILABLE").executionRoleArn(ROLE)
                .sourceBucketArn("arn:aws:s3:::airflow-analytics-dev").dagS3Path("dags").airflowVersion("2.10.3")
                .environmentClass("mw1.small").minWorkers(1).maxWorkers(10).schedulers(2).minWebservers(2).maxWebservers(2)
                .webserverAccessMode("PRIVATE_ONLY").endpointManagement("SERVICE").weeklyMaintenanceWindowStart("SUN:03:00")
                .airflowConfigurationOptions(Map.of())
                .loggingConfiguration(l -> l.dagProcessingLogs(info).schedulerLogs(info).webserverLogs(info)
                        .workerLogs(info).taskLogs(info))
                .networkConfiguration(n -> n.subnetIds("subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788")
                        .securityGroupIds("sg-0123456789abcdef0"))
                .tags(Map.of("team", "analytics", "aws:cloudformation:stack-name", "x"))
                .build();
    }

    @Test
    void theSameRequestChangesNothing() throws IOException {
        EnvironmentChanges changes = EnvironmentChanges.compare(request(sample()), environment(), ROLE, null);
        assertThat(changes.changed()).isEmpty();
        assertThat(changes.refused()).isEmpty();
        assertThat(changes.updatesEnvironment()).isFalse();
        assertThat(changes.tagsToPut()).isEmpty();
        assertThat(changes.tagsToRemove()).as("tags AWS reserves are not the request's").isEmpty();
    }

    @Test
    void theProvisionersOwnTagIsNeitherComparedNorRemoved() throws IOException {
        Environment tagged = environment().toBuilder().tags(Map.of("team", "analytics",
                "mwaa-provisioner:environment", "analytics-dev")).build();
        EnvironmentChanges same = EnvironmentChanges.compare(request(sample()), tagged, ROLE, null);
        assertThat(same.changed()).isEmpty();
        assertThat(same.tagsToPut()).isEmpty();
        assertThat(same.tagsToRemove()).isEmpty();

        ObjectNode json = sample();
        json.putObject("Tags").put("team", "platform");
        EnvironmentChanges retagged = EnvironmentChanges.compare(request(json), tagged, ROLE, null);
        assertThat(retagged.changed()).containsExactly("Tags[\"team\"]: analytics -> platform");
        assertThat(retagged.tagsToPut()).isEqualTo(Map.of("team", "platform"));
        assertThat(retagged.tagsToRemove()).isEmpty();
    }

    @Test
    void onlyWhatDiffersIsSentAndTagsGoThroughTheirOwnCalls() throws IOException {
        ObjectNode json = sample();
        json.put("MaxWorkers", 4).put("AirflowVersion", "2.11.0");
        json.putObject("AirflowConfigurationOptions").put("core.parallelism", "64");
        json.putObject("Tags").put("cost-center", "4711");
        EnvironmentChanges changes = EnvironmentChanges.compare(request(json), environment(), ROLE, null);
        UpdateEnvironmentRequest update = changes.updateRequest();
        assertThat(update.maxWorkers()).isEqualTo(4);
        assertThat(update.airflowVersion()).isEqualTo("2.11.0");
        assertThat(update.airflowConfigurationOptions()).containsEntry("core.parallelism", "64");
        assertThat(update.minWorkers()).isNull();
        assertThat(update.environmentClass()).isNull();
        assertThat(update.loggingConfiguration()).isNull();
        assertThat(update.networkConfiguration()).isNull();
        // The sample environment predates the provisioner's tag: it comes with this update, unreported.
        assertThat(changes.tagsToPut()).isEqualTo(Map.of("cost-center", "4711", "mwaa-provisioner:environment",
                "analytics-dev"));
        assertThat(changes.tagsToRemove()).containsExactly("team");
        assertThat(String.join("\n", changes.changed())).doesNotContain("mwaa-provisioner:");
        assertThat(changes.changed()).contains("MaxWorkers: 10 -> 4", "AirflowVersion: 2.10.3 -> 2.11.0",
                "AirflowConfigurationOptions: added core.parallelism (values not shown)",
                "Tags[\"cost-center\"]: null -> 4711", "Tags[\"team\"]: analytics -> (removed)");
        assertThat(String.join("\n", changes.changed())).doesNotContain("64");
    }

    @Test
    void whatCannotChangeInPlaceIsRefusedWithTheCurrentAndTheRequestedValue() throws IOException {
        ObjectNode json = sample();
        json.put("KmsKey", "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        json.put("AirflowVersion", "3.0.6");
        json.put("ExecutionRoleArn", "arn:aws:iam::000000000000:role/mwaa-provisioner/brought");
        List<String> refused = EnvironmentChanges.compare(request(json),
                environment().toBuilder().endpointManagement("CUSTOMER").build(),
                "arn:aws:iam::000000000000:role/mwaa-provisioner/brought", null).refused();
        assertThat(refused).hasSize(4);
        assertThat(refused.get(0)).startsWith("ExecutionRoleArn: the environment runs as " + ROLE);
        assertThat(refused).anySatisfy(r -> assertThat(r).startsWith(
                "KmsKey: is the AWS owned key, the request says 1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertThat(refused).anySatisfy(r -> assertThat(r).startsWith("AirflowVersion: is 2.10.3, the request says 3.0.6"));
        assertThat(refused).anySatisfy(r -> assertThat(r).startsWith("EndpointManagement: is CUSTOMER, the request says SERVICE"));
        assertThat(refused).allSatisfy(r -> assertThat(r).contains("delete the request"));
    }

    @Test
    void aKeyGivenAsIdOrArnIsTheSameKey() {
        assertThat(EnvironmentChanges.keyId("arn:aws:kms:us-east-1:000000000000:key/1234abcd"))
                .isEqualTo(EnvironmentChanges.keyId("1234abcd"));
        assertThat(EnvironmentChanges.keyId(null)).isNull();
    }

    @Test
    void airflowChangesMajorVersionInPlaceOnlyBetweenTwoElevenAndThree() {
        assertThat(AirflowVersions.changeableInPlace("2.9.2", "2.10.3")).isTrue();
        assertThat(AirflowVersions.changeableInPlace("2.10.3", "2.9.2")).isTrue();
        assertThat(AirflowVersions.changeableInPlace("2.11.0", "3.0.6")).isTrue();
        assertThat(AirflowVersions.changeableInPlace("3.0.6", "2.11.0")).isTrue();
        assertThat(AirflowVersions.changeableInPlace("2.10.3", "3.0.6")).isFalse();
        assertThat(AirflowVersions.changeableInPlace("3.0.6", "2.10.3")).isFalse();
    }
}
