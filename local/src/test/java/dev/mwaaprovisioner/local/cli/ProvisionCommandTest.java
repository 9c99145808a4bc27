package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code provision} on the embedded local cloud, in-process through {@link Main#commandLine()}. */
class ProvisionCommandTest {

    @Test
    void theMinimalExampleIsProvisionedAndFollowedStateByState() {
        CommandRun run = CommandRun.of("provision", CommandLineUsageTest.MINIMAL);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString())
                .contains("Stack mwaa-provisioner deployed in")
                .contains("Created the source bucket s3://airflow-analytics-dev (versioned")
                .contains("Uploaded the request to s3://mwaa-provisioner-configbucket-")
                .containsPattern("ValidateRequest +request analytics-dev is valid: new network stack, new execution "
                        + "role, AWS owned key")
                .containsPattern("CreateNetworkStack +stack mwaa-analytics-dev-network CREATE_(IN_PROGRESS|COMPLETE).* \\(created\\)")
                .containsPattern("NetworkStack +stack mwaa-analytics-dev-network CREATE_COMPLETE: vpc-[0-9a-f]+, private subnets "
                        + "subnet-[0-9a-f]+ subnet-[0-9a-f]+, security group sg-")
                .containsPattern("CreateExecutionRole +role mwaa-analytics-dev-execution created")
                .containsPattern("CreateEnvironment +environment analytics-dev (CREATING|AVAILABLE).* \\(created\\)")
                .containsPattern("CheckEnvironment +environment analytics-dev AVAILABLE")
                .containsPattern("ReportSuccess +status s3://mwaa-provisioner-configbucket-[a-z0-9]+/status/analytics-dev.json")
                .contains("Environment analytics-dev is AVAILABLE after")
                .containsPattern("Webserver URL +[0-9a-f-]+\\.c[0-9]\\.us-east-1\\.airflow\\.amazonaws\\.com");
    }

    @Test
    void anInvalidRequestEndsTheWorkflowFailedWithExitCodeOneAndNamesTheField(@TempDir Path dir) throws IOException {
        Path request = Files.writeString(dir.resolve("typo.yaml"), """
                Name: typo-request
                SourceBucketArn: arn:aws:s3:::airflow-typo
                DagS3Path: dags
                MaxWorker: 4
                Network:
                  VpcCIDR: 10.1.0.0/16
                  PublicSubnet1CIDR: 10.1.10.0/24
                  PublicSubnet2CIDR: 10.1.11.0/24
                  PrivateSubnet1CIDR: 10.1.20.0/24
                  PrivateSubnet2CIDR: 10.1.21.0/24
                """);
        CommandRun run = CommandRun.of("provision", request.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as(run.toString())
                .doesNotContain("Created the source bucket")
                .containsPattern("ValidateRequest +failed: RequestValidationException")
                .contains("Provisioning FAILED", "MaxWorker: unknown key; did you mean MaxWorkers?")
                .containsPattern("Status +s3://mwaa-provisioner-configbucket-[a-z0-9]+/status/typo-request.json");
    }
}
