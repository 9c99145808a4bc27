package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.AwsCli;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Removal through the application deployed from the checkout, driven as users drive it: a request
 * file uploaded, provisioned, then deleted with the AWS CLI ({@code aws s3 rm} with
 * {@code DeletionPolicy: Delete}, {@code aws s3api delete-object} with the default Retain), and a
 * {@code Deprovision Environment} event put with the AWS CLI. The deployed EventBridge rules start
 * the removal; what the provisioner created goes, what the request brought stays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemovalEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    LocalApplication app;
    ExampleWorld world;
    S3Client s3;
    MwaaClient mwaa;
    IamClient iam;
    KmsClient kms;
    CloudFormationClient cfn;
    AwsCli aws;
    /** Executions by what started them: "<detail-type> <key or Name>", in start order. */
    final Map<String, List<Execution>> started = new ConcurrentHashMap<>();
    AutoCloseable watch;

    @BeforeAll
    void deploy() {
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")), LocalApplication.config().withTimeScale(2000));
        world = new ExampleWorld(app.cloud());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
        mwaa = TestClients.client(MwaaClient.builder(), app.cloud());
        iam = TestClients.client(IamClient.builder(), app.cloud());
        kms = TestClients.client(KmsClient.builder(), app.cloud());
        cfn = TestClients.client(CloudFormationClient.builder(), app.cloud());
        aws = AwsCli.on(app.cloud());
        watch = app.cloud().service(StateMachines.class).onExecutionStarted(execution -> {
            JsonNode input = execution.input();
            String what = input.path("detail").path("object").path("key").asText(
                    input.path("detail").path("Name").asText(input.path("detail").path("RequestCopy").path("Name").asText()));
            started.computeIfAbsent(input.path("detail-type").asText() + " " + what, k -> new CopyOnWriteArrayList<>())
                    .add(execution);
        });
    }

    @AfterAll
    void stop() throws Exception {
        watch.close();
        for (AutoCloseable client : List.of(s3, mwaa, iam, kms, cfn)) {
            client.close();
        }
        app.close();
    }

    @Test
    void aRequestFileRemovedWithTheAwsCliTakesWhatTheProvisionerCreatedWithIt() throws Exception {
        ExampleWorld.Prepared request = prepared("customer-managed-key.yaml", "-rm", "Delete");
        String key = provision(request);
        assertThat(activeStacks()).contains("mwaa-" + request.name() + "-network");
        // A refused edit replaces the status document with FAILED; what to remove comes from the claim.
        ObjectNode edited = (ObjectNode) JSON.readTree(request.json());
        ((ObjectNode) edited.path("Network")).put("VpcCIDR", "172.21.0.0/16");
        s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromBytes(JSON.writeValueAsBytes(edited)));
        assertThat(finished("Object Created " + key, 2).status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(status(request.name()).path("State").asText()).isEqualTo("FAILED");

        aws.run("s3", "rm", "s3://" + app.configBucket() + "/" + key).ok();
        Execution removal = finished("Object Deleted " + key, 1);
        assertThat(removal.status()).as(removal.error() + " " + removal.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(mwaa.listEnvironments(r -> { }).environments()).doesNotContain(request.name());
        assertThat(iam.listRoles().roles()).extracting(Role::roleName).doesNotContain("mwaa-" + request.name() + "-execution");
        assertThat(activeStacks()).doesNotContain("mwaa-" + request.name() + "-network");
        JsonNode keyPolicy = JSON.readTree(kms.getKeyPolicy(r -> r.keyId(request.keyArn()).policyName("default")).policy());
        assertThat(keyPolicy.path("Statement").findValuesAsText("Sid")).doesNotContain("Allow logs access").isNotEmpty();
        assertThat(kms.describeKey(r -> r.keyId(request.keyArn())).keyMetadata().keyStateAsString()).isEqualTo("Enabled");
        assertThat(status(request.name()).path("State").asText()).isEqualTo("DEPROVISIONED");

        // The removal released the Name: another file may take it now.
        assertThat(claimed(request.name())).isFalse();
        String other = "requests/" + request.name() + "-moved.json";
        s3.putObject(r -> r.bucket(app.configBucket()).key(other), RequestBody.fromBytes(request.json()));
        Execution again = finished("Object Created " + other, 1);
        assertThat(again.status()).as(again.error() + " " + again.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(status(request.name()).path("Source").path("Uri").asText()).endsWith(other);
    }

    @Test
    void withTheDefaultRetainAnObjectDeletedWithTheAwsCliKeepsTheEnvironment() throws Exception {
        ExampleWorld.Prepared request = prepared("existing-network.yaml", "-retain", null);
        String key = provision(request);

        aws.run("s3api", "delete-object", "--bucket", app.configBucket(), "--key", key).ok();
        Execution removal = finished("Object Deleted " + key, 1);
        assertThat(removal.status()).as(removal.error() + " " + removal.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(mwaa.getEnvironment(r -> r.name(request.name())).environment().statusAsString()).isEqualTo("AVAILABLE");
        assertThat(iam.getRole(r -> r.roleName("mwaa-" + request.name() + "-execution")).role()).isNotNull();
        JsonNode status = status(request.name());
        assertThat(status.path("State").asText()).isEqualTo("RETAINED");
        assertThat(status.path("Removal").path("Note").asText()).contains("Retain");
        // Forgotten: the Name is free, so the same file may come back under another Name (no rename).
        assertThat(claimed(request.name())).isFalse();
        ObjectNode renamed = (ObjectNode) JSON.readTree(request.json());
        renamed.put("Name", request.name() + "-2");
        s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromBytes(JSON.writeValueAsBytes(renamed)));
        Execution again = finished("Object Created " + key, 2);
        assertThat(again.status()).as(again.error() + " " + again.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(mwaa.listEnvironments(r -> { }).environments()).contains(request.name(), request.name() + "-2");
    }

    @Test
    void aDeprovisionEnvironmentEventPutWithTheAwsCliRemovesItAndKeepsTheBroughtRole() throws Exception {
        ExampleWorld.Prepared request = prepared("full-options.yaml", "-event", "Delete");
        assertThat(request.providedRoleArn()).as("the example brings its role").isNotNull();
        provision(request);

        ObjectNode entry = JSON.createObjectNode();
        entry.put("Source", "mwaa-provisioner");
        entry.put("DetailType", "Deprovision Environment");
        entry.put("Detail", JSON.writeValueAsString(JSON.createObjectNode().put("Name", request.name())));
        JsonNode answer = aws.run("events", "put-events", "--entries",
                JSON.writeValueAsString(JSON.createArrayNode().add(entry))).ok().json();
        assertThat(answer.path("FailedEntryCount").asInt()).isZero();
        Execution removal = finished("Deprovision Environment " + request.name(), 1);
        assertThat(removal.status()).as(removal.error() + " " + removal.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(mwaa.listEnvironments(r -> { }).environments()).doesNotContain(request.name());
        String role = request.providedRoleArn().substring(request.providedRoleArn().lastIndexOf('/') + 1);
        assertThat(iam.getRole(r -> r.roleName(role)).role().arn()).isEqualTo(request.providedRoleArn());
        assertThat(activeStacks()).doesNotContain("mwaa-" + request.name() + "-network");
        assertThat(status(request.name()).path("State").asText()).isEqualTo("DEPROVISIONED");
        assertThat(claimed(request.name())).as("a removal by Name releases it").isFalse();
    }

    // ------------------------------------------------------------------ helpers

    private boolean claimed(String name) {
        return !s3.listObjectsV2(r -> r.bucket(app.configBucket()).prefix("claims/" + name + ".json")).contents().isEmpty();
    }

    private ExampleWorld.Prepared prepared(String example, String suffix, String deletionPolicy) throws Exception {
        ExampleWorld.Prepared request = world.prepare(ExampleWorld.EXAMPLES.resolve(example), suffix);
        if (deletionPolicy == null) {
            return request;
        }
        ObjectNode json = (ObjectNode) JSON.readTree(request.json());
        json.put("DeletionPolicy", deletionPolicy);
        return new ExampleWorld.Prepared(request.name(), JSON.writeValueAsBytes(json), request.keyArn(),
                request.providedRoleArn(), request.existingSubnets());
    }

    private String provision(ExampleWorld.Prepared request) throws Exception {
        String key = "requests/" + request.name() + ".json";
        s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromBytes(request.json()));
        Execution execution = finished("Object Created " + key, 1);
        assertThat(execution.status()).as(request.name() + ": " + execution.error() + " " + execution.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
        return key;
    }

    /** The n-th execution started by the event, once it ended. */
    private Execution finished(String startedBy, int n) throws Exception {
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        while (started.getOrDefault(startedBy, List.of()).size() < n) {
            assertThat(System.nanoTime()).as("an execution started by " + startedBy).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
        Execution execution = started.get(startedBy).get(n - 1);
        assertThat(execution.awaitCompletion(RUN_LIMIT)).as(startedBy + " ends").isTrue();
        return execution;
    }

    private JsonNode status(String name) throws Exception {
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(app.configBucket()).key("status/" + name + ".json"))
                .asByteArray());
    }

    private List<String> activeStacks() {
        List<String> names = new ArrayList<>();
        for (StackSummary s : cfn.listStacks().stackSummaries()) {
            if (!s.stackStatusAsString().equals("DELETE_COMPLETE")) {
                names.add(s.stackName());
            }
        }
        return names;
    }
}
