package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.KeyPolicyLock;
import dev.mwaaprovisioner.common.workflow.KeyPolicyState;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.functions.keypolicy.UpdateKeyPolicyHandler;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Concurrent edits of one key policy, through the real SDK against the local KMS and S3: many
 * environments sharing one customer-managed key are provisioned at once while other edits of the
 * same policy run, and no statement is lost. The read-modify-write without the lock, run the same
 * way, does lose statements: that is what the lock is for.
 */
class KeyPolicyConcurrencyTest {

    private static final int EDITORS = 8;

    private WorkflowCloud cloud;
    private KmsClient kms;
    private S3Client s3;
    private String keyArn;

    @BeforeEach
    void start() {
        cloud = new WorkflowCloud();
        kms = TestClients.client(KmsClient.builder(), cloud.cloud);
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud.cloud);
        s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        s3.putBucketVersioning(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        keyArn = kms.createKey(r -> r.description("shared by many environments")).keyMetadata().arn();
    }

    @AfterEach
    void stop() {
        kms.close();
        s3.close();
        cloud.close();
    }

    @Test
    void environmentsSharingAKeyProvisionedAtOnceLoseNoStatement() throws Exception {
        KeyPolicyLock lock = new KeyPolicyLock(s3, WorkflowCloud.CONFIG_BUCKET);
        List<Callable<Object>> edits = new ArrayList<>();
        for (int i = 0; i < EDITORS; i++) {
            // The step of one environment, through its own handler and clients, as in Lambda.
            ObjectNode event = WorkflowCloud.event("UpdateKeyPolicyFunction", "input.json");
            ((ObjectNode) event.path("Request")).put("Name", "shared-" + i).put("KmsKey", keyArn);
            var input = WorkflowCloud.as(event, UpdateKeyPolicyHandler.Input.class);
            edits.add(() -> new UpdateKeyPolicyHandler(cloud.environment()).handle(input));
            // Another edit of the same policy that holds the same lock (as update and removal do).
            String sid = "team-statement-" + i;
            edits.add(() -> lock.whileHolding(keyArn, sid, () -> addStatement(sid)));
        }
        List<Object> results = runAtOnce(edits);

        JsonNode policy = policy();
        List<String> sids = policy.path("Statement").findValuesAsText("Sid");
        assertThat(sids).as("every team statement survived").containsAll(
                java.util.stream.IntStream.range(0, EDITORS).mapToObj(i -> "team-statement-" + i).toList());
        assertThat(sids).filteredOn("Allow logs access"::equals).as("the logs statement, once").hasSize(1);
        assertThat(policy.toString()).as("the root statement that keeps the key manageable")
                .contains("arn:aws:iam::000000000000:root");
        assertThat(results).filteredOn(r -> r instanceof KeyPolicyState s && Boolean.TRUE.equals(s.changed()))
                .as("exactly one environment's step wrote the shared statement").hasSize(1);
        // The lock leaves nothing behind.
        assertThat(s3.listObjectsV2(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).prefix("locks/")).contents()).isEmpty();
    }

    @Test
    void withoutTheLockTheSameEditsLoseStatements() throws Exception {
        // The control: the same read-modify-write without the lock. If this ever stops losing
        // statements, the test above no longer proves the lock.
        int lost = 0;
        for (int round = 0; round < 5 && lost == 0; round++) {
            List<Callable<Object>> edits = new ArrayList<>();
            for (int i = 0; i < EDITORS; i++) {
                String sid = "unlocked-" + round + "-" + i;
                edits.add(() -> addStatement(sid));
            }
            runAtOnce(edits);
            List<String> sids = policy().path("Statement").findValuesAsText("Sid");
            for (int i = 0; i < EDITORS; i++) {
                if (!sids.contains("unlocked-" + round + "-" + i)) {
                    lost++;
                }
            }
        }
        assertThat(lost).as("statements lost by unlocked concurrent edits").isPositive();
    }

    private JsonNode policy() throws Exception {
        return WorkflowJson.MAPPER.readTree(kms.getKeyPolicy(r -> r.keyId(keyArn).policyName("default")).policy());
    }

    /** Read, add one statement, write back: the whole-policy replacement PutKeyPolicy forces. */
    private Object addStatement(String sid) {
        try {
            ObjectNode policy = (ObjectNode) policy();
            ObjectNode statement = ((ArrayNode) policy.path("Statement")).addObject();
            statement.put("Sid", sid).put("Effect", "Allow").put("Action", "kms:Decrypt").put("Resource", "*");
            statement.putObject("Principal").put("AWS", "arn:aws:iam::000000000000:role/" + sid);
            String text = WorkflowJson.MAPPER.writeValueAsString(policy);
            kms.putKeyPolicy(r -> r.keyId(keyArn).policyName("default").policy(text));
            return sid;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the tasks on their own threads, released together. */
    private static List<Object> runAtOnce(List<Callable<Object>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
