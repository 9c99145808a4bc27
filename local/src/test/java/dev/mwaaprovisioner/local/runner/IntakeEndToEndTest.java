package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.EnvironmentClaim;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.AwsCli;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.events.EventRules;
import dev.mwaaprovisioner.local.cloud.events.EventTarget;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Intake through the deployed application: EventBridge delivers at least once, and different
 * requests may name the same environment. A repeated delivery (the same S3 object version, the
 * same event id) starts one execution; of two requests for one Name uploaded at once exactly one
 * provisions it, the other fails with a conflict that names both, and the winner's status and
 * resources stay the winner's. Through the SDK and through the AWS CLI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakeEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    LocalApplication app;
    ExampleWorld world;
    S3Client s3;
    MwaaClient mwaa;
    LambdaClient lambda;
    String dispatch;
    final Map<String, CompletableFuture<Execution>> startedByKey = new ConcurrentHashMap<>();
    final List<JsonNode> outcomeEvents = new CopyOnWriteArrayList<>();
    AutoCloseable watch;

    @BeforeAll
    void deploy() {
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")),
                LocalApplication.config().withTimeScale(2000));
        world = new ExampleWorld(app.cloud());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
        mwaa = TestClients.client(MwaaClient.builder(), app.cloud());
        lambda = TestClients.client(LambdaClient.builder(), app.cloud());
        dispatch = app.functionName("DispatchFunction").orElseThrow();
        watch = app.cloud().service(StateMachines.class).onExecutionStarted(execution -> {
            JsonNode input = execution.input();
            String key = input.path("detail").path("object").path("key").asText(null);
            String id = key != null ? key : "event:" + input.path("id").asText();
            startedByKey.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(execution);
        });
        // What a team subscribed to the outcome events receives.
        LambdaFunctions functions = app.cloud().service(LambdaFunctions.class);
        functions.register("outcome-listener", (RequestHandler<Map<String, Object>, String>) (event, context) -> {
            outcomeEvents.add(JSON.valueToTree(event));
            return "ok";
        });
        EventRules rules = app.cloud().service(EventRules.class);
        var rule = rules.putRule("us-east-1", "default", "outcomes", "{\"source\":[\"mwaa-provisioner\"],"
                + "\"detail-type\":[\"Environment Provisioned\",\"Environment Provisioning Failed\"]}", null, null, null);
        functions.addPermission("outcome-listener", "events", "lambda:InvokeFunction", "events.amazonaws.com", rule.arn());
        rules.putTargets("us-east-1", "default", "outcomes", List.of(new EventTarget("listener",
                functions.arn("outcome-listener"), null, null, null, null, null)));
    }

    @AfterAll
    void stop() throws Exception {
        watch.close();
        for (AutoCloseable client : List.of(s3, mwaa, lambda)) {
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

    private List<Execution> executionsNamed(String name) {
        return app.cloud().service(StateMachines.class).executions(app.stateMachineArn()).stream()
                .filter(e -> e.name().equals(name)).toList();
    }

    private JsonNode invokeDispatch(JsonNode event) throws Exception {
        SdkBytes payload = SdkBytes.fromByteArray(JSON.writeValueAsBytes(event));
        InvokeResponse response = lambda.invoke(r -> r.functionName(dispatch + ":live").payload(payload));
        assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
        return JSON.readTree(response.payload().asByteArray());
    }

    /** The event EventBridge handed to the DispatchFunction for an object key. */
    private JsonNode deliveredFor(String key) throws Exception {
        for (EventRules.Delivery delivery : app.cloud().service(EventRules.class).deliveries()) {
            JsonNode input = JSON.readTree(delivery.input());
            if (delivery.targetArn().contains(dispatch) && key.equals(input.path("detail").path("object").path("key").asText())) {
                return input;
            }
        }
        throw new AssertionError("No delivery of " + key + " to " + dispatch);
    }

    private JsonNode status(String key) throws Exception {
        return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(app.configBucket()).key(key)).asByteArray());
    }

    // ------------------------------------------------------------------ duplicate delivery

    @Test
    void theSameObjectVersionDeliveredAgainStartsNoSecondExecution() throws Exception {
        ExampleWorld.Prepared request = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-twice");
        String key = "requests/" + request.name() + ".json";
        s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromBytes(request.json()));
        Execution first = finished(key);
        assertThat(first.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        // EventBridge delivers the same event again (at-least-once): the same execution name.
        JsonNode again = invokeDispatch(deliveredFor(key));
        assertThat(again.path("ExecutionArn").asText()).isEqualTo(first.executionArn());
        assertThat(again.path("Duplicate").asBoolean()).isTrue();
        assertThat(executionsNamed(first.name())).hasSize(1);
        assertThat(first.name()).startsWith(request.name() + "-json-");
        assertThat(app.cloud().service(StateMachines.class).executions(app.stateMachineArn()).stream()
                .filter(e -> e.input().path("detail").path("object").path("key").asText("").equals(key)))
                .as("executions of " + key).hasSize(1);
    }

    @Test
    void theSameCustomEventDeliveredTwiceStartsOneExecution() throws Exception {
        ExampleWorld.Prepared request = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-event-twice");
        ObjectNode event = JSON.createObjectNode();
        String id = UUID.randomUUID().toString();
        event.put("version", "0").put("id", id).put("detail-type", "Provision Environment")
                .put("source", "mwaa-provisioner").put("account", "000000000000").put("region", "us-east-1");
        event.putObject("detail").set("Request", JSON.readTree(request.json()));

        JsonNode first = invokeDispatch(event);
        JsonNode second = invokeDispatch(event);
        assertThat(first.path("ExecutionName").asText()).isEqualTo(id);
        assertThat(second.path("ExecutionArn").asText()).isEqualTo(first.path("ExecutionArn").asText());
        Execution execution = finished("event:" + id);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        // Once it has ended, a later delivery is refused by name, logged, and answered with it.
        JsonNode late = invokeDispatch(event);
        assertThat(late.path("Duplicate").asBoolean()).isTrue();
        assertThat(late.path("ExecutionArn").asText()).isEqualTo(execution.executionArn());
        assertThat(executionsNamed(id)).hasSize(1);
    }

    @Test
    void theSameCustomEventInvokedTwiceWithTheAwsCliStartsOneExecution(@TempDir Path dir) throws Exception {
        AwsCli aws = AwsCli.on(app.cloud());
        ExampleWorld.Prepared request = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-cli-twice");
        String id = UUID.randomUUID().toString();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0").put("id", id).put("detail-type", "Provision Environment")
                .put("source", "mwaa-provisioner").put("account", "000000000000").put("region", "us-east-1");
        event.putObject("detail").set("Request", JSON.readTree(request.json()));
        Path payload = Files.write(dir.resolve("event.json"), JSON.writeValueAsBytes(event));
        List<String> arns = new ArrayList<>();
        for (int delivery = 1; delivery <= 2; delivery++) {
            Path out = dir.resolve("out-" + delivery + ".json");
            List<String> args = new ArrayList<>(List.of("lambda", "invoke", "--function-name", dispatch,
                    "--qualifier", "live", "--payload", "fileb://" + payload));
            args.add(out.toString());
            JsonNode answer = aws.run(args.toArray(String[]::new)).ok().json();
            assertThat(answer.has("FunctionError")).as(Files.readString(out)).isFalse();
            arns.add(JSON.readTree(out.toFile()).path("ExecutionArn").asText());
        }
        assertThat(arns.get(1)).isEqualTo(arns.get(0));
        Execution execution = finished("event:" + id);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode listed = aws.run("stepfunctions", "list-executions", "--state-machine-arn", app.stateMachineArn())
                .ok().json();
        List<String> named = new ArrayList<>();
        listed.path("executions").forEach(e -> {
            if (e.path("name").asText().equals(id)) {
                named.add(e.path("executionArn").asText());
            }
        });
        assertThat(named).containsExactly(execution.executionArn());
    }

    // ------------------------------------------------------------------ one owner per Name

    @Test
    void twoFilesForOneNameUploadedAtOnceHaveExactlyOneWinner() throws Exception {
        ExampleWorld.Prepared request = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-contested");
        List<String> keys = List.of("requests/team-a/" + request.name() + ".json",
                "requests/team-b/" + request.name() + ".json");
        List<CompletableFuture<Void>> uploads = keys.stream().map(key -> CompletableFuture.runAsync(() ->
                s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromBytes(request.json())))).toList();
        CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        assertContest(request.name(), keys);
    }

    @Test
    void twoFilesForOneNamePutWithTheAwsCliHaveExactlyOneWinner(@TempDir Path dir) throws Exception {
        AwsCli aws = AwsCli.on(app.cloud());
        ExampleWorld.Prepared request = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-cli-contested");
        Path body = Files.write(dir.resolve("request.json"), request.json());
        List<String> keys = List.of("requests/" + request.name() + ".json", "requests/copy-of-" + request.name() + ".json");
        List<CompletableFuture<AwsCli.Result>> puts = keys.stream().map(key -> CompletableFuture.supplyAsync(() ->
                aws.run("s3api", "put-object", "--bucket", app.configBucket(), "--key", key, "--body", body.toString())))
                .toList();
        for (CompletableFuture<AwsCli.Result> put : puts) {
            put.get(60, TimeUnit.SECONDS).ok();
        }
        assertContest(request.name(), keys);
    }

    @Test
    void anInvalidFileNamingAnOwnedNameLeavesTheOwnersStatusAlone() throws Exception {
        ExampleWorld.Prepared request = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-owned");
        String ownerKey = "requests/" + request.name() + ".json";
        s3.putObject(r -> r.bucket(app.configBucket()).key(ownerKey), RequestBody.fromBytes(request.json()));
        assertThat(finished(ownerKey).status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        ObjectNode invalid = (ObjectNode) JSON.readTree(request.json());
        invalid.put("MaxWorkers", 0);
        String strayKey = "requests/stray/" + request.name() + ".json";
        s3.putObject(r -> r.bucket(app.configBucket()).key(strayKey), RequestBody.fromBytes(JSON.writeValueAsBytes(invalid)));
        assertThat(finished(strayKey).status()).isEqualTo(ExecutionStatus.FAILED);

        JsonNode ownStatus = status("status/" + request.name() + ".json");
        assertThat(ownStatus.path("State").asText()).as("the owner's status").isEqualTo("SUCCEEDED");
        JsonNode refused = status(ClaimStore.conflictStatusKey(request.name(), EnvironmentClaim.Owner.of(
                new RequestSource(RequestSource.S3_OBJECT, "s3://" + app.configBucket() + "/" + strayKey, null, null))));
        assertThat(refused.path("State").asText()).isEqualTo("FAILED");
        assertThat(refused.path("Error").path("Problems").findValuesAsText("Path")).containsExactly("MaxWorkers");
    }

    /** Exactly one request owns the Name and provisioned it; the other was refused and changed nothing. */
    private void assertContest(String name, List<String> keys) throws Exception {
        List<Execution> executions = new ArrayList<>();
        for (String key : keys) {
            executions.add(finished(key));
        }
        List<Execution> won = executions.stream().filter(e -> e.status() == ExecutionStatus.SUCCEEDED).toList();
        List<Execution> lost = executions.stream().filter(e -> e.status() == ExecutionStatus.FAILED).toList();
        assertThat(won).as("winners").hasSize(1);
        assertThat(lost).as("refused").hasSize(1);
        String winnerUri = "s3://" + app.configBucket() + "/" + won.get(0).input().path("detail").path("object").path("key").asText();
        String loserUri = "s3://" + app.configBucket() + "/" + lost.get(0).input().path("detail").path("object").path("key").asText();

        assertThat(lost.get(0).error()).hasValueSatisfying(e -> assertThat(e).contains("NameOwnedByAnotherRequest"));
        assertThat(lost.get(0).cause()).hasValueSatisfying(c -> assertThat(c)
                .contains("Environment name " + name + " is owned by " + winnerUri, "not by " + loserUri,
                        "Fix: give this request another Name, or delete " + winnerUri));

        // The claim names the winner; the winner's status is its own; the refusal is filed beside it.
        ClaimStore claims = new ClaimStore(s3, app.configBucket());
        EnvironmentClaim claim = claims.read(name).orElseThrow().claim();
        assertThat(claim.owner().uri()).isEqualTo(winnerUri);
        // What the winner applied and what the provisioner manages for the Name, for update and removal.
        assertThat(claim.appliedRequestDigest()).hasSize(64);
        assertThat(claim.created().environment().name()).isEqualTo(name);
        assertThat(claim.created().network().stackName()).isEqualTo("mwaa-" + name + "-network");
        JsonNode ownStatus = status("status/" + name + ".json");
        assertThat(ownStatus.path("State").asText()).isEqualTo("SUCCEEDED");
        assertThat(ownStatus.toString()).contains(winnerUri, won.get(0).executionArn());
        String conflictKey = ClaimStore.conflictStatusKey(name, EnvironmentClaim.Owner.of(
                new RequestSource(RequestSource.S3_OBJECT, loserUri, null, null)));
        JsonNode conflict = status(conflictKey);
        assertThat(conflict.path("State").asText()).isEqualTo("FAILED");
        assertThat(conflict.toString()).contains("NameOwnedByAnotherRequest", winnerUri, loserUri);

        // The failure event says the same.
        assertThat(outcomeEvents).anySatisfy(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("Environment Provisioning Failed");
            assertThat(event.path("detail").toString()).contains(name, "NameOwnedByAnotherRequest", loserUri);
        });

        // One environment of that name, made by the winner, available.
        assertThat(mwaa.listEnvironments(r -> { }).environments().stream().filter(name::equals)).hasSize(1);
        assertThat(mwaa.getEnvironment(r -> r.name(name)).environment().statusAsString()).isEqualTo("AVAILABLE");
    }
}
