package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.asl.HistoryEvent;
import dev.mwaaprovisioner.local.cloud.AwsCli;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.CloudInventory;
import dev.mwaaprovisioner.local.cloud.RequestLog;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Editing a request file of the deployed application, as its users do: the file is uploaded again
 * (with the AWS SDK or {@code aws s3api put-object}), S3 tells EventBridge, its rule starts the
 * state machine. A changed request updates the environment in place; a change MWAA cannot make
 * in place is refused before anything changes; the same request again changes nothing and writes
 * nothing but its report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpdateEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    /** What a step may call when nothing is to change: reads, and the report's status and event. */
    private static final Set<String> NO_OP_CALLS = Set.of("states:StartExecution", "s3:GetObject",
            "s3:HeadObject", "sts:GetCallerIdentity",
            "airflow:GetEnvironment", "cloudformation:DescribeStacks", "iam:GetRolePolicy", "s3:PutObject",
            "events:PutEvents");

    LocalApplication app;
    ExampleWorld world;
    AwsCli aws;
    S3Client s3;
    MwaaClient mwaa;
    IamClient iam;
    KmsClient kms;
    CloudFormationClient cfn;
    Ec2Client ec2;
    CloudInventory audit;
    final Map<String, CompletableFuture<Execution>> started = new ConcurrentHashMap<>();
    AutoCloseable watch;

    @BeforeAll
    void deploy() {
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")), LocalApplication.config().withTimeScale(2000));
        world = new ExampleWorld(app.cloud());
        aws = AwsCli.on(app.cloud());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
        mwaa = TestClients.client(MwaaClient.builder(), app.cloud());
        iam = TestClients.client(IamClient.builder(), app.cloud());
        kms = TestClients.client(KmsClient.builder(), app.cloud());
        cfn = TestClients.client(CloudFormationClient.builder(), app.cloud());
        ec2 = TestClients.client(Ec2Client.builder(), app.cloud());
        audit = new CloudInventory(app.cloud());
        // Each upload is a new object version: its execution is found by key and version.
        watch = app.cloud().service(StateMachines.class).onExecutionStarted(execution -> {
            JsonNode object = execution.input().path("detail").path("object");
            if (object.has("key")) {
                started.computeIfAbsent(object.path("key").asText() + "@" + object.path("version-id").asText(),
                        k -> new CompletableFuture<>()).complete(execution);
            }
        });
    }

    @AfterAll
    void stop() throws Exception {
        watch.close();
        for (AutoCloseable client : List.of(s3, mwaa, iam, kms, cfn, ec2, audit)) {
            client.close();
        }
        app.close();
    }

    // ----------------------------------------------------------------------------------------

    @Test
    void anEditedRequestIsAppliedInPlaceAndReportedUpdated(@TempDir Path dir) throws Exception {
        ObjectNode request = provisioned("-edit");
        String name = request.path("Name").asText();
        String key = key(name);
        String oldBucket = request.path("SourceBucketArn").asText();
        Environment before = mwaa.getEnvironment(r -> r.name(name)).environment();
        assertThat(before.airflowVersion()).isEqualTo("2.10.3");

        sourceBucket("airflow-" + name + "-v2");
        request.put("SourceBucketArn", "arn:aws:s3:::airflow-" + name + "-v2");
        request.put("EnvironmentClass", "mw1.medium");
        request.put("MinWorkers", 2).put("MaxWorkers", 4).put("Schedulers", 3).put("MinWebservers", 3).put("MaxWebservers", 3);
        request.put("AirflowVersion", "2.11.0");
        request.put("WebserverAccessMode", "PUBLIC_ONLY");
        request.put("WeeklyMaintenanceWindowStart", "TUE:03:30");
        request.put("RequirementsS3Path", "requirements.txt");
        request.putObject("AirflowConfigurationOptions").put("core.default_timezone", "utc-secret-value");
        request.putObject("LoggingConfiguration").putObject("WorkerLogs").put("Enabled", true).put("LogLevel", "DEBUG");
        request.putObject("Tags").put("team", "data");

        Execution execution = finished(key, putObjectWithTheCli(dir, key, JSON.writeValueAsBytes(request)));
        assertThat(execution.status()).as(execution.error() + " " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(states(execution)).contains("PlanChanges", "UpdateEnvironment", "CheckEnvironmentUpdate", "ReportUpdated")
                .doesNotContain("CreateEnvironment");

        Environment after = mwaa.getEnvironment(r -> r.name(name)).environment();
        assertThat(after.statusAsString()).isEqualTo("AVAILABLE");
        assertThat(after.lastUpdate().statusAsString()).isEqualTo("SUCCESS");
        assertThat(after.arn()).isEqualTo(before.arn());
        assertThat(after.sourceBucketArn()).isEqualTo("arn:aws:s3:::airflow-" + name + "-v2");
        assertThat(after.environmentClass()).isEqualTo("mw1.medium");
        assertThat(List.of(after.minWorkers(), after.maxWorkers(), after.schedulers(), after.minWebservers(),
                after.maxWebservers())).containsExactly(2, 4, 3, 3, 3);
        assertThat(after.airflowVersion()).isEqualTo("2.11.0");
        assertThat(after.webserverAccessModeAsString()).isEqualTo("PUBLIC_ONLY");
        assertThat(after.weeklyMaintenanceWindowStart()).isEqualTo("TUE:03:30");
        assertThat(after.requirementsS3Path()).isEqualTo("requirements.txt");
        assertThat(after.airflowConfigurationOptions()).containsEntry("core.default_timezone", "utc-secret-value");
        assertThat(after.loggingConfiguration().workerLogs().logLevelAsString()).isEqualTo("DEBUG");
        assertThat(after.loggingConfiguration().taskLogs().logLevelAsString()).isEqualTo("INFO");
        assertThat(after.tags()).isEqualTo(Map.of("team", "data", "mwaa-provisioner:environment", name));
        // The same network: the environment was not replaced.
        assertThat(after.networkConfiguration()).isEqualTo(before.networkConfiguration());
        // The execution role's policy now reads the new bucket only.
        String policy = URLDecoder.decode(iam.getRolePolicy(r -> r.roleName("mwaa-" + name + "-execution")
                .policyName("mwaa-" + name + "-execution-policy")).policyDocument(), StandardCharsets.UTF_8);
        String oldBucketName = oldBucket.substring(oldBucket.lastIndexOf(':') + 1);
        assertThat(policy).contains("airflow-" + name + "-v2").doesNotContain(oldBucketName + "\"", oldBucketName + "/*");

        JsonNode status = status(name);
        assertThat(status.path("State").asText()).isEqualTo("UPDATED");
        assertThat(status.path("Changes").toString()).contains(
                "EnvironmentClass: mw1.small -> mw1.medium", "MaxWorkers: 10 -> 4", "AirflowVersion: 2.10.3 -> 2.11.0",
                "WeeklyMaintenanceWindowStart: ", "AirflowConfigurationOptions: added core.default_timezone (values not shown)",
                "LoggingConfiguration.WorkerLogs: true/INFO -> true/DEBUG", "Tags[\\\"team\\\"]: null -> data",
                "ExecutionRole: policy mwaa-" + name + "-execution-policy");
        assertThat(status.toString()).doesNotContain("utc-secret-value");
        assertThat(events(name)).contains("Environment Updated");
    }

    @Test
    void theEnvironmentCarriesItsNameTagAndOneCreatedWithoutItGetsItWithItsNextUpdate() throws Exception {
        ObjectNode request = provisioned("-tag");
        String name = request.path("Name").asText();
        String key = key(name);
        Environment created = mwaa.getEnvironment(r -> r.name(name)).environment();
        assertThat(created.tags()).containsEntry("mwaa-provisioner:environment", name);

        // As an environment created before the provisioner tagged environments.
        mwaa.untagResource(r -> r.resourceArn(created.arn()).tagKeys("mwaa-provisioner:environment"));
        Execution same = finished(key, s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                RequestBody.fromBytes(JSON.writeValueAsBytes(request))).versionId());
        assertThat(same.status()).as(same.error() + " " + same.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(status(name).path("State").asText()).as("a missing tag alone is no change").isEqualTo("UNCHANGED");
        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment().tags()).doesNotContainKey("mwaa-provisioner:environment");

        request.put("MaxWorkers", 3);
        request.putObject("Tags").put("cost-centre", "42");
        Execution updated = finished(key, s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                RequestBody.fromBytes(JSON.writeValueAsBytes(request))).versionId());
        assertThat(updated.status()).as(updated.error() + " " + updated.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment().tags())
                .isEqualTo(Map.of("cost-centre", "42", "mwaa-provisioner:environment", name));
        JsonNode status = status(name);
        assertThat(status.path("State").asText()).isEqualTo("UPDATED");
        assertThat(status.path("Changes").toString()).doesNotContain("mwaa-provisioner:");

        // The user's tags change again: the provisioner's stays, and is neither reported nor removed.
        request.putObject("Tags").put("team", "data");
        Execution retagged = finished(key, s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                RequestBody.fromBytes(JSON.writeValueAsBytes(request))).versionId());
        assertThat(retagged.status()).as(retagged.error() + " " + retagged.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment().tags())
                .isEqualTo(Map.of("team", "data", "mwaa-provisioner:environment", name));
        assertThat(status(name).path("Changes").toString()).contains("cost-centre").doesNotContain("mwaa-provisioner:");
    }

    @Test
    void theSecurityGroupsOfAnExistingNetworkChangeInPlace() throws Exception {
        ExampleWorld.Prepared prepared = world.prepare(ExampleWorld.EXAMPLES.resolve("existing-network.yaml"), "-groups");
        String name = prepared.name();
        String key = key(name);
        Execution created = finished(key, s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                RequestBody.fromBytes(prepared.json())).versionId());
        assertThat(created.status()).as(created.error() + " " + created.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String vpc = ec2.describeSubnets(r -> r.subnetIds(prepared.existingSubnets().get(0))).subnets().get(0).vpcId();
        String group = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName(name + "-v2").description("MWAA v2")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("-1")
                .userIdGroupPairs(g -> g.groupId(group))));
        ObjectNode request = (ObjectNode) JSON.readTree(prepared.json());
        ((ObjectNode) request.path("Network")).putArray("SecurityGroupIds").add(group);

        Execution updated = finished(key, s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                RequestBody.fromBytes(JSON.writeValueAsBytes(request))).versionId());
        assertThat(updated.status()).as(updated.error() + " " + updated.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(states(updated)).contains("CheckExistingNetwork", "UpdateEnvironment");
        Environment environment = mwaa.getEnvironment(r -> r.name(name)).environment();
        assertThat(environment.networkConfiguration().securityGroupIds()).containsExactly(group);
        assertThat(environment.networkConfiguration().subnetIds()).containsExactlyElementsOf(prepared.existingSubnets());
        assertThat(status(name).path("Changes").toString()).contains("Network.SecurityGroupIds: [", "] -> [" + group + "]");
    }

    @Test
    void theSameUploadAgainOrAWhitespaceOrCommentEditChangesNothing(@TempDir Path dir) throws Exception {
        ExampleWorld.Prepared prepared = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-noop");
        String name = prepared.name();
        String key = "requests/" + name + ".yaml";
        DumperOptions block = new DumperOptions();
        block.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String yaml = new Yaml(block).dump(JSON.readValue(prepared.json(), Map.class));
        Execution created = finished(key, s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                RequestBody.fromString(yaml)).versionId());
        assertThat(created.status()).as(created.error() + " " + created.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        // The same file again, then with comments, blank lines and trailing spaces added.
        List<String> texts = List.of(yaml, "# Owner: data platform\n\n" + yaml.replace("\n", "   \n") + "\n# end\n");
        boolean cli = true;
        for (String text : texts) {
            Map<String, Set<String>> inventory = inventory();
            Environment before = mwaa.getEnvironment(r -> r.name(name)).environment();
            app.cloud().requestLog().clear();
            long began = System.nanoTime();
            String version = cli ? putObjectWithTheCli(dir, key, text.getBytes(StandardCharsets.UTF_8))
                    : s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromString(text)).versionId();
            Execution execution = finished(key, version);
            long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
            cli = !cli;

            assertThat(execution.status()).as(execution.error() + " " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(states(execution)).containsExactly("RouteEvent", "ValidateRequest", "IsNameFree", "PlanChanges",
                    "ChooseChange", "ReportUnchanged", "AfterUnchanged", "Unchanged");
            List<String> calls = app.cloud().requestLog().entries().stream().filter(e -> e.caller() != null)
                    .map(e -> e.service() + ":" + e.operation()).distinct().toList();
            assertThat(calls).as("only reads and the report").isSubsetOf(NO_OP_CALLS)
                    .contains("airflow:GetEnvironment", "cloudformation:DescribeStacks", "iam:GetRolePolicy");
            assertThat(app.cloud().requestLog().entries().stream().filter(e -> "s3:PutObject".equals(e.service() + ":"
                    + e.operation()) && e.caller() != null).map(e -> e.request().rawPath()))
                    // The status, and the Name's record: taken, what was applied (the same), released.
                    .allMatch(path -> path.endsWith("/status/" + name + ".json") || path.endsWith("/claims/" + name + ".json"));
            assertThat(mwaa.getEnvironment(r -> r.name(name)).environment()).isEqualTo(before);
            assertThat(inventory()).isEqualTo(inventory);
            JsonNode status = status(name);
            assertThat(status.path("State").asText()).isEqualTo("UNCHANGED");
            assertThat(status.path("Environment").path("Status").asText()).isEqualTo("AVAILABLE");
            assertThat(status.path("Source").path("VersionId").asText()).isEqualTo(version);
            System.out.printf("No-op run: %d ms, %d state transitions%n", millis, states(execution).size());
        }
        assertThat(events(name)).contains("Environment Unchanged");
    }

    @Test
    void whatCannotChangeInPlaceIsRefusedBeforeAnythingChanges(@TempDir Path dir) throws Exception {
        ObjectNode request = provisioned("-fixed");
        String name = request.path("Name").asText();
        String key = key(name);
        String newKey = kms.createKey(r -> r.description("another key")).keyMetadata().arn();

        ObjectNode edited = request.deepCopy();
        ((ObjectNode) edited.path("Network")).put("PrivateSubnet2CIDR", "10.192.22.0/24");
        edited.put("KmsKey", newKey);
        edited.put("AirflowVersion", "3.0.6");
        edited.put("MaxWorkers", 3);
        JsonNode status = refused(name, key, () -> putObjectWithTheCli(dir, key, JSON.writeValueAsBytes(edited)),
                "Network.PrivateSubnet2CIDR: is 10.192.21.0/24 (stack mwaa-" + name + "-network), the request says "
                        + "10.192.22.0/24",
                "KmsKey: is the AWS owned key, the request says " + newKey.substring(newKey.lastIndexOf('/') + 1),
                "AirflowVersion: is 2.10.3, the request says 3.0.6",
                "delete the request (which removes the environment) and upload the changed one as a new request");
        assertThat(status.path("Error").path("Problems").findValuesAsText("Path"))
                .containsExactlyInAnyOrder("Network.PrivateSubnet2CIDR", "KmsKey", "AirflowVersion");

        // The environment's own subnets, named as an existing network: still a switch from the provisioner's network.
        List<Output> outputs = cfn.describeStacks(r -> r.stackName("mwaa-" + name + "-network")).stacks().get(0).outputs();
        ObjectNode brought = request.deepCopy();
        ObjectNode network = brought.putObject("Network");
        outputs.stream().filter(o -> o.outputKey().matches("PrivateSubnet[12]"))
                .forEach(o -> network.withArray("SubnetIds").add(o.outputValue()));
        outputs.stream().filter(o -> o.outputKey().equals("SecurityGroupId"))
                .forEach(o -> network.withArray("SecurityGroupIds").add(o.outputValue()));
        refused(name, key, () -> s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                RequestBody.fromBytes(JSON.writeValueAsBytes(brought))).versionId(),
                "Network: the environment is in the network stack mwaa-" + name
                        + "-network that the provisioner created for it, the request names existing subnets");

        // The same file under another Name: a rename, which MWAA cannot do; no second environment appears.
        ObjectNode renamed = request.deepCopy();
        renamed.put("Name", name + "-renamed");
        Map<String, Set<String>> inventory = inventory();
        Execution execution = finished(key, putObjectWithTheCli(dir, key, JSON.writeValueAsBytes(renamed)));
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).hasValueSatisfying(e -> assertThat(e).contains("RequestValidationException"));
        assertThat(execution.cause()).hasValueSatisfying(c -> assertThat(c).contains("Name: '" + name
                + "-renamed' renames environment " + name + ", which s3://" + app.configBucket() + "/" + key
                + " named before; MWAA cannot rename an environment. Put back Name: " + name));
        assertThat(inventory()).isEqualTo(inventory);
        assertThat(mwaa.listEnvironments(r -> { }).environments()).contains(name).doesNotContain(name + "-renamed");
        assertThat(status(name + "-renamed").path("Error").path("Problems").findValuesAsText("Path")).containsExactly("Name");
        assertThat(s3.listObjectsV2(r -> r.bucket(app.configBucket()).prefix("claims/" + name)).contents())
                .as("the new Name is not claimed").extracting(o -> o.key()).containsExactly("claims/" + name + ".json");
    }

    @Test
    void anUpdateThatEndsUpdateFailedFailsAtOnceAndTheNextUploadApplies() throws Exception {
        ObjectNode request = provisioned("-rollback");
        String name = request.path("Name").asText();
        String key = key(name);
        request.put("MaxWorkers", 5);
        byte[] edited = JSON.writeValueAsBytes(request);
        app.cloud().faults().failResource("mwaa:environment", name, "UPDATE_FAILED",
                Map.of("ErrorCode", "INCORRECT_CONFIGURATION", "ErrorMessage", "requirements.txt failed to install"), 1);

        Execution failed = finished(key, s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                RequestBody.fromBytes(edited)).versionId());
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("EnvironmentUpdateFailedException"));
        assertThat(failed.cause()).hasValueSatisfying(c -> assertThat(c).contains("UPDATE_FAILED",
                "INCORRECT_CONFIGURATION: requirements.txt failed to install"));
        assertThat(states(failed).stream().filter("CheckEnvironmentUpdate"::equals)).as("left at the first check").hasSize(1);
        Environment kept = mwaa.getEnvironment(r -> r.name(name)).environment();
        assertThat(kept.statusAsString()).isEqualTo("UPDATE_FAILED");
        assertThat(kept.maxWorkers()).as("MWAA kept the previous settings").isEqualTo(10);
        JsonNode status = status(name);
        assertThat(status.path("State").asText()).isEqualTo("FAILED");
        assertThat(status.path("Error").path("Cause").asText()).contains("requirements.txt failed to install");
        assertThat(events(name)).contains("Environment Provisioning Failed");

        Execution again = finished(key, s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                RequestBody.fromBytes(edited)).versionId());
        assertThat(again.status()).as(again.error() + " " + again.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment().maxWorkers()).isEqualTo(5);
        assertThat(status(name).path("State").asText()).isEqualTo("UPDATED");
    }

    // ------------------------------------------------------------------ helpers

    /** minimal.yaml under its own Name, provisioned from a JSON request file; the request, to edit. */
    private ObjectNode provisioned(String suffix) throws Exception {
        ExampleWorld.Prepared prepared = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), suffix);
        String key = key(prepared.name());
        Execution execution = finished(key, s3.putObject(r -> r.bucket(app.configBucket()).key(key),
                RequestBody.fromBytes(prepared.json())).versionId());
        assertThat(execution.status()).as(execution.error() + " " + execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(status(prepared.name()).path("State").asText()).isEqualTo("SUCCEEDED");
        return (ObjectNode) JSON.readTree(prepared.json());
    }

    /** The upload FAILED with the refusal, named every field, and nothing of the account changed. */
    private JsonNode refused(String name, String key, Callable<String> upload, String... messages) throws Exception {
        Environment before = mwaa.getEnvironment(r -> r.name(name)).environment();
        Map<String, Set<String>> inventory = inventory();
        String policy = iam.getRolePolicy(r -> r.roleName("mwaa-" + name + "-execution")
                .policyName("mwaa-" + name + "-execution-policy")).policyDocument();
        String version = upload.call();
        Execution execution = finished(key, version);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).hasValueSatisfying(e -> assertThat(e).contains("ImmutableChangeException"));
        assertThat(execution.cause()).hasValueSatisfying(c -> assertThat(c).contains(messages));
        assertThat(states(execution)).containsExactly("RouteEvent", "ValidateRequest", "IsNameFree", "PlanChanges",
                "ReportFailure", "AfterProvisioningFailed", "ProvisioningFailed");
        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment()).isEqualTo(before);
        assertThat(inventory()).isEqualTo(inventory);
        assertThat(iam.getRolePolicy(r -> r.roleName("mwaa-" + name + "-execution")
                .policyName("mwaa-" + name + "-execution-policy")).policyDocument()).isEqualTo(policy);
        JsonNode status = status(name);
        assertThat(status.path("State").asText()).isEqualTo("FAILED");
        assertThat(status.path("Error").path("Error").asText()).isEqualTo("ImmutableChangeException");
        assertThat(status.path("Source").path("VersionId").asText()).isEqualTo(version);
        assertThat(events(name)).contains("Environment Provisioning Failed");
        return status;
    }

    private String putObjectWithTheCli(Path dir, String key, byte[] body) throws IOException {
        Path file = Files.write(Files.createTempFile(dir, "request", ".body"), body);
        return aws.run("s3api", "put-object", "--bucket", app.configBucket(), "--key", key, "--body", file.toString())
                .ok().json().path("VersionId").asText();
    }

    private Execution finished(String key, String version) throws Exception {
        Execution execution = started.computeIfAbsent(key + "@" + version, k -> new CompletableFuture<>())
                .get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(execution.awaitCompletion(RUN_LIMIT)).as(key + " ends").isTrue();
        return execution;
    }

    private static List<String> states(Execution execution) {
        return execution.history().stream().filter(e -> e.type().endsWith("StateEntered"))
                .map(e -> e.stateName().orElse("")).toList();
    }

    private List<String> events(String name) {
        return app.cloud().eventBus().events().stream()
                .filter(e -> "mwaa-provisioner".equals(e.source()) && name.equals(e.detail().path("Name").asText()))
                .map(CloudEvent::detailType).toList();
    }

    private void sourceBucket(String bucket) {
        s3.createBucket(r -> r.bucket(bucket));
        s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(b -> b
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
    }

    private static String key(String name) {
        return "requests/" + name + ".json";
    }

    private JsonNode status(String name) throws IOException {
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(app.configBucket()).key("status/" + name + ".json"))
                .asByteArray());
    }

    /**
     * Everything in the account (stacks, VPC resources, roles and their policies, key-policy
     * statements, environments, objects), the status files left out: they are the report.
     */
    private Map<String, Set<String>> inventory() {
        return audit.snapshot(key -> key.startsWith("status/"));
    }
}
