package dev.mwaaprovisioner.common.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamesAndArnsTest {

    @Test
    void partitionOfRegion() {
        assertThat(Partition.forRegion("us-east-1")).isEqualTo(Partition.AWS);
        assertThat(Partition.forRegion("ap-southeast-7")).isEqualTo(Partition.AWS);
        assertThat(Partition.forRegion("cn-northwest-1")).isEqualTo(Partition.AWS_CN);
        assertThat(Partition.forRegion("us-gov-east-1")).isEqualTo(Partition.AWS_US_GOV);
        assertThat(Partition.AWS_CN.dnsSuffix()).isEqualTo("amazonaws.com.cn");
        assertThat(Partition.AWS_US_GOV.dnsSuffix()).isEqualTo("amazonaws.com");
        assertThat(Partition.AWS.serviceHost("sqs", "eu-west-1")).isEqualTo("sqs.eu-west-1.amazonaws.com");
        assertThat(Partition.fromId("aws-us-gov")).isEqualTo(Partition.AWS_US_GOV);
        assertThatThrownBy(() -> Partition.forRegion("us-iso-east-1")).hasMessageContaining("isolated AWS partition");
        assertThatThrownBy(() -> Partition.forRegion("Us-East-1")).hasMessageStartingWith("region: 'Us-East-1'");
        assertThatThrownBy(() -> Partition.fromId("aws-iso")).hasMessageStartingWith("partition: 'aws-iso'");
    }

    @Test
    void scopeRefusesAPartitionThatDoesNotHoldItsRegion() {
        assertThatThrownBy(() -> new EnvironmentScope(Partition.AWS, "cn-north-1", "111122223333", "env"))
                .hasMessageContaining("'aws' does not contain the Region 'cn-north-1', which is in 'aws-cn'");
        assertThatThrownBy(() -> new EnvironmentScope(null, "us-east-1", "111122223333", "env"))
                .hasMessageStartingWith("partition: (missing)");
    }

    @Test
    void arns() {
        EnvironmentScope scope = EnvironmentScope.of("eu-west-1", "111122223333", "Sales_1");
        assertThat(Arns.airflowEnvironment(scope)).isEqualTo("arn:aws:airflow:eu-west-1:111122223333:environment/Sales_1");
        assertThat(Arns.environmentLogGroups(scope))
                .isEqualTo("arn:aws:logs:eu-west-1:111122223333:log-group:airflow-Sales_1-*");
        assertThat(Arns.celeryQueues(Partition.AWS, "eu-west-1")).isEqualTo("arn:aws:sqs:eu-west-1:*:airflow-celery-*");
        assertThat(Arns.kmsKeysOfAccount(Partition.AWS, "111122223333")).isEqualTo("arn:aws:kms:*:111122223333:key/*");
        assertThat(Arns.logsInAccount(Partition.AWS_CN, "cn-north-1", "111122223333"))
                .isEqualTo("arn:aws-cn:logs:cn-north-1:111122223333:*");
        assertThat(Arns.s3Bucket(Partition.AWS, "my.bucket-1")).isEqualTo("arn:aws:s3:::my.bucket-1");
        assertThat(Arns.s3Objects(Partition.AWS, "my.bucket-1")).isEqualTo("arn:aws:s3:::my.bucket-1/*");
        assertThat(Arns.iamRole(Partition.AWS, "111122223333", "mwaa-x-execution"))
                .isEqualTo("arn:aws:iam::111122223333:role/mwaa-x-execution");
        assertThat(Arns.kmsKey(Partition.AWS, "eu-west-1", "111122223333", "1234abcd-12ab-34cd-56ef-1234567890ab"))
                .hasToString("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThatThrownBy(() -> Arns.iamRole(Partition.AWS, "111122223333", "role/../admin"))
                .hasMessageStartingWith("role name: 'role/../admin'");
    }

    @Test
    void bucketArns() {
        BucketArn arn = BucketArn.parse("arn:aws-cn:s3:::airflow-analytics-dev");
        assertThat(arn.partition()).isEqualTo(Partition.AWS_CN);
        assertThat(arn.bucketName()).isEqualTo("airflow-analytics-dev");
        assertThat(arn).hasToString("arn:aws-cn:s3:::airflow-analytics-dev");
        for (String bad : new String[] {"arn:aws:s3:::bucket/", "arn:aws:s3:::bucket/key", "arn:aws:s3::1:bucket",
            "s3://bucket", "arn:aws:s3:::Bucket", "arn:aws:s3:::a", "arn:aws:s3:::bucket*", null}) {
            assertThatThrownBy(() -> BucketArn.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("bucket");
        }
        assertThatThrownBy(() -> BucketArn.parse("arn:aws-iso:s3:::bucket")).hasMessageStartingWith("partition:");
        assertThatThrownBy(() -> AwsIdentifiers.requireBucketName("192.168.1.1")).hasMessageStartingWith("bucket name:");
        assertThatThrownBy(() -> AwsIdentifiers.requireBucketName("a..b")).hasMessageStartingWith("bucket name:");
    }

    @Test
    void kmsKeyArns() {
        KmsKeyArn key = KmsKeyArn.parse("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(key.region()).isEqualTo("us-east-1");
        assertThat(key.accountId()).isEqualTo("111122223333");
        assertThat(key.keyId()).isEqualTo("1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThatThrownBy(() -> KmsKeyArn.parse("arn:aws:kms:us-east-1:111122223333:alias/mine"))
                .hasMessageContaining("alias ARN");
        assertThatThrownBy(() -> KmsKeyArn.parse(
                "arn:aws:kms:us-east-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"))
                .hasMessageContaining("multi-Region key");
        assertThatThrownBy(() -> KmsKeyArn.parse("arn:aws:kms:us-east-1:111122223333:key/*"))
                .hasMessageStartingWith("KMS key ID: '*'");
        assertThatThrownBy(() -> KmsKeyArn.parse("arn:aws:kms:cn-north-1:111122223333:key/"
                + "1234abcd-12ab-34cd-56ef-1234567890ab")).hasMessageContaining("not in the partition 'aws'");
        assertThatThrownBy(() -> KmsKeyArn.parse("1234abcd-12ab-34cd-56ef-1234567890ab"))
                .hasMessageContaining("is not a KMS key ARN");
    }

    @Test
    void derivedNames() {
        assertThat(DerivedNames.networkStackName("analytics-dev")).isEqualTo("mwaa-analytics-dev-network");
        assertThat(DerivedNames.executionRoleName("analytics-dev")).isEqualTo("mwaa-analytics-dev-execution");
        assertThat(DerivedNames.executionPolicyName("analytics-dev")).isEqualTo("mwaa-analytics-dev-execution-policy");
        assertThat(DerivedNames.statusKey("analytics-dev")).isEqualTo("status/analytics-dev.json");
        assertThatThrownBy(() -> DerivedNames.statusKey("../x")).hasMessageStartingWith("environment name: '../x'");
    }

    @Test
    void stackNamesOfNamesWithUnderscoresStayDistinct() {
        String underscored = DerivedNames.networkStackName("my_env");
        String hyphenated = DerivedNames.networkStackName("my-env");
        assertThat(hyphenated).isEqualTo("mwaa-my-env-network");
        assertThat(underscored).matches("mwaa-my-env-[0-9a-f]{8}-network").isNotEqualTo(hyphenated);
        // CloudFormation's stack name rule.
        String longest = DerivedNames.networkStackName("a_" + "b".repeat(78));
        assertThat(longest).matches("[a-zA-Z][-a-zA-Z0-9]*").hasSizeLessThanOrEqualTo(128);
        assertThat(DerivedNames.networkStackName("a_b")).isEqualTo(DerivedNames.networkStackName("a_b"));
    }

    @Test
    void roleNamesFitIamsLimitAndStayDistinct() {
        String name80 = "e" + "x".repeat(79);
        String other80 = "e" + "x".repeat(78) + "y";
        String role = DerivedNames.executionRoleName(name80);
        assertThat(role).hasSize(64).startsWith("mwaa-" + name80.substring(0, 40) + "-").endsWith("-execution")
                .matches("[\\w+=,.@-]+");
        assertThat(DerivedNames.executionRoleName(other80)).hasSize(64).isNotEqualTo(role);
        // The longest name that still fits is used as it is.
        String name49 = "n".repeat(49);
        assertThat(DerivedNames.executionRoleName(name49)).isEqualTo("mwaa-" + name49 + "-execution").hasSize(64);
        assertThat(DerivedNames.executionRoleName(name49 + "n")).hasSize(64).contains("-" + DerivedNames.hash(name49 + "n"));
        assertThat(DerivedNames.executionPolicyName(name80)).hasSizeLessThanOrEqualTo(128);
    }
}
