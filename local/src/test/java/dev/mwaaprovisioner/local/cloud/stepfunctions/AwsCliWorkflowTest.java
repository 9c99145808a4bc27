package dev.mwaaprovisioner.local.cloud.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.AwsCli;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.events.EventRules;
import dev.mwaaprovisioner.local.cloud.events.EventTarget;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The same workflow through the real AWS CLI: Step Functions, Lambda Invoke, and an S3 upload
 * that an EventBridge rule turns into an execution.
 */
class AwsCliWorkflowTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/StatesRole";
    private static final AtomicInteger CHECKS = new AtomicInteger();
    private static LocalCloud cloud;
    private static AwsCli aws;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(1000));
        aws = AwsCli.on(cloud);
        LambdaFunctions functions = cloud.service(LambdaFunctions.class);
        functions.register("create-thing", (RequestHandler<Map<String, Object>, Map<String, Object>>) (input, context) ->
                Map.of("id", "thing-" + input.get("name")));
        functions.register("check-thing", (RequestHandler<Map<String, Object>, Map<String, Object>>) (input, context) -> {
            if (String.valueOf(input.get("id")).equals("thing-broken")) {
                throw new IllegalStateException("thing-broken cannot be checked");
            }
            return Map.of("status", CHECKS.incrementAndGet() % 3 == 0 ? "READY" : "CREATING");
        });
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    /** Waits in-process (polling through the CLI is slow), then describes the execution with the CLI. */
    private static JsonNode awaitExecution(String executionArn) throws InterruptedException {
        assertThat(cloud.service(StateMachines.class).execution(executionArn)
                .awaitCompletion(java.time.Duration.ofSeconds(20))).isTrue();
        return aws.run("stepfunctions", "describe-execution", "--execution-arn", executionArn).ok().json();
    }

    private static List<String> historyTypes(String executionArn) {
        List<String> types = new ArrayList<>();
        aws.run("stepfunctions", "get-execution-history", "--execution-arn", executionArn).ok().json()
                .get("events").forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    @Test
    void createStartAndDescribeWithTheCli() throws Exception {
        cloud.faults().failResource(LambdaFunctions.FAULT_KIND, "create-thing", "FAILED",
                Map.of("errorType", "ThrottlingError", "errorMessage", "slow down"), 2);
        JsonNode created = aws.run("stepfunctions", "create-state-machine", "--name", "cli-workflow",
                "--definition", "file://" + AwsCli.tempFile(StepFunctionsServiceTest.WORKFLOW),
                "--role-arn", ROLE).ok().json();
        String machineArn = created.get("stateMachineArn").asText();
        assertThat(machineArn).isEqualTo("arn:aws:states:us-east-1:000000000000:stateMachine:cli-workflow");

        String executionArn = aws.run("stepfunctions", "start-execution", "--state-machine-arn", machineArn,
                "--name", "from-cli", "--input", "{\"name\": \"cli\"}").ok().json().get("executionArn").asText();
        JsonNode execution = awaitExecution(executionArn);
        assertThat(execution.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Json.parse(execution.get("output").asText()).at("/created/id").asText()).isEqualTo("thing-cli");
        List<String> types = historyTypes(executionArn);
        assertThat(types.stream().filter("TaskFailed"::equals)).hasSize(2);
        assertThat(types).containsSubsequence("ExecutionStarted", "TaskScheduled", "TaskFailed", "TaskScheduled",
                "TaskFailed", "TaskScheduled", "TaskSucceeded", "LambdaFunctionSucceeded", "ChoiceStateEntered",
                "WaitStateEntered", "SucceedStateEntered", "ExecutionSucceeded");

        String failedArn = aws.run("stepfunctions", "start-execution", "--state-machine-arn", machineArn,
                "--input", "{\"name\": \"broken\"}").ok().json().get("executionArn").asText();
        JsonNode failed = awaitExecution(failedArn);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").asText()).isEqualTo("ThingFailed");
        assertThat(Json.parse(failed.get("cause").asText()).get("errorType").asText())
                .isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void anUnsupportedConstructIsRefusedByTheCli() throws Exception {
        AwsCli.Result result = aws.run("stepfunctions", "create-state-machine", "--name", "cli-refused",
                "--definition", "file://" + AwsCli.tempFile("""
                        {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                          "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "I",
                                            "States": {"I": {"Type": "Succeed"}}}}}}"""),
                "--role-arn", ROLE);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("InvalidDefinition")
                .contains("Distributed Map (ProcessorConfig Mode DISTRIBUTED of state 'M')")
                .contains("/States/M/ItemProcessor/ProcessorConfig/Mode");
    }

    @Test
    void lambdaInvokeWithTheCliReportsTheFunctionError() throws Exception {
        List<String> args = new ArrayList<>(List.of("lambda", "invoke", "--function-name", "check-thing",
                "--payload", "{\"id\": \"thing-broken\"}"));
        args.addAll(aws.rawPayloadOptions());
        java.nio.file.Path out = AwsCli.tempFile("");
        args.add(out.toString());
        JsonNode response = aws.run(args.toArray(String[]::new)).ok().json();
        assertThat(response.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(response.get("FunctionError").asText()).isEqualTo("Unhandled");
        JsonNode error = Json.parse(java.nio.file.Files.readString(out));
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("errorMessage").asText()).isEqualTo("thing-broken cannot be checked");
    }

    @Test
    void anUploadWithTheCliStartsTheRulesStateMachine() throws Exception {
        // Set up in-process; the upload and the checks go through the CLI.
        String machineArn = cloud.service(StateMachines.class).create("us-east-1", "cli-on-upload",
                "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}", ROLE, null, null,
                null).arn();
        EventRules rules = cloud.service(EventRules.class);
        rules.putRule("us-east-1", null, "cli-uploads", "{\"source\": [\"aws.s3\"], \"detail-type\": [\"Object Created\"],"
                + " \"detail\": {\"bucket\": {\"name\": [\"cli-config\"]}, \"object\": {\"key\": [{\"prefix\": \"requests/\"}]}}}",
                null, null, null);
        rules.putTargets("us-east-1", null, "cli-uploads", List.of(new EventTarget("workflow", machineArn, ROLE, null,
                null, Map.of(), null)));
        try (S3Client s3 = TestClients.client(S3Client.builder(), cloud)) {
            s3.createBucket(r -> r.bucket("cli-config"));
            s3.putBucketNotificationConfiguration(r -> r.bucket("cli-config")
                    .notificationConfiguration(n -> n.eventBridgeConfiguration(e -> { })));
        }

        java.nio.file.Path body = AwsCli.tempFile("Name: cli");
        aws.run("s3api", "put-object", "--bucket", "cli-config", "--key", "requests/cli.yaml", "--body",
                body.toString()).ok();
        aws.run("s3api", "put-object", "--bucket", "cli-config", "--key", "other/cli.yaml", "--body",
                body.toString()).ok();
        JsonNode executions = aws.run("stepfunctions", "list-executions", "--state-machine-arn", machineArn).ok().json()
                .get("executions");
        assertThat(executions).hasSize(1);
        dev.mwaaprovisioner.local.asl.Execution execution = cloud.service(StateMachines.class)
                .execution(executions.get(0).get("executionArn").asText());
        assertThat(execution.awaitCompletion(java.time.Duration.ofSeconds(20))).isTrue();
        assertThat(execution.output().orElseThrow().at("/detail/object/key").asText()).isEqualTo("requests/cli.yaml");
    }
}
