package dev.mwaaprovisioner.common.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.common.request.OptionDigests;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.request.RequestParser;
import org.junit.jupiter.api.Test;

class RequestObjectsTest {

    private static final ProvisioningRequest REQUEST = RequestParser.standard().parse("""
            Name: objects-test
            SourceBucketArn: arn:aws:s3:::airflow-objects-test
            DagS3Path: dags
            AirflowConfigurationOptions:
              core.fernet_key: fernet-value-19ab
              core.default_timezone: utc
            Network:
              VpcCIDR: 10.192.0.0/16
              PublicSubnet1CIDR: 10.192.10.0/24
              PublicSubnet2CIDR: 10.192.11.0/24
              PrivateSubnet1CIDR: 10.192.20.0/24
              PrivateSubnet2CIDR: 10.192.21.0/24
            """, "objects-test");

    @Test
    void anAwsMessageQuotingAnOptionValueLosesTheValue() {
        assertThat(RequestObjects.withoutOptionValues("Invalid value 'fernet-value-19ab' for core.fernet_key", REQUEST))
                .isEqualTo("Invalid value '(value not shown)' for core.fernet_key");
    }

    @Test
    void theStateCarriesDigestsThatDependOnNameOptionAndValue() {
        ProvisioningRequest state = REQUEST.withOptionDigests();
        assertThat(state.toJson()).doesNotContain("fernet-value-19ab").contains(OptionDigests.PREFIX);
        assertThat(state.airflowConfigurationOptions().get("core.fernet_key"))
                .isEqualTo(OptionDigests.of("objects-test", "core.fernet_key", "fernet-value-19ab"))
                .isNotEqualTo(OptionDigests.of("other-env", "core.fernet_key", "fernet-value-19ab"))
                .isNotEqualTo(OptionDigests.of("objects-test", "smtp.smtp_password", "fernet-value-19ab"));
        assertThat(state.withOptionDigests()).as("digests are not digested again").isEqualTo(state);
        assertThat(OptionDigests.areDigests(state.airflowConfigurationOptions())).isTrue();
        assertThat(OptionDigests.areDigests(REQUEST.airflowConfigurationOptions())).isFalse();
    }
}
