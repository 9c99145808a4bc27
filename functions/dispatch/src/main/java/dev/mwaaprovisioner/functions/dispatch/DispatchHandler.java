package dev.mwaaprovisioner.functions.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * Function "DispatchFunction", the target of every EventBridge rule of the deployment: starts the
 * provisioning state machine once per event. EventBridge delivers at least once; the execution
 * is named after the event ({@link ExecutionNames}), so a repeated delivery finds its execution
 * instead of starting a second one.
 *
 * <p>Input: the event as EventBridge delivers it (S3 {@code Object Created} / {@code Object
 * Deleted} of a request file, {@code mwaa-provisioner} {@code Provision Environment} /
 * {@code Deprovision Environment}). The state machine gets it unchanged as its input.
 *
 * <p>Step Functions answers a second StartExecution with the name and input of a running
 * execution with that execution, and one of a finished execution (or another input) with
 * ExecutionAlreadyExists; both are the same delivery again: logged, answered with the existing
 * execution, nothing started. Output: {@link Result}.
 */
public final class DispatchHandler extends WorkflowStep<JsonNode, DispatchHandler.Result> {

    public static final String FUNCTION = "DispatchFunction";
    static final String STATE_MACHINE_ARN = "STATE_MACHINE_ARN";
    static final List<String> S3_EVENTS = List.of("Object Created", "Object Deleted");
    static final String CUSTOM_SOURCE = "mwaa-provisioner";
    static final List<String> CUSTOM_EVENTS = List.of("Provision Environment", "Deprovision Environment");

    /**
     * What the function returns.
     *
     * @param duplicate true when Step Functions refused the name as already used: this delivery
     *                  repeated one that started the execution
     */
    public record Result(@JsonProperty("ExecutionName") String executionName,
                         @JsonProperty("ExecutionArn") String executionArn,
                         @JsonProperty("Duplicate") boolean duplicate) {
    }

    private final SfnClient stepFunctions;
    private final String stateMachineArn;

    /** Lambda's entry: clients built once per container from the process environment. */
    public DispatchHandler() {
        this(FromProcessEnvironment.CLIENTS);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials, STATE_MACHINE_ARN). */
    public DispatchHandler(Map<String, String> environment) {
        this(new FunctionClients(FUNCTION, environment));
    }

    private DispatchHandler(FunctionClients clients) {
        this(clients.create(SfnClient.builder(), AwsService.SFN), clients.requiredVariable(STATE_MACHINE_ARN));
    }

    public DispatchHandler(SfnClient stepFunctions, String stateMachineArn) {
        super(FUNCTION, JsonNode.class);
        this.stepFunctions = stepFunctions;
        this.stateMachineArn = stateMachineArn;
    }

    private static final class FromProcessEnvironment {
        static final FunctionClients CLIENTS = new FunctionClients(FUNCTION, System.getenv());
    }

    /**
     * The priming: returns the handler's output on the sample event.
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answer
     */
    @Override
    public String prime() {
        return prime("s3-object-created.json", List.of(
                SnapStartPriming.answer(200, "priming/start-execution.json", "Content-Type", "application/x-amz-json-1.0")));
    }

    @Override
    public Result handle(JsonNode event) {
        String name = ExecutionNames.of(event);
        String input;
        try {
            input = WorkflowJson.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        String what = "StartExecution " + name;
        try {
            StartExecutionResponse started = AwsCalls.call(what, () -> stepFunctions.startExecution(r -> r
                    .stateMachineArn(stateMachineArn).name(name).input(input)));
            log("Started or joined execution " + started.executionArn() + " for event " + event.path("id").asText());
            return new Result(name, started.executionArn(), false);
        } catch (ExecutionAlreadyExistsException e) {
            String existing = executionArn(name);
            log("Duplicate delivery of event " + event.path("id").asText() + ": execution " + existing
                    + " was already started for it; nothing started.");
            return new Result(name, existing, true);
        }
    }

    /** The ARN of the state machine's execution of that name. */
    String executionArn(String name) {
        int at = stateMachineArn.indexOf(":stateMachine:");
        if (at < 0) {
            throw new IllegalStateException(STATE_MACHINE_ARN + " '" + stateMachineArn + "' is not a state machine ARN.");
        }
        return stateMachineArn.substring(0, at) + ":execution:" + stateMachineArn.substring(at + ":stateMachine:".length())
                + ":" + name;
    }

    /** One line to the function's log (standard error, which Lambda sends to its log group). */
    private static void log(String line) {
        System.err.println(line);
    }
}
