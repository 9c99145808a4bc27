package dev.mwaaprovisioner.common.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyPolicyLogsAccessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A key policy as KMS creates it by default, plus one statement an administrator added. */
    private static final String DEFAULT_POLICY = """
            {
              "Version": "2012-10-17",
              "Id": "key-default-1",
              "Statement": [
                {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
                {"Sid": "AllowBackup", "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::111122223333:role/backup"},
                 "Action": ["kms:Decrypt"], "Resource": "*",
                 "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600.50}}}
              ]
            }
            """;

    /** The reference statement with its placeholders filled for us-east-1 and 111122223333. */
    private static final String REFERENCE_STATEMENT = """
            {
              "Sid": "Allow logs access",
              "Effect": "Allow",
              "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
              "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
              "Resource": "*",
              "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:111122223333:*"}}
            }
            """;

    @Test
    void statementIsTheReferenceOne() throws Exception {
        assertThat(KeyPolicyLogsAccess.statement(Partition.AWS, "us-east-1", "111122223333"))
                .isEqualTo(JSON.readTree(REFERENCE_STATEMENT));
        String china = PolicyJson.compact(KeyPolicyLogsAccess.statement(Partition.AWS_CN, "cn-north-1", "111122223333"));
        assertThat(china).contains("logs.cn-north-1.amazonaws.com.cn").contains("arn:aws-cn:logs:cn-north-1:111122223333:*");
    }

    @Test
    void upsertAppendsTheStatementAndKeepsEverythingElseInOrder() throws Exception {
        String merged = KeyPolicyLogsAccess.upsert(DEFAULT_POLICY, Partition.AWS, "us-east-1", "111122223333");
        JsonNode before = JSON.readTree(DEFAULT_POLICY);
        JsonNode after = JSON.readTree(merged);
        assertThat(fieldNames(after)).containsExactly("Version", "Id", "Statement");
        assertThat(after.get("Id")).isEqualTo(before.get("Id"));
        assertThat(after.get("Statement")).hasSize(3);
        assertThat(after.get("Statement").get(0)).isEqualTo(before.get("Statement").get(0));
        assertThat(after.get("Statement").get(1)).isEqualTo(before.get("Statement").get(1));
        assertThat(after.get("Statement").get(2)).isEqualTo(JSON.readTree(REFERENCE_STATEMENT));
        // Numbers come back exactly as they were written.
        assertThat(merged).contains("3600.50");
        assertThat(KeyPolicyLogsAccess.isPresent(merged, Partition.AWS, "us-east-1", "111122223333")).isTrue();
        assertThat(KeyPolicyLogsAccess.isPresent(DEFAULT_POLICY, Partition.AWS, "us-east-1", "111122223333")).isFalse();
    }

    @Test
    void upsertIsIdempotent() {
        String once = KeyPolicyLogsAccess.upsert(DEFAULT_POLICY, Partition.AWS, "us-east-1", "111122223333");
        String twice = KeyPolicyLogsAccess.upsert(once, Partition.AWS, "us-east-1", "111122223333");
        assertThat(twice).isEqualTo(once);
    }

    @Test
    void upsertReplacesAStaleStatementInPlaceAndDropsDuplicates() throws Exception {
        String stale = """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Allow logs access", "Effect": "Allow", "Principal": {"Service": "logs.eu-west-1.amazonaws.com"},
                   "Action": "kms:Encrypt*", "Resource": "*"},
                  {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
                  {"Sid": "Allow logs access", "Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"},
                   "Action": "kms:*", "Resource": "*"}
                ]}
                """;
        assertThat(KeyPolicyLogsAccess.isPresent(stale, Partition.AWS, "us-east-1", "111122223333")).isFalse();
        JsonNode after = JSON.readTree(KeyPolicyLogsAccess.upsert(stale, Partition.AWS, "us-east-1", "111122223333"));
        assertThat(after.get("Statement")).hasSize(2);
        assertThat(after.get("Statement").get(0)).isEqualTo(JSON.readTree(REFERENCE_STATEMENT));
        assertThat(after.get("Statement").get(1).get("Sid").asText()).isEqualTo("Enable IAM User Permissions");
    }

    @Test
    void aSingleStatementObjectIsAcceptedAsTheGrammarAllows() throws Exception {
        String single = """
                {"Version": "2012-10-17", "Statement":
                  {"Sid": "Root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                   "Action": "kms:*", "Resource": "*"}}
                """;
        JsonNode after = JSON.readTree(KeyPolicyLogsAccess.upsert(single, Partition.AWS, "us-east-1", "111122223333"));
        assertThat(after.get("Statement")).hasSize(2);
        assertThat(after.get("Statement").get(0).get("Sid").asText()).isEqualTo("Root");
    }

    @Test
    void removeDropsOnlyOurStatement() throws Exception {
        String merged = KeyPolicyLogsAccess.upsert(DEFAULT_POLICY, Partition.AWS, "us-east-1", "111122223333");
        JsonNode removed = JSON.readTree(KeyPolicyLogsAccess.remove(merged));
        assertThat(removed).isEqualTo(JSON.readTree(DEFAULT_POLICY));
        assertThat(JSON.readTree(KeyPolicyLogsAccess.remove(DEFAULT_POLICY))).isEqualTo(JSON.readTree(DEFAULT_POLICY));
    }

    @Test
    void removeRefusesToLeaveAnEmptyPolicy() {
        String onlyOurs = "{\"Version\": \"2012-10-17\", \"Statement\": [" + REFERENCE_STATEMENT + "]}";
        assertThatThrownBy(() -> KeyPolicyLogsAccess.remove(onlyOurs))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("would leave no statement");
    }

    @Test
    void refusesDocumentsThatAreNotPolicies() {
        assertBadPolicy("", "the policy is empty");
        assertBadPolicy("{\"Statement\": [", "not valid JSON (line 1");
        assertBadPolicy("[]", "must be a JSON object with a Statement list, but it is array");
        assertBadPolicy("\"text\"", "but it is string");
        assertBadPolicy("{\"Version\": \"2012-10-17\"}", "has no Statement");
        assertBadPolicy("{\"Statement\": \"Allow\"}", "a Statement that is not a list");
        assertBadPolicy("{\"Statement\": [{\"Sid\": \"a\"}, 42]}", "Statement[1] is not a JSON object");
        assertBadPolicy("{\"Statement\": [], \"Statement\": []}", "Duplicate field 'Statement'");
    }

    private static void assertBadPolicy(String policy, String message) {
        assertThatThrownBy(() -> KeyPolicyLogsAccess.upsert(policy, Partition.AWS, "us-east-1", "111122223333"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("key policy: ")
                .hasMessageContaining(message);
        assertThatThrownBy(() -> KeyPolicyLogsAccess.remove(policy))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesBadStatementValues() {
        assertThatThrownBy(() -> KeyPolicyLogsAccess.statement(Partition.AWS, "us-east-1", "1111"))
                .hasMessageStartingWith("account ID: '1111'");
        assertThatThrownBy(() -> KeyPolicyLogsAccess.statement(Partition.AWS, "*", "111122223333"))
                .hasMessageStartingWith("region: '*'");
        assertThatThrownBy(() -> KeyPolicyLogsAccess.statement(null, "us-east-1", "111122223333"))
                .hasMessageStartingWith("partition: (missing)");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
