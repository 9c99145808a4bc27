package dev.mwaaprovisioner.local.cloud.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.Diagnostic;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.HistoryEvent;
import dev.mwaaprovisioner.local.asl.LambdaInvoker;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.protocol.JsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.Timestamps;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * AWS Step Functions (JSON 1.0, {@code X-Amz-Target: AWSStepFunctions.*}, signing name
 * {@code states}): state machines and executions run by the local Amazon States Language
 * interpreter, with Task states calling the functions of the local Lambda. Other operations
 * (activities, versions, aliases, redrive, tags) answer as not supported.
 */
public final class StepFunctionsService implements CloudService {

    private static final Set<String> STATUSES = Set.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED",
            "PENDING_REDRIVE");

    private final JsonProtocol protocol = new JsonProtocol("1.0", "AWSStepFunctions");
    private final StateMachines machines;

    public StepFunctionsService(ServiceContext context) {
        // Lambda is looked up per call: services are not all created when this constructor runs.
        LambdaInvoker lambda = request -> context.findService(LambdaFunctions.class)
                .orElseThrow(() -> new LambdaInvoker.LambdaServiceException("ServiceException", 500,
                        "The local cloud serves no Lambda"))
                .invoke(request);
        this.machines = new StateMachines(context.clock(), context.accountId(), lambda, context.eventBus());
    }

    @Override
    public String signingName() {
        return "states";
    }

    @Override
    public String displayName() {
        return "AWS Step Functions";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public Collection<?> components() {
        return List.of(machines);
    }

    @Override
    public JsonNode inventory() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (StateMachine machine : machines.list()) {
            ObjectNode entry = list.addObject().put("stateMachineArn", machine.arn());
            ArrayNode executions = entry.putArray("executions");
            for (Execution execution : machines.executions(machine.arn())) {
                executions.addObject().put("executionArn", execution.executionArn())
                        .put("status", execution.status().name());
            }
        }
        return list;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        ObjectNode in = protocol.input(request);
        JsonNode out = switch (request.operation()) {
            case "CreateStateMachine" -> createStateMachine(request, in);
            case "DescribeStateMachine" -> describeStateMachine(machines.describe(required(in, "stateMachineArn")));
            case "UpdateStateMachine" -> {
                StateMachine updated = machines.update(required(in, "stateMachineArn"), text(in, "definition"),
                        text(in, "roleArn"), in.get("loggingConfiguration"), in.get("tracingConfiguration"));
                yield Json.object().put("updateDate", Timestamps.epochSeconds(updated.updateDate()));
            }
            case "DeleteStateMachine" -> {
                machines.delete(required(in, "stateMachineArn"));
                yield Json.object();
            }
            case "ListStateMachines" -> listStateMachines(in);
            case "ValidateStateMachineDefinition" -> validate(in);
            case "StartExecution" -> {
                Execution execution = machines.startExecution(required(in, "stateMachineArn"), text(in, "name"),
                        text(in, "input"));
                yield Json.object().put("executionArn", execution.executionArn())
                        .put("startDate", Timestamps.epochSeconds(execution.startDate()));
            }
            case "DescribeExecution" -> describeExecution(machines.execution(required(in, "executionArn")));
            case "ListExecutions" -> listExecutions(in);
            case "GetExecutionHistory" -> history(in);
            case "StopExecution" -> stopExecution(in);
            default -> throw protocol.unsupportedOperation(displayName(), request.operation());
        };
        return protocol.respond(request, out);
    }

    private JsonNode createStateMachine(CloudRequest request, ObjectNode in) {
        if (in.path("publish").asBoolean(false)) {
            throw new CloudException("ValidationException", 400,
                    "Publishing state machine versions (publish: true) is not supported by the local cloud");
        }
        StateMachine machine = machines.create(request.region(), required(in, "name"), required(in, "definition"),
                required(in, "roleArn"), text(in, "type"), in.get("loggingConfiguration"), in.get("tracingConfiguration"));
        return Json.object().put("stateMachineArn", machine.arn())
                .put("creationDate", Timestamps.epochSeconds(machine.creationDate()));
    }

    private static JsonNode describeStateMachine(StateMachine machine) {
        ObjectNode out = Json.object();
        out.put("stateMachineArn", machine.arn());
        out.put("name", machine.name());
        out.put("status", "ACTIVE");
        out.put("definition", machine.definitionText());
        out.put("roleArn", machine.roleArn());
        out.put("type", machine.type());
        out.put("creationDate", Timestamps.epochSeconds(machine.creationDate()));
        out.set("loggingConfiguration", machine.loggingConfiguration());
        out.set("tracingConfiguration", machine.tracingConfiguration());
        return out;
    }

    private JsonNode listStateMachines(ObjectNode in) {
        List<StateMachine> all = machines.list();
        Page page = Page.of(in, all.size());
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("stateMachines");
        for (StateMachine machine : all.subList(page.from, page.to)) {
            list.addObject().put("stateMachineArn", machine.arn()).put("name", machine.name())
                    .put("type", machine.type()).put("creationDate", Timestamps.epochSeconds(machine.creationDate()));
        }
        page.nextToken(out);
        return out;
    }

    private static JsonNode validate(ObjectNode in) {
        List<Diagnostic> diagnostics = StateMachines.validate(required(in, "definition"));
        ObjectNode out = Json.object().put("result", diagnostics.isEmpty() ? "OK" : "FAIL");
        ArrayNode list = out.putArray("diagnostics");
        for (Diagnostic diagnostic : diagnostics) {
            ObjectNode item = list.addObject().put("severity", "ERROR").put("code", diagnostic.code())
                    .put("message", diagnostic.message());
            if (diagnostic.location() != null) {
                item.put("location", diagnostic.location());
            }
        }
        return out;
    }

    static JsonNode describeExecution(Execution execution) {
        ObjectNode out = Json.object();
        out.put("executionArn", execution.executionArn());
        out.put("stateMachineArn", execution.stateMachineArn());
        out.put("name", execution.name());
        out.put("status", execution.status().name());
        out.put("startDate", Timestamps.epochSeconds(execution.startDate()));
        execution.stopDate().ifPresent(d -> out.put("stopDate", Timestamps.epochSeconds(d)));
        out.put("input", Json.text(execution.input()));
        out.putObject("inputDetails").put("included", true);
        execution.output().ifPresent(o -> {
            out.put("output", Json.text(o));
            out.putObject("outputDetails").put("included", true);
        });
        execution.error().ifPresent(e -> out.put("error", e));
        execution.cause().ifPresent(c -> out.put("cause", c));
        out.put("redriveCount", 0);
        return out;
    }

    private JsonNode listExecutions(ObjectNode in) {
        String filter = text(in, "statusFilter");
        if (filter != null && !STATUSES.contains(filter)) {
            throw new CloudException("ValidationException", 400, "1 validation error detected: Value '" + filter
                    + "' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: " + STATUSES);
        }
        List<Execution> all = new ArrayList<>();
        for (Execution execution : machines.executions(required(in, "stateMachineArn"))) {
            // No execution is ever PENDING_REDRIVE here: redrive is not emulated.
            if (filter == null || execution.status().name().equals(filter)) {
                all.add(execution);
            }
        }
        Page page = Page.of(in, all.size());
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("executions");
        for (Execution execution : all.subList(page.from, page.to)) {
            ObjectNode item = list.addObject();
            item.put("executionArn", execution.executionArn());
            item.put("stateMachineArn", execution.stateMachineArn());
            item.put("name", execution.name());
            item.put("status", execution.status().name());
            item.put("startDate", Timestamps.epochSeconds(execution.startDate()));
            execution.stopDate().ifPresent(d -> item.put("stopDate", Timestamps.epochSeconds(d)));
        }
        page.nextToken(out);
        return out;
    }

    private JsonNode history(ObjectNode in) {
        Execution execution = machines.execution(required(in, "executionArn"));
        List<HistoryEvent> events = new ArrayList<>(execution.history());
        if (in.path("reverseOrder").asBoolean(false)) {
            java.util.Collections.reverse(events);
        }
        boolean includeData = !in.has("includeExecutionData") || in.get("includeExecutionData").asBoolean(true);
        Page page = Page.of(in, events.size());
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("events");
        for (HistoryEvent event : events.subList(page.from, page.to)) {
            list.add(eventJson(event, includeData));
        }
        page.nextToken(out);
        return out;
    }

    /** A history event as GetExecutionHistory returns it. */
    static ObjectNode eventJson(HistoryEvent event, boolean includeData) {
        ObjectNode json = Json.object();
        json.put("timestamp", Timestamps.epochSeconds(event.timestamp()));
        json.put("type", event.type());
        json.put("id", event.id());
        json.put("previousEventId", event.previousEventId());
        if (event.detailsName() != null) {
            ObjectNode details = event.details();
            if (!includeData) {
                details.remove(List.of("input", "inputDetails", "output", "outputDetails", "parameters"));
            }
            json.set(event.detailsName(), details);
        }
        return json;
    }

    private JsonNode stopExecution(ObjectNode in) {
        Execution execution = machines.execution(required(in, "executionArn"));
        try {
            execution.stop(text(in, "error"), text(in, "cause"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("InternalFailure", 500, "Interrupted while stopping the execution");
        }
        return Json.object().put("stopDate", Timestamps.epochSeconds(
                execution.stopDate().orElseGet(() -> java.time.Instant.now())));
    }

    private static String required(ObjectNode in, String field) {
        String value = text(in, field);
        if (value == null) {
            throw new CloudException("ValidationException", 400, "1 validation error detected: Value null at '" + field
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static String text(ObjectNode in, String field) {
        JsonNode value = in.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public void close() {
        machines.close();
    }

    /** Offset pagination with an opaque nextToken, as the list operations use it. */
    private record Page(int from, int to, int total) {

        static Page of(ObjectNode in, int total) {
            int max = in.path("maxResults").asInt(0);
            if (max < 0 || max > 1000) {
                throw new CloudException("ValidationException", 400, "maxResults must be between 0 and 1000");
            }
            int size = max == 0 ? 100 : max;
            int from = 0;
            if (in.hasNonNull("nextToken")) {
                try {
                    from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(in.get("nextToken").asText()),
                            StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new CloudException("InvalidToken", 400, "Invalid Token: '" + in.get("nextToken").asText() + "'");
                }
            }
            from = Math.min(Math.max(from, 0), total);
            return new Page(from, Math.min(total, from + size), total);
        }

        void nextToken(ObjectNode out) {
            if (to < total) {
                out.put("nextToken", Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
