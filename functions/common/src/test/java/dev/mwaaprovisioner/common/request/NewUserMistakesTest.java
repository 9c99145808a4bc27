package dev.mwaaprovisioner.common.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** What a newcomer gets for the three most common mistakes in one file: three clear lines. */
class NewUserMistakesTest {

    @Test
    void typoWrongCidrAndWrongClassGiveThreeLines() {
        String request = """
                Name: analytics-dev
                SourceBucketArn: arn:aws:s3:::airflow-analytics-dev
                DagS3Path: dags
                EnvironmentClass: mw1.huge
                MaxWorker: 5
                Network:
                  VpcCIDR: 10.192.0.0/16
                  PublicSubnet1CIDR: 10.192.10.0/24
                  PublicSubnet2CIDR: 10.192.11.0/24
                  PrivateSubnet1CIDR: 10.192.300.0/24
                  PrivateSubnet2CIDR: 10.192.21.0/24
                """;

        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> RequestParser.standard().parse(request, "analytics-dev.yaml"));

        assertThat(refused.getMessage().lines()).containsExactly(
                "MaxWorker: unknown key; did you mean MaxWorkers?",
                "Network.PrivateSubnet1CIDR: \"10.192.300.0/24\" has the octet 300, above 255;"
                        + " write an IPv4 block such as 10.192.0.0/16",
                "EnvironmentClass: \"mw1.huge\" is not an environment class; choose one of mw1.micro, mw1.small,"
                        + " mw1.medium, mw1.large, mw1.xlarge, mw1.2xlarge");
    }
}
