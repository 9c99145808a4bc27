package dev.mwaaprovisioner.local.cloud.mwaa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MwaaOptionsTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(MwaaOptions.PROPERTY_PREFIX + keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void withoutPropertiesTheDefaultsApply() {
        assertThat(MwaaOptions.fromProperties(new Properties())).isEqualTo(MwaaOptions.defaults());
    }

    @Test
    void propertiesOverrideDurationsQuotaAndVersions() {
        MwaaOptions o = MwaaOptions.fromProperties(props("createDuration", "PT5M", "updateDuration", "PT2M",
                "deleteDuration", "PT1M", "pendingTimeout", "PT1H", "stuckCreationDuration", "PT30M",
                "maxWorkersQuota", "40", "airflowVersions", "2.10.3, 3.0.6, 3.1.0"));
        assertThat(o.createDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.updateDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.deleteDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(o.pendingTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(o.stuckCreationDuration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(o.maxWorkersQuota()).isEqualTo(40);
        assertThat(o.airflowVersions()).containsExactly("2.10.3", "3.0.6", "3.1.0");
        assertThat(o.defaultAirflowVersion()).isEqualTo("3.0.6");
        assertThat(MwaaOptions.fromProperties(props("airflowVersions", "2.10.3,2.11.0")).defaultAirflowVersion())
                .isEqualTo("2.11.0");
    }

    @Test
    void badValuesNameThePropertyAndTheFix() {
        assertThatThrownBy(() -> MwaaOptions.fromProperties(props("createDuration", "25m")))
                .hasMessage("mwaa.local.createDuration=25m is not an ISO-8601 duration: use for example PT25M"
                        + " (25 minutes) or PT2H");
        assertThatThrownBy(() -> MwaaOptions.fromProperties(props("maxWorkersQuota", "many")))
                .hasMessageContaining("mwaa.local.maxWorkersQuota=many is not a whole number");
        assertThatThrownBy(() -> MwaaOptions.fromProperties(props("defaultAirflowVersion", "1.10.12")))
                .hasMessageContaining("mwaa.local.defaultAirflowVersion=1.10.12 is not in the accepted versions");
        assertThatThrownBy(() -> MwaaOptions.fromProperties(props("airflowVersions", " , ")))
                .hasMessageContaining("airflowVersions is empty");
        assertThatThrownBy(() -> MwaaOptions.fromProperties(props("deleteDuration", "-PT1M")))
                .hasMessageContaining("must not be negative");
    }
}
