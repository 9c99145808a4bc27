package dev.mwaaprovisioner.common.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MwaaAllowListsTest {

    @Test
    void shipsTheValuesMwaaOffers() {
        MwaaAllowLists builtIn = MwaaAllowLists.builtIn();

        assertThat(builtIn.airflowVersions()).containsExactly("2.7.2", "2.8.1", "2.9.2", "2.10.1", "2.10.3", "2.11.0", "3.0.6");
        assertThat(builtIn.environmentClasses())
                .containsExactly("mw1.micro", "mw1.small", "mw1.medium", "mw1.large", "mw1.xlarge", "mw1.2xlarge");
        assertThat(builtIn.maxWorkers()).isEqualTo(25);
        assertThat(builtIn.airflowVersions()).contains(RequestDefaults.AIRFLOW_VERSION);
        assertThat(builtIn.environmentClasses()).contains(RequestDefaults.ENVIRONMENT_CLASS, RequestDefaults.MICRO_CLASS);
    }

    @Test
    void anEnvironmentVariableOverridesTheResourceAndASystemPropertyOverridesBoth() {
        Map<String, String> environment = Map.of(
                "MWAA_AIRFLOW_VERSIONS", "2.10.3, 3.2.0",
                "MWAA_ENVIRONMENT_CLASSES", "mw1.small,mw1.medium",
                "MWAA_MAX_WORKERS", "40");
        Map<String, String> properties = Map.of("mwaa.maxWorkers", "60");

        MwaaAllowLists lists = MwaaAllowLists.load(environment::get, properties::get);

        assertThat(lists.airflowVersions()).containsExactly("2.10.3", "3.2.0");
        assertThat(lists.environmentClasses()).containsExactly("mw1.small", "mw1.medium");
        assertThat(lists.maxWorkers()).isEqualTo(60);
    }

    @Test
    void refusesAnOverrideThatIsNotAList() {
        assertThatThrownBy(() -> MwaaAllowLists.load(Map.of("MWAA_AIRFLOW_VERSIONS", "latest")::get, name -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"latest\"");
        assertThatThrownBy(() -> MwaaAllowLists.load(Map.of("MWAA_ENVIRONMENT_CLASSES", " , ")::get, name -> null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> MwaaAllowLists.load(name -> null, Map.of("mwaa.maxWorkers", "many")::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MWAA_MAX_WORKERS");
    }

    @Test
    void namesTheEnvironmentVariableOfEachKey() {
        assertThat(MwaaAllowLists.environmentVariable("mwaa.airflowVersions")).isEqualTo("MWAA_AIRFLOW_VERSIONS");
        assertThat(MwaaAllowLists.environmentVariable("mwaa.environmentClasses")).isEqualTo("MWAA_ENVIRONMENT_CLASSES");
        assertThat(MwaaAllowLists.environmentVariable("mwaa.maxWorkers")).isEqualTo("MWAA_MAX_WORKERS");
    }

    @Test
    void comparesVersionsNumerically() {
        assertThat(MwaaAllowLists.compareVersions("2.10.1", "2.9.2")).isPositive();
        assertThat(MwaaAllowLists.compareVersions("3.2", "3.2.0")).isZero();
        assertThat(MwaaAllowLists.compareVersions("3.0.6", "3.2")).isNegative();
        MwaaAllowLists lists = new MwaaAllowLists(List.of("2.11.0", "3.0.6", "3.2.0", "3.10.1"), List.of("mw1.small"), 25);
        assertThat(lists.airflowVersionsFrom("3.2")).containsExactly("3.2.0", "3.10.1");
    }
}
