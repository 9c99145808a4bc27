package dev.mwaaprovisioner.local.cloud.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.InvalidAliasNameException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

class KmsServiceTest {

    LocalCloud cloud;
    KmsClient kms;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
        kms = TestClients.client(KmsClient.builder(), cloud);
    }

    @AfterEach
    void stop() {
        kms.close();
        cloud.close();
    }

    @Test
    void createKeyDescribesASymmetricCustomerKey() {
        Instant before = cloud.clock().now();
        KeyMetadata key = kms.createKey(r -> r.description("mwaa key")).keyMetadata();
        assertThat(key.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(key.arn()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/" + key.keyId());
        assertThat(key.awsAccountId()).isEqualTo("000000000000");
        assertThat(key.keyStateAsString()).isEqualTo("Enabled");
        assertThat(key.enabled()).isTrue();
        assertThat(key.description()).isEqualTo("mwaa key");
        assertThat(key.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(key.keyUsageAsString()).isEqualTo("ENCRYPT_DECRYPT");
        assertThat(key.keyManagerAsString()).isEqualTo("CUSTOMER");
        assertThat(key.originAsString()).isEqualTo("AWS_KMS");
        assertThat(key.multiRegion()).isFalse();
        assertThat(key.creationDate()).isBetween(before.minusSeconds(1), cloud.clock().now().plusSeconds(1));
    }

    @Test
    void aNewKeyHasTheRealDefaultKeyPolicy() throws Exception {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        var response = kms.getKeyPolicy(r -> r.keyId(keyId).policyName("default"));
        assertThat(response.policyName()).isEqualTo("default");
        JsonNode policy = Json.parse(response.policy());
        assertThat(policy.get("Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.get("Statement")).hasSize(1);
        JsonNode root = policy.get("Statement").get(0);
        assertThat(root.get("Sid").asText()).isEqualTo("Enable IAM User Permissions");
        assertThat(root.get("Effect").asText()).isEqualTo("Allow");
        assertThat(root.at("/Principal/AWS").asText()).isEqualTo("arn:aws:iam::000000000000:root");
        assertThat(root.get("Action").asText()).isEqualTo("kms:*");
        assertThat(root.get("Resource").asText()).isEqualTo("*");
        // The policy name is optional in newer clients; it defaults to "default".
        assertThat(kms.getKeyPolicy(r -> r.keyId(keyId)).policy()).isEqualTo(response.policy());
        assertThat(kms.listKeyPolicies(r -> r.keyId(keyId)).policyNames()).containsExactly("default");
    }

    @Test
    void describeKeyFindsAKeyByIdArnAliasAndAliasArn() {
        KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
        kms.createAlias(r -> r.aliasName("alias/mwaa").targetKeyId(key.keyId()));
        for (String ref : new String[] {key.keyId(), key.arn(), "alias/mwaa", "arn:aws:kms:us-east-1:000000000000:alias/mwaa"}) {
            assertThat(kms.describeKey(r -> r.keyId(ref)).keyMetadata().keyId()).as(ref).isEqualTo(key.keyId());
        }
        assertThatThrownBy(() -> kms.describeKey(r -> r.keyId("11111111-2222-3333-4444-555555555555")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("Key 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555' does not exist");
                });
        assertThatThrownBy(() -> kms.describeKey(r -> r.keyId("alias/none")))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Alias arn:aws:kms:us-east-1:000000000000:alias/none is not found."));
        // Keys are regional.
        try (KmsClient west = TestClients.client(KmsClient.builder(), cloud, Region.EU_WEST_1)) {
            assertThatThrownBy(() -> west.describeKey(r -> r.keyId(key.keyId()))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> west.describeKey(r -> r.keyId(key.arn()))).isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void putKeyPolicyReplacesThePolicyAndKeepsItAsSent() throws Exception {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        // Read, add the "Allow logs access" statement, write back: the workflow's read-modify-write.
        ObjectNode policy = (ObjectNode) Json.parse(kms.getKeyPolicy(r -> r.keyId(keyId)).policy());
        ObjectNode logs = ((ArrayNode) policy.get("Statement")).addObject();
        logs.put("Sid", "Allow logs access").put("Effect", "Allow");
        logs.putObject("Principal").put("Service", "logs.us-east-1.amazonaws.com");
        logs.putArray("Action").add("kms:Encrypt*").add("kms:Decrypt*").add("kms:ReEncrypt*").add("kms:GenerateDataKey*").add("kms:Describe*");
        logs.put("Resource", "*");
        logs.putObject("Condition").putObject("ArnLike").put("kms:EncryptionContext:aws:logs:arn", "arn:aws:logs:us-east-1:000000000000:*");
        String updated = Json.text(policy);
        kms.putKeyPolicy(r -> r.keyId(keyId).policyName("default").policy(updated));
        assertThat(kms.getKeyPolicy(r -> r.keyId(keyId)).policy()).isEqualTo(updated);
    }

    @Test
    void putKeyPolicyRefusesOtherPolicyNamesAndMalformedPolicies() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        String good = kms.getKeyPolicy(r -> r.keyId(keyId)).policy();
        assertThatThrownBy(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policyName("custom").policy(good)))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.awsErrorDetails().errorMessage()).contains("'default'"));
        assertThatThrownBy(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy("{\"Statement\": [")))
                .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicyDocumentException");
                });
        assertThatThrownBy(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy(
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}]}")))
                .isInstanceOfSatisfying(MalformedPolicyDocumentException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage()).contains("Missing required field Principal"));
        assertThat(kms.getKeyPolicy(r -> r.keyId(keyId)).policy()).isEqualTo(good);
        assertThatThrownBy(() -> kms.putKeyPolicy(r -> r.keyId("alias/none").policy(good))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theLockoutSafetyCheckRefusesAPolicyThatLocksTheAccountOut() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        String logsOnly = """
                {"Version":"2012-10-17","Statement":[{"Sid":"Allow logs access","Effect":"Allow",
                 "Principal":{"Service":"logs.us-east-1.amazonaws.com"},"Action":"kms:Encrypt*","Resource":"*"}]}""";
        assertThatThrownBy(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy(logsOnly)))
                .isInstanceOfSatisfying(MalformedPolicyDocumentException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The new key policy will not allow you to update the key policy in the future."));
        String rootDenied = """
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"kms:*","Resource":"*"},
                 {"Effect":"Deny","Principal":"*","Action":"kms:Put*","Resource":"*"}]}""";
        assertThatThrownBy(() -> kms.putKeyPolicy(r -> r.keyId(keyId).policy(rootDenied)))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        assertThatThrownBy(() -> kms.createKey(r -> r.policy(logsOnly))).isInstanceOf(MalformedPolicyDocumentException.class);

        // An administrator role of the account, or the account id as principal, keeps the key manageable.
        kms.putKeyPolicy(r -> r.keyId(keyId).policy("""
                {"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::000000000000:role/KeyAdmin"]},
                 "Action":["kms:PutKeyPolicy","kms:GetKeyPolicy"],"Resource":"*"}]}"""));
        kms.putKeyPolicy(r -> r.keyId(keyId).policy("""
                {"Statement":{"Effect":"Allow","Principal":{"AWS":"000000000000"},"Action":"kms:*","Resource":"*"}}"""));
        // The product never bypasses the check, but the API allows it.
        kms.putKeyPolicy(r -> r.keyId(keyId).policy(logsOnly).bypassPolicyLockoutSafetyCheck(true));
        assertThat(kms.getKeyPolicy(r -> r.keyId(keyId)).policy()).isEqualTo(logsOnly);
    }

    @Test
    void aliasesAreCreatedListedAndValidated() {
        String a = kms.createKey(r -> { }).keyMetadata().keyId();
        String b = kms.createKey(r -> { }).keyMetadata().keyId();
        kms.createAlias(r -> r.aliasName("alias/one").targetKeyId(a));
        kms.createAlias(r -> r.aliasName("alias/team/two").targetKeyId("arn:aws:kms:us-east-1:000000000000:key/" + b));
        assertThat(kms.listAliases(r -> { }).aliases())
                .extracting(AliasListEntry::aliasName, AliasListEntry::targetKeyId, AliasListEntry::aliasArn)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alias/one", a, "arn:aws:kms:us-east-1:000000000000:alias/one"),
                        org.assertj.core.groups.Tuple.tuple("alias/team/two", b, "arn:aws:kms:us-east-1:000000000000:alias/team/two"));
        assertThat(kms.listAliases(r -> r.keyId(b)).aliases()).extracting(AliasListEntry::aliasName).containsExactly("alias/team/two");
        assertThat(kms.listAliasesPaginator(r -> r.limit(1)).aliases().stream().count()).isEqualTo(2);

        assertThatThrownBy(() -> kms.createAlias(r -> r.aliasName("alias/one").targetKeyId(b)))
                .isInstanceOfSatisfying(AlreadyExistsException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("An alias with the name arn:aws:kms:us-east-1:000000000000:alias/one already exists"));
        assertThatThrownBy(() -> kms.createAlias(r -> r.aliasName("alias/aws/s3").targetKeyId(a)))
                .isInstanceOf(InvalidAliasNameException.class).hasMessageContaining("alias/aws/");
        assertThatThrownBy(() -> kms.createAlias(r -> r.aliasName("mwaa").targetKeyId(a)))
                .isInstanceOf(InvalidAliasNameException.class);
        assertThatThrownBy(() -> kms.createAlias(r -> r.aliasName("alias/three").targetKeyId("99999999-2222-3333-4444-555555555555")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void scheduleKeyDeletionPutsTheKeyInPendingDeletion() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        Instant now = cloud.clock().now();
        ScheduleKeyDeletionResponse scheduled = kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7));
        assertThat(scheduled.keyId()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/" + keyId);
        assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(scheduled.pendingWindowInDays()).isEqualTo(7);
        assertThat(scheduled.deletionDate()).isBetween(now.plus(Duration.ofDays(7)).minusSeconds(5), now.plus(Duration.ofDays(7)).plusSeconds(5));
        KeyMetadata key = kms.describeKey(r -> r.keyId(keyId)).keyMetadata();
        assertThat(key.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(key.enabled()).isFalse();
        assertThat(key.deletionDate()).isEqualTo(scheduled.deletionDate());

        assertThatThrownBy(() -> kms.scheduleKeyDeletion(r -> r.keyId(keyId)))
                .isInstanceOfSatisfying(KmsInvalidStateException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo(scheduled.keyId() + " is pending deletion."));
        assertThatThrownBy(() -> kms.createAlias(r -> r.aliasName("alias/late").targetKeyId(keyId)))
                .isInstanceOf(KmsInvalidStateException.class);

        kms.cancelKeyDeletion(r -> r.keyId(keyId));
        assertThat(kms.describeKey(r -> r.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.DISABLED);
    }

    @Test
    void thePendingWindowMustBeSevenToThirtyDays() {
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        for (int days : new int[] {6, 31}) {
            assertThatThrownBy(() -> kms.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(days)))
                    .isInstanceOfSatisfying(KmsException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("'" + days + "'").contains("pendingWindowInDays");
                    });
        }
        assertThat(kms.scheduleKeyDeletion(r -> r.keyId(keyId)).pendingWindowInDays()).isEqualTo(30);
    }

    @Test
    void aKeyIsDeletedWhenItsPendingWindowHasPassedOnTheCloudsClock() throws Exception {
        // 7 simulated days take 0.6 s at this scale.
        try (LocalCloud fast = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(1_000_000));
             KmsClient client = TestClients.client(KmsClient.builder(), fast)) {
            String keyId = client.createKey(r -> { }).keyMetadata().keyId();
            client.createAlias(r -> r.aliasName("alias/doomed").targetKeyId(keyId));
            var deletion = client.scheduleKeyDeletion(r -> r.keyId(keyId).pendingWindowInDays(7)).deletionDate();
            fast.clock().sleepUntil(deletion.plusSeconds(1));
            assertThatThrownBy(() -> client.describeKey(r -> r.keyId(keyId))).isInstanceOf(NotFoundException.class);
            assertThat(client.listAliases(r -> { }).aliases()).isEmpty();
        }
    }

    @Test
    void multiRegionKeysHaveAnMrkIdAndAPrimaryConfiguration() {
        KeyMetadata key = kms.createKey(r -> r.multiRegion(true)).keyMetadata();
        assertThat(key.keyId()).matches("mrk-[0-9a-f]{32}");
        assertThat(key.multiRegion()).isTrue();
        assertThat(key.multiRegionConfiguration().multiRegionKeyTypeAsString()).isEqualTo("PRIMARY");
        assertThat(key.multiRegionConfiguration().primaryKey().region()).isEqualTo("us-east-1");
        assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().arn()).isEqualTo(key.arn());
    }

    @Test
    void whatIsNotEmulatedIsRefused() {
        assertThatThrownBy(() -> kms.createKey(r -> r.keySpec(KeySpec.RSA_2048).keyUsage("SIGN_VERIFY")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("not supported by the local cloud");
        String keyId = kms.createKey(r -> { }).keyMetadata().keyId();
        assertThatThrownBy(() -> kms.encrypt(r -> r.keyId(keyId).plaintext(software.amazon.awssdk.core.SdkBytes.fromUtf8String("x"))))
                .isInstanceOfSatisfying(KmsException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("KMS operation Encrypt is not supported by the local cloud");
                });
    }

    @Test
    void otherServicesReachTheStoreInProcess() {
        KeyMetadata key = kms.createKey(r -> { }).keyMetadata();
        assertThat(cloud.service(KmsStore.class).findKey("us-east-1", key.arn())).get().extracting(KmsKey::keyId).isEqualTo(key.keyId());
    }
}
