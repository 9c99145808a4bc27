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
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The application deployed from the checkout into the local cloud, driven as its users drive it:
 * every example request dropped under {@code requests/} with the AWS SDK and with the AWS CLI, a
 * {@code Provision Environment} event put with the AWS CLI, and an invalid request. Each run is
 * checked where AWS would show it: the execution, the MWAA environment and its network, the
 * execution role's policy, the key policy, and {@code status/<Name>.json}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    LocalApplication app;
    ExampleWorld world;
    S3Client s3;
    MwaaClient mwaa;
    IamClient iam;
    KmsClient kms;
    CloudFormationClient cfn;
    final Map<String, CompletableFuture<Execution>> startedByKey = new ConcurrentHashMap<>();
    AutoCloseable watch;

    @BeforeAll
    void deploy() {
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")),
                LocalApplication.config().withTimeScale(2000));
        world = new ExampleWorld(app.cloud());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
        mwaa = TestClients.client(MwaaClient.builder(), app.cloud());
        iam = TestClients.client(IamClient.builder(), app.cloud());
        kms = TestClients.client(KmsClient.builder(), app.cloud());
        cfn = TestClients.client(CloudFormationClient.builder(), app.cloud());
        watch = app.cloud().service(StateMachines.class).onExecutionStarted(execution -> {
            JsonNode input = execution.input();
            String key = input.path("detail").path("object").path("key").asText(null);
            String inline = input.path("detail").path("RequestCopy").path("Name").asText(null);
            String id = key != null ? key : inline == null ? null : "event:" + inline;
            if (id != null) {
                startedByKey.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(execution);
            }
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

    private Execution finished(String id) throws Exception {
        Execution execution = startedByKey.computeIfAbsent(id, k -> new CompletableFuture<>())
                .get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(execution.awaitCompletion(RUN_LIMIT)).as(id + " ends").isTrue();
        return execution;
    }

    @Test
    void theDeployedConfigBucketExpiresInlineRequestCopies() {
        JsonNode rules = AwsCli.on(app.cloud()).run("s3api", "get-bucket-lifecycle-configuration", "--bucket", app.configBucket())
                .ok().json().path("Rules");
        assertThat(rules).anySatisfy(rule -> {
            assertThat(rule.path("Filter").path("Prefix").asText()).isEqualTo("inline-requests/");
            assertThat(rule.path("Status").asText()).isEqualTo("Enabled");
            assertThat(rule.path("Expiration").path("Days").asInt()).isEqualTo(30);
            assertThat(rule.path("NoncurrentVersionExpiration").path("NoncurrentDays").asInt()).isEqualTo(1);
        });
    }

    @Test
    void everyExampleUploadedWithTheSdkIsProvisioned() throws Exception {
        List<ExampleWorld.Prepared> requests = new ArrayList<>();
        int i = 0;
        for (Path example : ExampleWorld.examples()) {
            ExampleWorld.Prepared request = world.prepare(example, "-sdk" + i++);
            requests.add(request);
            s3.putObject(r -> r.bucket(app.configBucket()).key(key(request)), RequestBody.fromBytes(request.json()));
        }
        assertThat(requests).hasSizeGreaterThanOrEqualTo(6);
        for (ExampleWorld.Prepared request : requests) {
            assertProvisioned(request, finished(key(request)));
        }
    }

    @Test
    void everyExampleCopiedWithTheAwsCliIsProvisioned(@TempDir Path dir) throws Exception {
        AwsCli aws = AwsCli.on(app.cloud());
        List<ExampleWorld.Prepared> requests = new ArrayList<>();
        int i = 0;
        for (Path example : ExampleWorld.examples()) {
            ExampleWorld.Prepared request = world.prepare(example, "-cli" + i++);
            requests.add(request);
            Path file = Files.write(dir.resolve(request.name() + ".json"), request.json());
            aws.run("s3", "cp", file.toString(), "s3://" + app.configBucket() + "/" + key(request)).ok();
        }
        for (ExampleWorld.Prepared request : requests) {
            assertProvisioned(request, finished(key(request)));
        }
    }

    @Test
    void aProvisionEnvironmentEventPutWithTheAwsCliProvisionsTheRequestItCarries() throws Exception {
        AwsCli aws = AwsCli.on(app.cloud());
        ExampleWorld.Prepared request = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-event");
        ObjectNode detail = JSON.createObjectNode();
        detail.set("Request", JSON.readTree(request.json()));
        ObjectNode entry = JSON.createObjectNode();
        entry.put("Source", "mwaa-provisioner");
        entry.put("DetailType", "Provision Environment");
        entry.put("Detail", JSON.writeValueAsString(detail));
        JsonNode answer = aws.run("events", "put-events", "--entries",
                JSON.writeValueAsString(JSON.createArrayNode().add(entry))).ok().json();
        assertThat(answer.path("FailedEntryCount").asInt()).isZero();
        assertProvisioned(request, finished("event:" + request.name()));
    }

    @Test
    void anInvalidRequestFailsCreatesNothingAndItsStatusNamesTheBadField() throws Exception {
        Map<String, Set<String>> before = inventory();
        ObjectNode request = JSON.createObjectNode();
        request.put("Name", "broken-request");
        request.put("SourceBucketArn", "arn:aws:s3:::airflow-broken-request");
        request.put("DagS3Path", "dags");
        request.put("MaxWorker", 5);
        ObjectNode network = request.putObject("Network");
        network.put("VpcCIDR", "10.9.0.0/16");
        network.put("PublicSubnet1CIDR", "10.9.10.0/24");
        network.put("PublicSubnet2CIDR", "10.9.11.0/24");
        network.put("PrivateSubnet1CIDR", "10.9.10.0/25");
        network.put("PrivateSubnet2CIDR", "10.9.21.0/24");
        String key = "requests/broken-request.json";
        s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromBytes(JSON.writeValueAsBytes(request)));

        Execution execution = finished(key);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).hasValueSatisfying(e -> assertThat(e).contains("RequestValidationException"));
        assertThat(execution.cause()).hasValueSatisfying(c -> assertThat(c).contains("MaxWorker", "MaxWorkers",
                "PrivateSubnet1CIDR"));
        assertThat(inventory()).isEqualTo(before);

        JsonNode status = status("broken-request");
        assertThat(status.path("State").asText()).isEqualTo("FAILED");
        assertThat(status.toString()).contains("MaxWorker", "did you mean MaxWorkers", "Network.PrivateSubnet1CIDR");
    }

    // ------------------------------------------------------------------ checks

    private static String key(ExampleWorld.Prepared request) {
        return "requests/" + request.name() + ".json";
    }

    private void assertProvisioned(ExampleWorld.Prepared request, Execution execution) throws IOException {
        String name = request.name();
        assertThat(execution.status()).as(name + ": " + execution.error().orElse("") + " "
                + execution.cause().orElse("")).isEqualTo(ExecutionStatus.SUCCEEDED);

        Environment environment = mwaa.getEnvironment(r -> r.name(name)).environment();
        assertThat(environment.statusAsString()).isEqualTo("AVAILABLE");
        List<String> subnets = environment.networkConfiguration().subnetIds();
        if (request.createsNetwork()) {
            Map<String, String> outputs = new LinkedHashMap<>();
            for (Output output : cfn.describeStacks(r -> r.stackName("mwaa-" + name + "-network")).stacks().get(0)
                    .outputs()) {
                outputs.put(output.outputKey(), output.outputValue());
            }
            assertThat(subnets).as(name + " runs in the stack's private subnets")
                    .containsExactly(outputs.get("PrivateSubnetIds").split(","));
        } else {
            assertThat(subnets).containsExactlyElementsOf(request.existingSubnets());
        }

        if (request.providedRoleArn() != null) {
            assertThat(environment.executionRoleArn()).isEqualTo(request.providedRoleArn());
        } else {
            String role = environment.executionRoleArn().substring(environment.executionRoleArn().lastIndexOf('/') + 1);
            assertThat(role).isEqualTo("mwaa-" + name + "-execution");
            String policy = URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(role)
                    .policyName("mwaa-" + name + "-execution-policy")).policyDocument(), StandardCharsets.UTF_8);
            if (request.keyArn() != null) {
                assertThat(policy).as(name + ": customer managed key variant")
                        .contains(request.keyArn(), "s3.us-east-1.amazonaws.com").doesNotContain("NotResource");
            } else {
                assertThat(policy).as(name + ": AWS owned key variant")
                        .contains("NotResource", "arn:aws:kms:*:000000000000:key/*", "sqs.us-east-1.amazonaws.com");
            }
        }
        if (request.keyArn() != null) {
            JsonNode keyPolicy = JSON.readTree(kms.getKeyPolicy(r -> r.keyId(request.keyArn()).policyName("default"))
                    .policy());
            List<String> sids = new ArrayList<>();
            List<String> principals = new ArrayList<>();
            keyPolicy.path("Statement").forEach(s -> {
                sids.add(s.path("Sid").asText());
                principals.add(s.path("Principal").toString());
            });
            assertThat(sids).contains("Allow logs access");
            assertThat(principals).anyMatch(p -> p.contains("arn:aws:iam::000000000000:root"));
        }

        JsonNode status = status(name);
        assertThat(status.path("State").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.toString()).contains(environment.arn(), execution.executionArn());
    }

    private JsonNode status(String name) throws IOException {
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(app.configBucket()).key("status/" + name + ".json"))
                .asByteArray());
    }

    /** The stacks, roles and environments of the account, by name. */
    private Map<String, Set<String>> inventory() {
        Map<String, Set<String>> inventory = new LinkedHashMap<>();
        inventory.put("stacks", new TreeSet<>(cfn.listStacks().stackSummaries().stream()
                .filter(s -> !s.stackStatusAsString().equals("DELETE_COMPLETE")).map(StackSummary::stackName).toList()));
        inventory.put("roles", new TreeSet<>(iam.listRoles().roles().stream().map(Role::roleName).toList()));
        inventory.put("environments", new TreeSet<>(mwaa.listEnvironments(r -> { }).environments()));
        return inventory;
    }
}
