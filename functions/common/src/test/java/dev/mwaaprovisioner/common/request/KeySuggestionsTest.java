package dev.mwaaprovisioner.common.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeySuggestionsTest {

    private static final List<String> TOP_LEVEL = RecordKeys.of(ProvisioningRequest.class);

    @ParameterizedTest
    @CsvSource({
            "MaxWorker, MaxWorkers",
            "maxworkers, MaxWorkers",
            "MAXWORKERS, MaxWorkers",
            "Schedulrs, Schedulers",
            "Tag, Tags",
            "KMSKey, KmsKey",
            "Environment, EnvironmentClass",
            "AirflowConfiguration, AirflowConfigurationOptions",
            "DagsS3Path, DagS3Path",
            "WeeklyMaintenanceWindow, WeeklyMaintenanceWindowStart",
            "Networks, Network",
            "SourceBucket, SourceBucketArn"})
    void suggestsTheKeyMeant(String typed, String meant) {
        assertThat(KeySuggestions.nearest(typed, TOP_LEVEL)).contains(meant);
    }

    @ParameterizedTest
    @CsvSource({"Owner", "Min", "Region", "x", "Description"})
    void suggestsNothingWhenNothingIsClose(String typed) {
        assertThat(KeySuggestions.nearest(typed, TOP_LEVEL)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"Subnets, SubnetIds", "SecurityGroups, SecurityGroupIds", "VpcCidr, VpcCIDR", "PrivateSubnet1, PrivateSubnet1CIDR"})
    void suggestsNetworkKeys(String typed, String meant) {
        List<String> network = List.of("VpcCIDR", "PublicSubnet1CIDR", "PublicSubnet2CIDR", "PrivateSubnet1CIDR",
                "PrivateSubnet2CIDR", "SubnetIds", "SecurityGroupIds");
        assertThat(KeySuggestions.nearest(typed, network)).contains(meant);
    }
}
