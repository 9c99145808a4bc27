package dev.mwaaprovisioner.functions.dispatch;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.RequestObjects;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.StepLog;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
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
 * {@code Deprovision Environment}). The state machine gets it as its input, unchanged but for one
 * thing: an inline request ({@code detail.Request} of {@code Provision Environment}) may hold
 * Airflow option values, which must not travel in an execution's input (its history keeps
 * them). The dispatch stores the request in the config bucket under
 * {@link RequestObjects#INLINE_PREFIX}{@code <event id>.json} and passes {@code detail.RequestCopy}
 * ({@code Uri}, {@code VersionId}) instead; a repeated delivery stores the same content again
 * (another version) and is then told apart by its execution name, as any other.
 *
 * <p>And Step Functions' {@code Step Functions Execution Status Change} of an execution that
 * ended holding a Name: the event waiting for that Name is started ({@link EndedHolders}).
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
    /** {@code detail.RequestCopy} of a {@code Provision Environment} event whose inline request was stored. */
    public static final String INLINE_COPY = "RequestCopy";
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

    static final String CONFIG_BUCKET = "CONFIG_BUCKET";
    /** The queue Lambda sends an event to when its dispatch fails for good, named in the failure record. */
    static final String FAILURE_QUEUE = "DISPATCH_FAILURE_QUEUE";
    public static final String DISPATCH_STATUS_PREFIX = "status/dispatch/";
    public static final String DISPATCH_FAILED = "DISPATCH_FAILED";

    private final SfnClient stepFunctions;
    private final String stateMachineArn;
    private final S3Client s3;
    private final String configBucket;
    /** Null or empty: no on-failure destination is known to this handler. */
    private String failureQueue;

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
        this(clients.create(SfnClient.builder(), AwsService.SFN), clients.requiredVariable(STATE_MACHINE_ARN),
                clients.create(S3Client.builder().forcePathStyle(clients.factory().endpointOverride(AwsService.S3).isPresent()),
                        AwsService.S3),
                clients.variable(CONFIG_BUCKET));
        this.failureQueue = clients.variable(FAILURE_QUEUE);
    }

    /** A dispatch that cannot store inline requests: it refuses them ({@link #handle}). */
    public DispatchHandler(SfnClient stepFunctions, String stateMachineArn) {
        this(stepFunctions, stateMachineArn, null, null);
    }

    public DispatchHandler(SfnClient stepFunctions, String stateMachineArn, S3Client s3, String configBucket) {
        super(FUNCTION, JsonNode.class);
        this.stepFunctions = stepFunctions;
        this.stateMachineArn = stateMachineArn;
        this.s3 = s3;
        this.configBucket = configBucket;
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

    /**
     * Dispatches the event; a dispatch that fails is logged and recorded
     * ({@link #recordFailure}) and the error rethrown, so that Lambda retries the event and,
     * when the retries are used up, sends it to the function's on-failure destination. A retry
     * that succeeds starts the one execution named after the event.
     */
    @Override
    public Result handle(JsonNode event) {
        try {
            if (EndedHolders.isStatusChange(event)) {
                return new EndedHolders(stepFunctions, stateMachineArn, s3, configBucket).resume(event);
            }
            return dispatch(event);
        } catch (RuntimeException e) {
            recordFailure(event, e);
            throw e;
        }
    }

    private Result dispatch(JsonNode event) {
        String name = ExecutionNames.of(event);
        String input;
        try {
            input = WorkflowJson.MAPPER.writeValueAsString(withInlineRequestStored(event));
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

    /**
     * The event with an inline request replaced by a reference to its stored copy; any other
     * event as it is.
     */
    JsonNode withInlineRequestStored(JsonNode event) {
        JsonNode inline = event.path("detail").get("Request");
        if (inline == null || !CUSTOM_SOURCE.equals(event.path("source").asText())
                || !"Provision Environment".equals(event.path("detail-type").asText())) {
            return event;
        }
        String eventId = event.path("id").asText("");
        if (s3 == null || configBucket == null || configBucket.isEmpty()) {
            throw new IllegalStateException("DispatchFunction has no " + CONFIG_BUCKET + " to store the inline request of "
                    + "event " + eventId + " in; it is not started with the request in its input.");
        }
        if (!eventId.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("event id '" + eventId + "' cannot name a stored request");
        }
        String key = RequestObjects.inlineKey(eventId);
        byte[] content;
        try {
            content = WorkflowJson.MAPPER.writeValueAsBytes(inline);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        String version = AwsCalls.call("PutObject s3://" + configBucket + "/" + key, () -> s3.putObject(r -> r
                .bucket(configBucket).key(key).contentType("application/json"),
                RequestBody.fromBytes(content)).versionId());
        ObjectNode rewritten = event.deepCopy();
        ObjectNode detail = (ObjectNode) rewritten.get("detail");
        detail.remove("Request");
        ObjectNode copy = detail.putObject(INLINE_COPY);
        copy.put("Uri", "s3://" + configBucket + "/" + key);
        if (version != null) {
            copy.put("VersionId", version);
        }
        JsonNode requested = inline.path("Name");
        if (requested.isTextual() && AwsIdentifiers.ENVIRONMENT_NAME.matcher(requested.textValue()).matches()) {
            copy.put("Name", requested.textValue()); // for people looking for the execution; validation reads the copy
        }
        log("Stored the inline request of event " + eventId + " as s3://" + configBucket + "/" + key
                + (version == null ? "" : " (version " + version + ")"));
        return rewritten;
    }

    /** Where a failed dispatch is recorded: {@code status/dispatch/<execution name, or event id>.json}. */
    static String failureKey(String executionName, String eventId) {
        String id = executionName != null ? executionName
                : eventId.matches("[A-Za-z0-9_-]{1,80}") ? eventId : "event-" + Integer.toHexString(eventId.hashCode());
        return DISPATCH_STATUS_PREFIX + id + ".json";
    }

    /**
     * Logs one line naming the event, what it asks for and the error, and writes
     * {@code status/dispatch/<execution name>.json} ({@code State: DISPATCH_FAILED}). The record
     * carries the event's identity and the request's location, never the event's detail (an
     * inline request may hold option values). A record that cannot be written is logged; the
     * dispatch's own error is what the function throws.
     */
    void recordFailure(JsonNode event, RuntimeException error) {
        String eventId = event.path("id").asText("");
        String executionName;
        try {
            executionName = ExecutionNames.of(event);
        } catch (IllegalArgumentException notDispatchable) {
            executionName = null;
        }
        String errorCode = error instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null ? aws.awsErrorDetails().errorCode()
                : error.getClass().getSimpleName();
        String errorMessage = String.valueOf(error.getMessage());
        String queue = failureQueue == null ? "" : failureQueue;
        ObjectNode record = WorkflowJson.MAPPER.createObjectNode();
        record.put("State", DISPATCH_FAILED);
        ObjectNode about = record.putObject("Event");
        about.put("Id", eventId);
        about.put("Source", event.path("source").asText(""));
        about.put("DetailType", event.path("detail-type").asText(""));
        about.put("Time", event.path("time").asText(""));
        JsonNode detail = event.path("detail");
        String what;
        if ("aws.s3".equals(event.path("source").asText())) {
            ObjectNode request = record.putObject("RequestFile");
            request.put("Bucket", detail.path("bucket").path("name").asText(""));
            request.put("Key", detail.path("object").path("key").asText(""));
            String version = detail.path("object").path("version-id").asText(null);
            if (version != null) {
                request.put("VersionId", version);
            }
            what = "s3://" + request.path("Bucket").asText() + "/" + request.path("Key").asText()
                    + (version == null ? "" : " (version " + version + ")");
        } else {
            JsonNode named = detail.path("Request").path("Name").isMissingNode() ? detail.path("Name")
                    : detail.path("Request").path("Name");
            String requested = named.isTextual() && AwsIdentifiers.ENVIRONMENT_NAME.matcher(named.textValue()).matches()
                    ? named.textValue() : null;
            if (requested != null) {
                record.put("Name", requested);
            }
            what = "Name " + (requested == null ? "(not given)" : requested);
        }
        if (executionName != null) {
            record.put("ExecutionName", executionName);
        }
        record.putObject("Error").put("Code", errorCode).put("Message", errorMessage);
        record.put("Retries", "Lambda retries the dispatch of this event; when the retries are used up, it keeps"
                + " the event in the dead-letter queue" + (queue.isEmpty() ? "" : " " + queue)
                + ". A later attempt that succeeds starts execution " + (executionName == null ? "(none: the event"
                + " cannot be dispatched)" : executionName) + ".");
        if (!queue.isEmpty()) {
            record.put("DeadLetterQueue", queue);
        }
        String key = failureKey(executionName, eventId);
        String where = "";
        if (s3 != null && configBucket != null && !configBucket.isEmpty()) {
            try {
                byte[] body = WorkflowJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(record);
                s3.putObject(r -> r.bucket(configBucket).key(key).contentType("application/json"),
                        RequestBody.fromBytes(body));
                where = "; recorded in s3://" + configBucket + "/" + key;
            } catch (JsonProcessingException | RuntimeException e) {
                where = "; could not record it in s3://" + configBucket + "/" + key + ": " + e.getMessage();
            }
        }
        log("DISPATCH_FAILED event " + eventId + " (" + event.path("detail-type").asText("") + ", " + what + "): "
                + errorCode + ": " + errorMessage + where + "; Lambda retries it, then keeps it in the dead-letter queue"
                + (queue.isEmpty() ? "" : " " + queue) + ".");
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

    /** A line of the step's log entry ({@link StepLog}); priming has none. */
    static void log(String line) {
        StepLog.note(line);
    }
}
