package dev.mwaaprovisioner.local.cloud.mwaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.mwaa.EnvironmentRequestReader.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentRulesTest {

    private final MwaaOptions options = MwaaOptions.defaults();

    private EnvironmentSettings create(ObjectNode body) {
        return EnvironmentRules.forCreate(EnvironmentRequestReader.read(Operation.CREATE, "env", body), options);
    }

    @Test
    void fillsInMwaaDefaults() {
        EnvironmentSettings s = create(Requests.create());
        assertThat(s.environmentClass()).isEqualTo("mw1.small");
        assertThat(s.airflowVersion()).isEqualTo("3.0.6");
        assertThat(s.schedulers()).isEqualTo(2);
        assertThat(s.minWebservers()).isEqualTo(2);
        assertThat(s.maxWebservers()).isEqualTo(2);
        assertThat(s.minWorkers()).isEqualTo(1);
        assertThat(s.maxWorkers()).isEqualTo(10);
        assertThat(s.webserverAccessMode()).isEqualTo("PRIVATE_ONLY");
        assertThat(s.endpointManagement()).isEqualTo("SERVICE");
        assertThat(s.weeklyMaintenanceWindowStart()).isEqualTo("SUN:03:00");
        assertThat(s.logging()).hasSize(5).allSatisfy((m, l) -> assertThat(l.enabled()).isFalse());
    }

    @Test
    void microIsFixedAtOneOfEach() {
        EnvironmentSettings s = create(Requests.create().put("EnvironmentClass", "mw1.micro"));
        assertThat(List.of(s.schedulers(), s.minWebservers(), s.maxWebservers(), s.minWorkers(), s.maxWorkers()))
                .containsOnly(1);
        assertThatThrownBy(() -> create(Requests.create().put("EnvironmentClass", "mw1.micro").put("Schedulers", 2)))
                .hasMessageContaining("mw1.micro runs exactly 1 scheduler, 1 web server and 1 worker,"
                        + " but Schedulers is 2");
        assertThatThrownBy(() -> create(Requests.create().put("EnvironmentClass", "mw1.micro").put("MaxWorkers", 3)))
                .hasMessageContaining("MaxWorkers is 3");
    }

    @Test
    void largerClassesNeedTwoToFiveSchedulersAndWebservers() {
        assertThatThrownBy(() -> create(Requests.create().put("Schedulers", 1)))
                .hasMessage("Schedulers must be between 2 and 5 for environment class mw1.small, not 1.");
        assertThatThrownBy(() -> create(Requests.create().put("MinWebservers", 1)))
                .hasMessageContaining("MinWebservers and MaxWebservers must be between 2 and 5");
        assertThatThrownBy(() -> create(Requests.create().put("MinWebservers", 4).put("MaxWebservers", 3)))
                .hasMessage("MinWebservers (4) must not be greater than MaxWebservers (3).");
    }

    @Test
    void workersMinNotAboveMaxAndWithinQuota() {
        assertThatThrownBy(() -> create(Requests.create().put("MinWorkers", 5).put("MaxWorkers", 3)))
                .hasMessage("MinWorkers (5) must not be greater than MaxWorkers (3).");
        assertThatThrownBy(() -> create(Requests.create().put("MaxWorkers", 26)))
                .hasMessageContaining("exceeds the account's quota of 25 workers");
        assertThat(create(Requests.create().put("MaxWorkers", 25)).maxWorkers()).isEqualTo(25);
    }

    @Test
    void environmentClassMustBeOneOfMwaas() {
        assertThatThrownBy(() -> create(Requests.create().put("EnvironmentClass", "mw1.tiny")))
                .hasMessage("Invalid environment class 'mw1.tiny'. Valid values: mw1.micro, mw1.small, mw1.medium,"
                        + " mw1.large, mw1.xlarge, mw1.2xlarge.");
    }

    @Test
    void airflowVersionAllowListIsConfigurable() {
        assertThatThrownBy(() -> create(Requests.create().put("AirflowVersion", "2.4.3")))
                .hasMessage("Airflow version '2.4.3' is not supported. Supported versions: 2.7.2, 2.8.1, 2.9.2,"
                        + " 2.10.1, 2.10.3, 2.11.0, 3.0.6.");
        MwaaOptions custom = options.withAirflowVersions(List.of("2.10.3", "3.1.0"), "3.1.0");
        EnvironmentSettings s = EnvironmentRules.forCreate(
                EnvironmentRequestReader.read(Operation.CREATE, "env", Requests.create()), custom);
        assertThat(s.airflowVersion()).isEqualTo("3.1.0");
        assertThatThrownBy(() -> options.withAirflowVersions(List.of("2.10.3"), "3.0.6"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publicAndPrivateNeedsAirflow32() {
        assertThatThrownBy(() -> create(Requests.create().put("WebserverAccessMode", "PUBLIC_AND_PRIVATE")))
                .hasMessageContaining("needs Apache Airflow 3.2 or later; AirflowVersion is 3.0.6");
        MwaaOptions newer = options.withAirflowVersions(List.of("3.2.0"), "3.2.0");
        EnvironmentSettings s = EnvironmentRules.forCreate(EnvironmentRequestReader.read(Operation.CREATE, "env",
                Requests.create().put("WebserverAccessMode", "PUBLIC_AND_PRIVATE")), newer);
        assertThat(s.webserverAccessMode()).isEqualTo("PUBLIC_AND_PRIVATE");
    }

    @Test
    void kmsKeyMustNotBeAnAlias() {
        assertThatThrownBy(() -> create(Requests.create().put("KmsKey", "alias/mwaa")))
                .hasMessageContaining("KmsKey 'alias/mwaa' is a key alias");
    }

    @Test
    void s3PathsAreRelativeAndVersionsNeedPaths() {
        assertThatThrownBy(() -> create(Requests.create().put("DagS3Path", "s3://dags-bucket/dags")))
                .hasMessageContaining("DagS3Path 's3://dags-bucket/dags' must be a path relative to the source bucket");
        assertThatThrownBy(() -> create(Requests.create().put("RequirementsS3ObjectVersion", "v1")))
                .hasMessage("RequirementsS3ObjectVersion is set but RequirementsS3Path is not: give the path of the"
                        + " object the version belongs to.");
    }

    @Test
    void networkIsRequiredAndSubnetsDistinct() {
        ObjectNode body = Requests.create();
        ((ObjectNode) body.get("NetworkConfiguration")).remove("SubnetIds");
        assertThatThrownBy(() -> create(body)).hasMessageContaining("NetworkConfiguration.SubnetIds is required");
        ObjectNode twice = Requests.create();
        ((ObjectNode) twice.get("NetworkConfiguration")).putArray("SubnetIds").add("subnet-a").add("subnet-a");
        assertThatThrownBy(() -> create(twice)).hasMessageContaining("names subnet subnet-a twice");
    }

    @Test
    void anUpdateKeepsWhatItDoesNotSendAndChecksTheWhole() {
        EnvironmentSettings current = create(Requests.create());
        ObjectNode update = Requests.JSON.createObjectNode().put("MaxWorkers", 4);
        EnvironmentSettings next = EnvironmentRules.forUpdate(current,
                EnvironmentRequestReader.read(Operation.UPDATE, "env", update), options);
        assertThat(next.maxWorkers()).isEqualTo(4);
        assertThat(next.subnetIds()).isEqualTo(current.subnetIds());
        assertThat(next.airflowVersion()).isEqualTo(current.airflowVersion());
        ObjectNode toMicro = Requests.JSON.createObjectNode().put("EnvironmentClass", "mw1.micro");
        assertThatThrownBy(() -> EnvironmentRules.forUpdate(current,
                EnvironmentRequestReader.read(Operation.UPDATE, "env", toMicro), options))
                .hasMessageContaining("mw1.micro runs exactly 1 scheduler");
    }

    @Test
    void theAirflowVersionChangesInPlaceWithinAMajorVersionAndFromTwoElevenToThree() {
        EnvironmentSettings current = create(Requests.create().put("AirflowVersion", "2.10.3"));
        assertThat(update(current, "2.11.0").airflowVersion()).isEqualTo("2.11.0");
        assertThat(update(current, "2.9.2").airflowVersion()).as("a minor downgrade").isEqualTo("2.9.2");
        assertThatThrownBy(() -> update(current, "3.0.6"))
                .hasMessageContaining("from 2.10.3 to 3.0.6 is not supported")
                .hasMessageContaining("create a new environment");
        EnvironmentSettings latestTwo = update(current, "2.11.0");
        assertThat(update(latestTwo, "3.0.6").airflowVersion()).isEqualTo("3.0.6");
        assertThat(update(update(latestTwo, "3.0.6"), "2.11.0").airflowVersion()).isEqualTo("2.11.0");
        assertThatThrownBy(() -> update(update(latestTwo, "3.0.6"), "2.10.3")).hasMessageContaining("not supported");
    }

    private EnvironmentSettings update(EnvironmentSettings current, String version) {
        return EnvironmentRules.forUpdate(current, EnvironmentRequestReader.read(Operation.UPDATE, "env",
                Requests.JSON.createObjectNode().put("AirflowVersion", version)), options);
    }

    @Test
    void versionsCompareNumerically() {
        assertThat(EnvironmentRules.compareVersions("2.10.3", "2.9.2")).isPositive();
        assertThat(EnvironmentRules.compareVersions("3.2", "3.2.0")).isZero();
        assertThat(EnvironmentRules.compareVersions("3.0.6", "3.2")).isNegative();
    }

    @Test
    void settingsNeverPrintConfigurationOptionValues() {
        ObjectNode body = Requests.create();
        body.putObject("AirflowConfigurationOptions").put("secrets.backend_kwargs", "hunter2");
        assertThat(create(body).toString()).doesNotContain("hunter2");
    }
}
