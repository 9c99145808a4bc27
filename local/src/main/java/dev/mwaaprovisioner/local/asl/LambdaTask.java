package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The Lambda integrations of Task states, as Step Functions runs them: the history events
 * (TaskScheduled/Started/Succeeded/Failed/TimedOut for {@code lambda:invoke},
 * LambdaFunctionScheduled/... for a function ARN), the result ({@code lambda:invoke} wraps the
 * payload with the HTTP metadata of the Invoke call) and the errors: the function's
 * {@code errorType} with its error document as cause, {@code Lambda.<Code>} for service errors,
 * {@code States.Timeout} past TimeoutSeconds.
 */
final class LambdaTask {

    private static final String RESOURCE_TYPE = "lambda";
    private static final String RESOURCE = "invoke";

    /** Signals that TimeoutSeconds elapsed on the clock before the function answered. */
    private static final class TimedOut extends Exception {
        TimedOut() {
            super(null, null, false, false);
        }
    }

    private LambdaTask() {
    }

    static JsonNode invoke(TaskState task, JsonNode effectiveInput, Duration timeout, StateRun run) {
        boolean integration = task.integration == TaskState.Integration.LAMBDA_INVOKE;
        LambdaInvoker.LambdaRequest request = integration ? fromParameters(effectiveInput, run)
                : new LambdaInvoker.LambdaRequest(task.resource, null, effectiveInput, "RequestResponse");
        Frame frame = run.frame;
        if (integration) {
            ObjectNode scheduled = HistoryDetails.object().put("resourceType", RESOURCE_TYPE).put("resource", RESOURCE)
                    .put("region", run.runtime().region()).put("parameters", Json.compact(effectiveInput));
            if (timeout != null) {
                scheduled.put("timeoutInSeconds", timeout.getSeconds());
            }
            frame.record("TaskScheduled", "taskScheduledEventDetails", scheduled);
            frame.record("TaskStarted", "taskStartedEventDetails", resourceDetails());
        } else {
            ObjectNode scheduled = HistoryDetails.withInput(HistoryDetails.object().put("resource", task.resource),
                    effectiveInput);
            if (timeout != null) {
                scheduled.put("timeoutInSeconds", timeout.getSeconds());
            }
            frame.record("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", scheduled);
            frame.record("LambdaFunctionStarted");
        }

        LambdaInvoker.LambdaResponse response;
        try {
            response = call(request, timeout, run);
        } catch (TimedOut e) {
            String cause = "The task '" + run.state.name + "' did not finish within " + timeout.getSeconds() + " second(s)";
            throw failed(integration, integration ? "TaskTimedOut" : "LambdaFunctionTimedOut",
                    integration ? "taskTimedOutEventDetails" : "lambdaFunctionTimedOutEventDetails",
                    StatesError.TIMEOUT, cause, frame);
        } catch (LambdaInvoker.LambdaServiceException e) {
            String cause = e.getMessage() + " (Service: Lambda, Status Code: " + e.statusCode() + ", Error Code: "
                    + e.errorCode() + ")";
            throw failed(integration, integration ? "TaskFailed" : "LambdaFunctionFailed",
                    integration ? "taskFailedEventDetails" : "lambdaFunctionFailedEventDetails",
                    "Lambda." + e.errorCode(), cause, frame);
        }

        if (response.functionError() != null) {
            JsonNode document = response.payload() == null ? NullNode.getInstance() : response.payload();
            JsonNode errorType = document.path("errorType");
            String error = errorType.isTextual() ? errorType.asText() : "Lambda.Unknown";
            String cause = errorType.isTextual() ? Json.compact(document)
                    : "The cause could not be determined because Lambda did not return an error type. Returned payload: "
                            + Json.compact(document);
            throw failed(integration, integration ? "TaskFailed" : "LambdaFunctionFailed",
                    integration ? "taskFailedEventDetails" : "lambdaFunctionFailedEventDetails", error, cause, frame);
        }

        JsonNode result = integration ? wrap(response) : response.payload() == null ? NullNode.getInstance()
                : response.payload();
        if (Json.utf8Length(result) > GraphRunner.MAX_PAYLOAD_BYTES) {
            throw new StatesError(StatesError.DATA_LIMIT_EXCEEDED, "The state/task '" + run.state.name
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
        if (integration) {
            frame.record("TaskSucceeded", "taskSucceededEventDetails",
                    HistoryDetails.withOutput(resourceDetails(), result));
        } else {
            frame.record("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails",
                    HistoryDetails.withOutput(HistoryDetails.object(), result));
        }
        return result;
    }

    private static LambdaInvoker.LambdaRequest fromParameters(JsonNode parameters, StateRun run) {
        JsonNode name = parameters.path("FunctionName");
        if (!name.isTextual() || name.asText().isEmpty()) {
            throw run.runtimeError("The parameter 'FunctionName' must be a non-empty string but was "
                    + Json.compact(parameters.path("FunctionName")));
        }
        JsonNode qualifier = parameters.get("Qualifier");
        JsonNode type = parameters.get("InvocationType");
        return new LambdaInvoker.LambdaRequest(name.asText(),
                qualifier == null || qualifier.isNull() ? null : qualifier.asText(),
                parameters.get("Payload"),
                type == null || type.isNull() ? "RequestResponse" : type.asText());
    }

    /**
     * Calls the function; a watcher ends the wait once {@code timeout} has passed on the clock and
     * in real time (see {@link AslClock#sleepForWork}).
     */
    private static LambdaInvoker.LambdaResponse call(LambdaInvoker.LambdaRequest request, Duration timeout,
            StateRun run) throws TimedOut, LambdaInvoker.LambdaServiceException {
        ExecutionRuntime runtime = run.runtime();
        CompletableFuture<LambdaInvoker.LambdaResponse> result = new CompletableFuture<>();
        Future<?> invocation = runtime.pool.submit(() -> {
            try {
                result.complete(runtime.invoker.invoke(request));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        Future<?> watcher = timeout == null ? null : runtime.pool.submit(() -> {
            try {
                runtime.clock.sleepForWork(timeout);
                result.completeExceptionally(new TimedOut());
            } catch (InterruptedException e) {
                // the function answered first
            }
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            throw run.frame.scope.interrupted();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimedOut timedOut) {
                throw timedOut;
            }
            if (cause instanceof LambdaInvoker.LambdaServiceException serviceError) {
                throw serviceError;
            }
            if (cause instanceof InterruptedException) {
                throw run.frame.scope.interrupted();
            }
            throw new StatesError("Lambda.SdkClientException", "Invoking " + request.functionName() + " failed: " + cause);
        } finally {
            invocation.cancel(true);
            if (watcher != null) {
                watcher.cancel(true);
            }
        }
    }

    private static StatesError failed(boolean integration, String type, String detailsName, String error, String cause,
            Frame frame) {
        ObjectNode details = integration ? resourceDetails() : HistoryDetails.object();
        details.put("error", error);
        details.put("cause", cause);
        frame.record(type, detailsName, details);
        return new StatesError(error, cause);
    }

    private static ObjectNode resourceDetails() {
        return HistoryDetails.object().put("resourceType", RESOURCE_TYPE).put("resource", RESOURCE);
    }

    /** The result of {@code arn:aws:states:::lambda:invoke}: the payload and the Invoke response metadata. */
    private static JsonNode wrap(LambdaInvoker.LambdaResponse response) {
        JsonNode payload = response.payload() == null ? TextNode.valueOf("") : response.payload();
        String requestId = response.requestId();
        String version = response.executedVersion() == null ? "$LATEST" : response.executedVersion();
        ObjectNode result = HistoryDetails.object();
        result.put("ExecutedVersion", version);
        result.set("Payload", payload);
        ObjectNode http = result.putObject("SdkHttpMetadata");
        ObjectNode all = http.putObject("AllHttpHeaders");
        ObjectNode single = http.putObject("HttpHeaders");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(ZoneOffset.UTC));
        header(all, single, "X-Amz-Executed-Version", version);
        header(all, single, "x-amzn-Remapped-Content-Length", "0");
        header(all, single, "Connection", "keep-alive");
        header(all, single, "x-amzn-RequestId", requestId);
        header(all, single, "Content-Length", String.valueOf(Json.utf8Length(payload)));
        header(all, single, "Date", date);
        header(all, single, "Content-Type", "application/json");
        http.put("HttpStatusCode", response.statusCode());
        result.putObject("SdkResponseMetadata").put("RequestId", requestId);
        result.put("StatusCode", response.statusCode());
        return result;
    }

    private static void header(ObjectNode all, ObjectNode single, String name, String value) {
        ArrayNode values = all.putArray(name);
        values.add(value);
        single.put(name, value);
    }
}
