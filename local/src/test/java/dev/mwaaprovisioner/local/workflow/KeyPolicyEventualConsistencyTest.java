package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.KeyPolicyState;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.functions.keypolicy.UpdateKeyPolicyHandler;
import dev.mwaaprovisioner.functions.keypolicy.RemoveKeyPolicyStatementHandler;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * KMS is eventually consistent: a GetKeyPolicy right after PutKeyPolicy can answer the previous
 * policy for seconds. The key-policy steps trust the 200 of their write and never call a stale
 * read a conflict. The local KMS answers stale reads on the kms:key-policy STALE_READ fault.
 */
class KeyPolicyEventualConsistencyTest {

    private WorkflowCloud cloud;
    private KmsClient kms;
    private String keyArn;
    private String keyId;

    @BeforeEach
    void start() {
        cloud = new WorkflowCloud();
        kms = TestClients.client(KmsClient.builder(), cloud.cloud);
        try (S3Client s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud.cloud)) {
            s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        }
        var key = kms.createKey(r -> r.description("eventually consistent")).keyMetadata();
        keyArn = key.arn();
        keyId = key.keyId();
    }

    @AfterEach
    void stop() {
        kms.close();
        cloud.close();
    }

    private String policy() {
        return kms.getKeyPolicy(r -> r.keyId(keyArn).policyName("default")).policy();
    }

    @Test
    void theLocalKmsAnswersThePreviousPolicyOnAStaleRead() {
        String before = policy();
        String after = before.replace("\"Statement\"", "\"Id\":\"changed\",\"Statement\"");
        kms.putKeyPolicy(r -> r.keyId(keyArn).policyName("default").policy(after));
        cloud.cloud.faults().failResource("kms:key-policy", keyId, "STALE_READ", Map.of(), 1);
        assertThat(policy()).as("the stale read").isEqualTo(before);
        assertThat(policy()).as("then the write shows").contains("\"changed\"");
    }

    @Test
    void addingTheStatementTrustsTheWriteWhenReadsLag() {
        ObjectNode event = WorkflowCloud.event("UpdateKeyPolicyFunction", "input.json");
        ((ObjectNode) event.path("Request")).put("KmsKey", keyArn);
        // Every read for a while answers the policy from before the write.
        cloud.cloud.faults().failResource("kms:key-policy", keyId, "STALE_READ", Map.of(), 10);

        KeyPolicyState state = new UpdateKeyPolicyHandler(cloud.environment())
                .handle(WorkflowCloud.as(event, UpdateKeyPolicyHandler.Input.class));

        assertThat(state.changed()).isTrue();
        cloud.cloud.faults().clear();
        assertThat(policy()).contains("Allow logs access");
    }

    @Test
    void removingTheStatementTrustsTheWriteWhenReadsLag() {
        ObjectNode event = WorkflowCloud.event("UpdateKeyPolicyFunction", "input.json");
        ((ObjectNode) event.path("Request")).put("KmsKey", keyArn);
        new UpdateKeyPolicyHandler(cloud.environment()).handle(WorkflowCloud.as(event, UpdateKeyPolicyHandler.Input.class));
        assertThat(policy()).contains("Allow logs access");

        ObjectNode removal = WorkflowCloud.event("RemoveKeyPolicyStatementFunction", "input.json");
        for (var item : (ArrayNode) removal.path("Removal").path("Items")) {
            if (item.path("Kind").asText().equals(RemovalState.KEY_POLICY_STATEMENT)) {
                ((ObjectNode) item).put("Name", keyArn);
            }
        }
        cloud.cloud.faults().failResource("kms:key-policy", keyId, "STALE_READ", Map.of(), 10);
        RemovalState state = new RemoveKeyPolicyStatementHandler(cloud.environment())
                .handle(WorkflowCloud.as(removal, RemoveKeyPolicyStatementHandler.Input.class));

        assertThat(state.items()).filteredOn(i -> i.kind().equals(RemovalState.KEY_POLICY_STATEMENT))
                .singleElement().satisfies(i -> assertThat(i.status()).isEqualTo(RemovalState.REMOVED));
        cloud.cloud.faults().clear();
        assertThat(policy()).doesNotContain("Allow logs access");
    }
}
