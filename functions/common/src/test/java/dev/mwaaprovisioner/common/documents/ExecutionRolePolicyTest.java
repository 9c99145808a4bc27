package dev.mwaaprovisioner.common.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The execution-role documents, statement by statement, against the original reference with its
 * placeholders filled in for: partition aws, Region us-east-1, account 111122223333, environment
 * analytics-dev, bucket airflow-analytics-dev, key 1234abcd-12ab-34cd-56ef-1234567890ab.
 */
class ExecutionRolePolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EnvironmentScope SCOPE = EnvironmentScope.of("us-east-1", "111122223333", "analytics-dev");
    private static final String BUCKET = "airflow-analytics-dev";
    private static final KmsKeyArn KEY =
            KmsKeyArn.parse("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");

    /** The statements both reference variants share, placeholders filled (including {{region}} etc.). */
    private static final String REFERENCE_COMMON = """
            [
              {"Effect": "Allow", "Action": "airflow:PublishMetrics",
               "Resource": "arn:aws:airflow:us-east-1:111122223333:environment/analytics-dev"},
              {"Effect": "Deny", "Action": "s3:ListAllMyBuckets",
               "Resource": ["arn:aws:s3:::airflow-analytics-dev", "arn:aws:s3:::airflow-analytics-dev/*"]},
              {"Effect": "Allow", "Action": ["s3:GetObject*", "s3:GetBucket*", "s3:List*"],
               "Resource": ["arn:aws:s3:::airflow-analytics-dev", "arn:aws:s3:::airflow-analytics-dev/*"]},
              {"Effect": "Allow",
               "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents", "logs:GetLogEvents",
                          "logs:GetLogRecord", "logs:GetLogGroupFields", "logs:GetQueryResults"],
               "Resource": "arn:aws:logs:us-east-1:111122223333:log-group:airflow-analytics-dev-*"},
              {"Effect": "Allow", "Action": "logs:DescribeLogGroups", "Resource": "*"},
              {"Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*"},
              {"Effect": "Allow",
               "Action": ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                          "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage"],
               "Resource": "arn:aws:sqs:us-east-1:*:airflow-celery-*"}
            ]
            """;

    private static final String REFERENCE_OWNED_KEY_KMS = """
            {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"],
             "NotResource": "arn:aws:kms:*:111122223333:key/*",
             "Condition": {"StringLike": {"kms:ViaService": "sqs.us-east-1.amazonaws.com"}}}
            """;

    private static final String REFERENCE_CMK_KMS = """
            {"Effect": "Allow", "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"],
             "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
             "Condition": {"StringLike": {"kms:ViaService": ["sqs.us-east-1.amazonaws.com",
                                                             "s3.us-east-1.amazonaws.com"]}}}
            """;

    @Test
    void awsOwnedKeyVariantIsTheReferenceWithItsDefectsFixed() throws Exception {
        ObjectNode policy = ExecutionRolePolicy.forAwsOwnedKey(SCOPE, BUCKET);
        assertMatchesReference(policy, REFERENCE_OWNED_KEY_KMS);
    }

    @Test
    void customerManagedKeyVariantIsTheReferenceWithItsDefectsFixed() throws Exception {
        ObjectNode policy = ExecutionRolePolicy.forCustomerManagedKey(SCOPE, BUCKET, KEY);
        assertMatchesReference(policy, REFERENCE_CMK_KMS);
    }

    private static void assertMatchesReference(ObjectNode policy, String referenceKms) throws Exception {
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        List<JsonNode> expected = new ArrayList<>();
        JSON.readTree(REFERENCE_COMMON).forEach(expected::add);
        expected.add(JSON.readTree(referenceKms));
        // Intended differences: the Deny applies to "*" (bucket ARNs never match this action) ...
        ((ObjectNode) expected.get(1)).put("Resource", "*");
        // ... and the account's public access block may be read (CreateEnvironment checks it).
        expected.add(3, JSON.readTree(
                "{\"Effect\": \"Allow\", \"Action\": \"s3:GetAccountPublicAccessBlock\", \"Resource\": \"*\"}"));

        ArrayNode statements = (ArrayNode) policy.get("Statement");
        assertThat(statements).hasSize(expected.size());
        List<String> sids = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            ObjectNode actual = ((ObjectNode) statements.get(i)).deepCopy();
            String sid = actual.remove("Sid").asText();
            assertThat(sid).as("Sid of statement %d", i).matches("[A-Za-z0-9]+");
            sids.add(sid);
            assertThat(actual).as("statement %d (%s)", i, sid).isEqualTo(expected.get(i));
        }
        assertThat(sids).doesNotHaveDuplicates();
        // No placeholder, in either the {your-region} or the {{region}} style, is left in any value.
        assertThat(textValues(policy)).isNotEmpty().noneMatch(v -> v.contains("{") || v.contains("}"));
        assertThat(JSON.readTree(PolicyJson.compact(policy))).isEqualTo(policy);
    }

    private static List<String> textValues(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        }
        node.forEach(child -> values.addAll(textValues(child)));
        return values;
    }

    @Test
    void everyArnCarriesThePartitionOfTheRegion() {
        EnvironmentScope china = EnvironmentScope.of("cn-north-1", "111122223333", "analytics-dev");
        String owned = PolicyJson.compact(ExecutionRolePolicy.forAwsOwnedKey(china, BUCKET));
        assertThat(owned).doesNotContain("arn:aws:")
                .contains("arn:aws-cn:airflow:cn-north-1:111122223333:environment/analytics-dev")
                .contains("arn:aws-cn:s3:::airflow-analytics-dev/*")
                .contains("arn:aws-cn:logs:cn-north-1:111122223333:log-group:airflow-analytics-dev-*")
                .contains("arn:aws-cn:sqs:cn-north-1:*:airflow-celery-*")
                .contains("arn:aws-cn:kms:*:111122223333:key/*")
                .contains("sqs.cn-north-1.amazonaws.com.cn");

        EnvironmentScope gov = EnvironmentScope.of("us-gov-west-1", "111122223333", "analytics-dev");
        KmsKeyArn govKey = KmsKeyArn.parse(
                "arn:aws-us-gov:kms:us-gov-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        String cmk = PolicyJson.compact(ExecutionRolePolicy.forCustomerManagedKey(gov, BUCKET, govKey));
        assertThat(cmk).doesNotContain("arn:aws:")
                .contains("\"arn:aws-us-gov:kms:us-gov-west-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab\"")
                .contains("sqs.us-gov-west-1.amazonaws.com").contains("s3.us-gov-west-1.amazonaws.com");
    }

    @Test
    void refusesAKeyOutsideTheEnvironmentsRegion() {
        KmsKeyArn elsewhere = KmsKeyArn.parse(
                "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThatThrownBy(() -> ExecutionRolePolicy.forCustomerManagedKey(SCOPE, BUCKET, elsewhere))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aws/eu-west-1")
                .hasMessageContaining("aws/us-east-1");
        assertThatThrownBy(() -> ExecutionRolePolicy.forCustomerManagedKey(SCOPE, BUCKET, null))
                .hasMessageContaining("KMS key ARN: (missing)");
    }

    @Test
    void refusesValuesThatWouldWidenAnArn() {
        assertThatThrownBy(() -> ExecutionRolePolicy.forAwsOwnedKey(SCOPE, "airflow-*"))
                .hasMessageStartingWith("bucket name: 'airflow-*' is not an S3 bucket name");
        assertThatThrownBy(() -> ExecutionRolePolicy.forAwsOwnedKey(SCOPE, "bucket/*"))
                .hasMessageStartingWith("bucket name: 'bucket/*'");
        assertThatThrownBy(() -> EnvironmentScope.of("us-east-1", "111122223333", "env*"))
                .hasMessageStartingWith("environment name: 'env*'");
        assertThatThrownBy(() -> EnvironmentScope.of("us-east-1", "*", "env"))
                .hasMessageStartingWith("account ID: '*'");
        assertThatThrownBy(() -> EnvironmentScope.of("us-east-1:*", "111122223333", "env"))
                .hasMessageStartingWith("region: 'us-east-1:*'");
        assertThatThrownBy(() -> ExecutionRolePolicy.forAwsOwnedKey(null, BUCKET))
                .hasMessageContaining("environment scope");
    }

    @Test
    void trustPolicyLetsOnlyMwaaAssumeTheRoleForThisEnvironment() throws Exception {
        ObjectNode trust = ExecutionRoleTrustPolicy.forEnvironment(SCOPE);
        JsonNode expected = JSON.readTree("""
                {"Version": "2012-10-17",
                 "Statement": [{
                   "Sid": "AllowMwaaToAssumeForThisEnvironment",
                   "Effect": "Allow",
                   "Principal": {"Service": ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]},
                   "Action": "sts:AssumeRole",
                   "Condition": {
                     "ArnLike": {"aws:SourceArn": "arn:aws:airflow:us-east-1:111122223333:environment/analytics-dev"},
                     "StringEquals": {"aws:SourceAccount": "111122223333"}}}]}
                """);
        assertThat(trust).isEqualTo(expected);
    }
}
