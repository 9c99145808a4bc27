package dev.mwaaprovisioner.local.cloud.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.StateMachineAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;

/**
 * Step Functions through the AWS SDK v2: state machines, executions with Lambda tasks, a Choice
 * loop around a Wait, a Retry that succeeds on the third attempt (two injected faults), a Catch to
 * a Fail state, and the history they leave.
 */
class StepFunctionsServiceTest {

    private static final String ROLE = "arn:aws:iam::000000000000:role/StatesRole";
    private static LocalCloud cloud;
    private static SfnClient sfn;
    private static final AtomicInteger CHECKS = new AtomicInteger();

    static final String WORKFLOW = """
            {"Comment": "create a thing, then poll until it is ready",
             "StartAt": "Create",
             "States": {
               "Create": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                          "Parameters": {"FunctionName": "create-thing", "Payload.$": "$"},
                          "ResultSelector": {"id.$": "$.Payload.id"}, "ResultPath": "$.created",
                          "Retry": [{"ErrorEquals": ["ThrottlingError"], "IntervalSeconds": 2, "MaxAttempts": 3,
                                     "BackoffRate": 2}],
                          "Next": "Check"},
               "Check": {"Type": "Task",
                         "Resource": "arn:aws:lambda:us-east-1:000000000000:function:check-thing",
                         "InputPath": "$.created", "ResultPath": "$.check",
                         "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}],
                         "Next": "Ready?"},
               "Ready?": {"Type": "Choice",
                          "Choices": [{"Variable": "$.check.status", "StringEquals": "READY", "Next": "Done"}],
                          "Default": "Wait"},
               "Wait": {"Type": "Wait", "Seconds": 60, "Next": "Check"},
               "Done": {"Type": "Succeed"},
               "Failed": {"Type": "Fail", "Error": "ThingFailed", "CausePath": "$.error.Cause"}}}""";

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(1000));
        sfn = TestClients.client(SfnClient.builder(), cloud);
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
        sfn.close();
        cloud.close();
    }

    @AfterEach
    void clearFaults() {
        cloud.faults().clear();
    }

    private static String createMachine(String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    private static DescribeExecutionResponse await(String executionArn) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (execution.status() != ExecutionStatus.RUNNING) {
                return execution;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Execution still running: " + executionArn);
    }

    private static List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn).maxResults(20)).events().stream().toList();
    }

    @Test
    void theWorkflowRetriesPollsAndSucceeds() throws Exception {
        CHECKS.set(0);
        cloud.faults().failResource(LambdaFunctions.FAULT_KIND, "create-thing", "FAILED",
                Map.of("errorType", "ThrottlingError", "errorMessage", "slow down"), 2);
        String machine = createMachine("poll-until-ready", WORKFLOW);
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(machine).name("first")
                .input("{\"name\": \"one\"}")).executionArn();
        assertThat(executionArn).isEqualTo("arn:aws:states:us-east-1:000000000000:execution:poll-until-ready:first");

        DescribeExecutionResponse execution = await(executionArn);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = Json.parse(execution.output());
        assertThat(output.at("/created/id").asText()).isEqualTo("thing-one");
        assertThat(output.at("/check/status").asText()).isEqualTo("READY");
        assertThat(Json.parse(execution.input()).get("name").asText()).isEqualTo("one");
        assertThat(execution.stopDate()).isAfterOrEqualTo(execution.startDate());

        List<HistoryEvent> events = history(executionArn);
        List<HistoryEventType> types = events.stream().map(HistoryEvent::type).toList();
        assertThat(types).containsSubsequence(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_STARTED,
                HistoryEventType.TASK_FAILED, HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_FAILED,
                HistoryEventType.TASK_SCHEDULED, HistoryEventType.TASK_SUCCEEDED, HistoryEventType.TASK_STATE_EXITED,
                HistoryEventType.LAMBDA_FUNCTION_SCHEDULED, HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED,
                HistoryEventType.CHOICE_STATE_ENTERED, HistoryEventType.WAIT_STATE_ENTERED,
                HistoryEventType.WAIT_STATE_EXITED, HistoryEventType.CHOICE_STATE_ENTERED,
                HistoryEventType.WAIT_STATE_ENTERED, HistoryEventType.CHOICE_STATE_ENTERED,
                HistoryEventType.SUCCEED_STATE_ENTERED, HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(types.stream().filter(HistoryEventType.TASK_SCHEDULED::equals)).hasSize(3);
        assertThat(types.stream().filter(HistoryEventType.LAMBDA_FUNCTION_SCHEDULED::equals)).hasSize(3);
        assertThat(types.stream().filter(HistoryEventType.WAIT_STATE_ENTERED::equals)).hasSize(2);
        HistoryEvent failed = events.stream().filter(e -> e.type() == HistoryEventType.TASK_FAILED).findFirst().orElseThrow();
        assertThat(failed.taskFailedEventDetails().error()).isEqualTo("ThrottlingError");
        assertThat(failed.taskFailedEventDetails().resourceType()).isEqualTo("lambda");
        assertThat(Json.parse(failed.taskFailedEventDetails().cause()).get("errorMessage").asText())
                .isEqualTo("slow down");
        HistoryEvent entered = events.get(1);
        assertThat(entered.stateEnteredEventDetails().name()).isEqualTo("Create");
        assertThat(entered.id()).isEqualTo(2);
        assertThat(entered.previousEventId()).isEqualTo(1);
        assertThat(events.get(0).executionStartedEventDetails().roleArn()).isEqualTo(ROLE);

        List<HistoryEvent> reversed = sfn.getExecutionHistory(r -> r.executionArn(executionArn).reverseOrder(true)
                .maxResults(1)).events();
        assertThat(reversed).singleElement().extracting(HistoryEvent::type).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
    }

    /**
     * Step Functions puts a status change on the default bus when a Standard execution starts and
     * when it ends; the detail's fields are the ones EventBridge rules match on.
     */
    @Test
    void everyExecutionPutsItsStatusChangesOnTheDefaultBus() throws Exception {
        String machine = createMachine("status-events", WORKFLOW);
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(machine).name("announced")
                .input("{\"name\": \"broken\"}")).executionArn();
        assertThat(await(executionArn).status()).isEqualTo(ExecutionStatus.FAILED);

        List<dev.mwaaprovisioner.local.cloud.CloudEvent> changes = cloud.eventBus().events().stream()
                .filter(e -> e.source().equals("aws.states") && e.resources().contains(executionArn)).toList();
        assertThat(changes).extracting(e -> e.detailType()).containsOnly("Step Functions Execution Status Change");
        assertThat(changes).extracting(e -> e.detail().path("status").asText()).containsExactly("RUNNING", "FAILED");
        JsonNode ended = changes.get(1).detail();
        assertThat(ended.path("executionArn").asText()).isEqualTo(executionArn);
        assertThat(ended.path("stateMachineArn").asText()).isEqualTo(machine);
        assertThat(ended.path("name").asText()).isEqualTo("announced");
        assertThat(ended.path("error").asText()).isEqualTo("ThingFailed");
        assertThat(ended.path("stopDate").asLong()).isGreaterThanOrEqualTo(ended.path("startDate").asLong());
        assertThat(Json.parse(ended.path("input").asText()).path("name").asText()).isEqualTo("broken");
        assertThat(changes.get(0).detail().path("stopDate").isNull()).isTrue();
    }

    @Test
    void aFailingTaskIsCaughtIntoAFailState() throws Exception {
        String machine = createMachine("poll-broken", WORKFLOW);
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(machine).input("{\"name\": \"broken\"}"))
                .executionArn();
        DescribeExecutionResponse execution = await(executionArn);
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("ThingFailed");
        JsonNode cause = Json.parse(execution.cause());
        assertThat(cause.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(cause.get("errorMessage").asText()).isEqualTo("thing-broken cannot be checked");
        List<HistoryEventType> types = history(executionArn).stream().map(HistoryEvent::type).toList();
        assertThat(types).containsSubsequence(HistoryEventType.LAMBDA_FUNCTION_FAILED,
                HistoryEventType.TASK_STATE_EXITED, HistoryEventType.FAIL_STATE_ENTERED, HistoryEventType.EXECUTION_FAILED);
        HistoryEvent last = history(executionArn).get(types.size() - 1);
        assertThat(last.executionFailedEventDetails().error()).isEqualTo("ThingFailed");
    }

    @Test
    void createStateMachineRefusesInvalidDefinitionsAsStepFunctionsDoes() {
        assertThatThrownBy(() -> createMachine("bad-next", """
                {"StartAt": "Bar", "States": {"Bar": {"Type": "Pass", "Next": "Foo"}}}"""))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid State Machine Definition: "
                            + "'MISSING_TRANSITION_TARGET: Missing 'Next' target: Foo at /States/Bar/Next, "
                            + "MISSING_END_STATE: Workflow has no terminal state'");
                });
    }

    @Test
    void anUnsupportedConstructIsRefusedNamingTheStateAndTheConstruct() {
        assertThatThrownBy(() -> createMachine("uses-sqs", """
                {"StartAt": "Notify", "States": {"Notify": {"Type": "Task",
                  "Resource": "arn:aws:states:::sqs:sendMessage",
                  "Parameters": {"QueueUrl": "q", "MessageBody": "m"}, "End": true}}}"""))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("UNSUPPORTED_BY_LOCAL_CLOUD: The Resource 'arn:aws:states:::sqs:sendMessage' of"
                        + " state 'Notify' is not supported by the local cloud")
                .hasMessageContaining("at /States/Notify/Resource");
        assertThatThrownBy(() -> createMachine("uses-jsonata", """
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "QueryLanguage": "JSONata", "End": true}}}"""))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("QueryLanguage JSONata is not supported by the local cloud")
                .hasMessageContaining("at /States/A/QueryLanguage");
    }

    @Test
    void validateStateMachineDefinitionReportsDiagnostics() {
        var result = sfn.validateStateMachineDefinition(r -> r.definition("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}"""));
        assertThat(result.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(result.diagnostics()).first().satisfies(d -> {
            assertThat(d.code()).isEqualTo("MISSING_TRANSITION_TARGET");
            assertThat(d.location()).isEqualTo("/States/A/Next");
        });
        assertThat(sfn.validateStateMachineDefinition(r -> r.definition(WORKFLOW)).result())
                .isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
    }

    @Test
    void stateMachinesAreCreatedIdempotentlyDescribedUpdatedListedAndDeleted() {
        String definition = "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}";
        String arn = createMachine("lifecycle", definition);
        assertThat(createMachine("lifecycle", definition)).isEqualTo(arn);
        assertThatThrownBy(() -> createMachine("lifecycle", "{\"StartAt\": \"B\", \"States\": {\"B\": {\"Type\": \"Succeed\"}}}"))
                .isInstanceOf(StateMachineAlreadyExistsException.class)
                .hasMessageContaining("State Machine Already Exists: '" + arn + "'");
        assertThatThrownBy(() -> createMachine("bad name", definition)).isInstanceOf(InvalidNameException.class);

        var described = sfn.describeStateMachine(r -> r.stateMachineArn(arn));
        assertThat(described.name()).isEqualTo("lifecycle");
        assertThat(described.definition()).isEqualTo(definition);
        assertThat(described.roleArn()).isEqualTo(ROLE);
        assertThat(described.typeAsString()).isEqualTo("STANDARD");
        assertThat(described.statusAsString()).isEqualTo("ACTIVE");

        String updated = "{\"StartAt\": \"C\", \"States\": {\"C\": {\"Type\": \"Pass\", \"End\": true}}}";
        assertThat(sfn.updateStateMachine(r -> r.stateMachineArn(arn).definition(updated)).updateDate()).isNotNull();
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(arn)).definition()).isEqualTo(updated);
        assertThatThrownBy(() -> sfn.updateStateMachine(r -> r.stateMachineArn(arn).definition("{}")))
                .isInstanceOf(InvalidDefinitionException.class);

        assertThat(sfn.listStateMachines().stateMachines()).extracting(s -> s.name()).contains("lifecycle");
        sfn.deleteStateMachine(r -> r.stateMachineArn(arn));
        assertThatThrownBy(() -> sfn.describeStateMachine(r -> r.stateMachineArn(arn)))
                .isInstanceOf(StateMachineDoesNotExistException.class);
    }

    @Test
    void startExecutionIsIdempotentWhileRunningAndRefusesReusedNames() throws Exception {
        String arn = createMachine("long-wait", """
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 86400, "End": true}}}""");
        var first = sfn.startExecution(r -> r.stateMachineArn(arn).name("once").input("{\"a\": 1}"));
        var again = sfn.startExecution(r -> r.stateMachineArn(arn).name("once").input("{\"a\": 1}"));
        assertThat(again.executionArn()).isEqualTo(first.executionArn());
        assertThat(again.startDate()).isEqualTo(first.startDate());
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(arn).name("once").input("{\"a\": 2}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class)
                .hasMessageContaining("Execution Already Exists: '" + first.executionArn() + "'");

        assertThat(sfn.listExecutions(r -> r.stateMachineArn(arn).statusFilter(ExecutionStatus.RUNNING)).executions())
                .extracting(e -> e.name()).containsExactly("once");
        var stopped = sfn.stopExecution(r -> r.executionArn(first.executionArn()).error("Operator").cause("enough"));
        assertThat(stopped.stopDate()).isNotNull();
        DescribeExecutionResponse execution = await(first.executionArn());
        assertThat(execution.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(execution.error()).isEqualTo("Operator");
        assertThat(history(first.executionArn()).get(2).type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(arn).statusFilter(ExecutionStatus.ABORTED)).executions())
                .hasSize(1);
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(arn).statusFilter(ExecutionStatus.RUNNING)).executions())
                .isEmpty();

        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(arn).name("once").input("{\"a\": 1}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(arn).name("no/slash")))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(arn).input("{not json")))
                .isInstanceOf(InvalidExecutionInputException.class)
                .hasMessageContaining("Invalid State Machine Execution Input");
    }

    @Test
    void anExecutionCanBeFollowedInProcess() throws Exception {
        String arn = createMachine("followed", """
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}""");
        StateMachines machines = cloud.service(StateMachines.class);
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AutoCloseable subscription = machines.onExecutionStarted(execution -> execution.addListener(
                (e, event) -> event.stateName().ifPresent(name -> lines.add(event.type() + " " + name))))) {
            String executionArn = sfn.startExecution(r -> r.stateMachineArn(arn)).executionArn();
            assertThat(machines.execution(executionArn).awaitCompletion(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(lines).containsExactly("PassStateEntered A", "PassStateExited A", "SucceedStateEntered B",
                "SucceedStateExited B");
    }
}
