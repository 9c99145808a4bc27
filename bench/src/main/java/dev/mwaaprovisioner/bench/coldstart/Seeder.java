package dev.mwaaprovisioner.bench.coldstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.bench.Repository;
import dev.mwaaprovisioner.common.aws.AwsClientFactory;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.ExecutionRoleState;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.functions.environment.CheckEnvironmentHandler;
import dev.mwaaprovisioner.functions.environment.CreateEnvironmentHandler;
import dev.mwaaprovisioner.functions.executionrole.CreateExecutionRoleHandler;
import dev.mwaaprovisioner.functions.network.CheckNetworkStackHandler;
import dev.mwaaprovisioner.functions.network.CreateNetworkStackHandler;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Puts into the local cloud what a function's first real call finds there: the config bucket and
 * the uploaded request, a completed network stack, a role, a key, an environment in creation or available.
 * Prerequisites are made by the workflow's own handlers, in this process, through the SDK.
 */
final class Seeder implements AutoCloseable {

    static final String CONFIG_BUCKET = "mwaa-provisioner-configbucket-bench";
    static final String SOURCE_BUCKET = "airflow-analytics-dev";

    private final LocalCloud cloud;
    private final Repository repository;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final AwsClientFactory clients;
    private final S3Client s3;
    private final KmsClient kms;
    private final CloudFormationClient cloudFormation;
    private NetworkState sharedNetwork;
    private ExecutionRoleState sharedRole;
    private boolean bucketsMade;

    Seeder(LocalCloud cloud, Repository repository) {
        this.cloud = cloud;
        this.repository = repository;
        environment.put("AWS_REGION", LocalCloud.DEFAULT_REGION);
        environment.put("AWS_ENDPOINT_URL", cloud.endpoint().toString());
        environment.put("AWS_ACCESS_KEY_ID", "bench");
        environment.put("AWS_SECRET_ACCESS_KEY", "bench");
        environment.put("CONFIG_BUCKET", CONFIG_BUCKET);
        environment.put("REQUEST_PREFIX", "requests/");
        environment.put("EVENT_BUS_NAME", "default");
        clients = new AwsClientFactory(environment);
        s3 = clients.create(S3Client.builder().forcePathStyle(true), AwsService.S3);
        kms = clients.create(KmsClient.builder(), AwsService.KMS);
        cloudFormation = clients.create(CloudFormationClient.builder(), AwsService.CLOUDFORMATION);
        environment.put("STATE_MACHINE_ARN", stateMachine());
    }

    /**
     * The state machine DispatchFunction starts: a single Pass state, since the benchmark measures
     * the dispatch, not the workflow.
     */
    private String stateMachine() {
        try (SfnClient stepFunctions = clients.create(SfnClient.builder(), AwsService.SFN)) {
            return stepFunctions.createStateMachine(r -> r.name("mwaa-provisioner-bench")
                    .roleArn("arn:aws:iam::" + LocalCloud.ACCOUNT_ID + ":role/mwaa-provisioner-bench-states")
                    .definition("{\"StartAt\": \"Dispatched\", \"States\": {\"Dispatched\": {\"Type\": \"Pass\", \"End\": true}}}"))
                    .stateMachineArn();
        }
    }

    /** The environment variables of a deployed function, pointed at the local cloud. */
    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /** A sample input of events/, to adapt. */
    ObjectNode event(String function, String file) {
        try {
            return (ObjectNode) WorkflowJson.MAPPER.readTree(repository.events().resolve(function).resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String now() {
        return cloud.clock().now().toString();
    }

    /** The config bucket and the requests' source bucket, both versioned. */
    void buckets() {
        if (bucketsMade) {
            return;
        }
        for (String bucket : new String[] {CONFIG_BUCKET, SOURCE_BUCKET}) {
            s3.createBucket(b -> b.bucket(bucket));
            s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                    .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        }
        bucketsMade = true;
    }

    /** Uploads examples/minimal.yaml renamed; returns the version ID. */
    String uploadRequest(String key, String name) {
        buckets();
        String request;
        try {
            request = Files.readString(repository.resolve("examples/minimal.yaml"))
                    .replaceFirst("(?m)^Name:.*$", "Name: " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s3.putObject(b -> b.bucket(CONFIG_BUCKET).key(key), RequestBody.fromString(request)).versionId();
    }

    String createKey() {
        return kms.createKey().keyMetadata().arn();
    }

    /** A network stack of the given environment name, created by the workflow's step and left to complete. */
    NetworkState createdNetwork(String name, boolean waitForCompletion) {
        ObjectNode input = event("CreateNetworkStackFunction", "input.json");
        ((ObjectNode) input.path("Request")).put("Name", name);
        input.put("Now", now());
        NetworkState state = new CreateNetworkStackHandler(environment)
                .handle(WorkflowJson.MAPPER.convertValue(input, CreateNetworkStackHandler.Input.class));
        if (!waitForCompletion) {
            return state;
        }
        CheckNetworkStackHandler check = new CheckNetworkStackHandler(environment);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!NetworkState.READY.equals(state.status())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Network stack " + state.stackName() + " is still " + state.status());
            }
            sleep(50);
            state = check.handle(new CheckNetworkStackHandler.Input(state, now()));
        }
        return state;
    }

    /** Deletes the network stack of an environment name and waits until it is gone. */
    void deleteNetwork(String name) {
        String stack = "mwaa-" + name + "-network";
        cloudFormation.deleteStack(b -> b.stackName(stack));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var stacks = cloudFormation.describeStacks().stacks();
            boolean gone = stacks.stream().noneMatch(s -> s.stackName().equals(stack)
                    && s.stackStatus() != StackStatus.DELETE_COMPLETE);
            if (gone) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Network stack " + stack + " is not deleted after 60 s");
            }
            sleep(50);
        }
    }

    /** One completed network stack shared by the runs that only read it. */
    NetworkState sharedNetwork() {
        if (sharedNetwork == null) {
            sharedNetwork = createdNetwork("bench-shared", true);
        }
        return sharedNetwork;
    }

    /** One execution role shared by the runs that only pass it. */
    ExecutionRoleState sharedRole() {
        if (sharedRole == null) {
            ObjectNode input = event("CreateExecutionRoleFunction", "input.json");
            ((ObjectNode) input.path("Request")).put("Name", "bench-shared");
            sharedRole = new CreateExecutionRoleHandler(environment)
                    .handle(WorkflowJson.MAPPER.convertValue(input, CreateExecutionRoleHandler.Input.class));
        }
        return sharedRole;
    }

    /** The input of CreateEnvironment for a new environment in the shared network with the shared role. */
    ObjectNode createEnvironmentInput(String name) {
        buckets();
        NetworkState network = sharedNetwork();
        ObjectNode input = event("CreateEnvironmentFunction", "input.json");
        ((ObjectNode) input.path("Request")).put("Name", name);
        input.put("ExecutionRoleArn", sharedRole().roleArn());
        input.set("SubnetIds", WorkflowJson.MAPPER.valueToTree(network.subnetIds()));
        input.set("SecurityGroupIds", WorkflowJson.MAPPER.valueToTree(network.securityGroupIds()));
        input.put("Now", now());
        return input;
    }

    /** An environment in creation, made by the workflow's step. */
    EnvironmentState createdEnvironment(String name) {
        JsonNode input = createEnvironmentInput(name);
        return new CreateEnvironmentHandler(environment)
                .handle(WorkflowJson.MAPPER.convertValue(input, CreateEnvironmentHandler.Input.class));
    }

    /** An environment that is AVAILABLE: created, then checked until it is (seconds at the benchmark's time scale). */
    EnvironmentState availableEnvironment(String name) {
        EnvironmentState state = createdEnvironment(name);
        CheckEnvironmentHandler check = new CheckEnvironmentHandler(environment);
        for (int i = 0; i < 240 && !EnvironmentState.AVAILABLE.equals(state.status()); i++) {
            sleep(250);
            state = check.handle(new CheckEnvironmentHandler.Input(state, now()));
        }
        return state;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        s3.close();
        kms.close();
        cloudFormation.close();
        clients.close();
    }

    static Path write(Path dir, String name, JsonNode event) {
        try {
            Path file = dir.resolve(name + ".json");
            WorkflowJson.MAPPER.writeValue(file.toFile(), event);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
