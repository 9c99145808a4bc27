package dev.mwaaprovisioner.local.cloud.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.protocol.JsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Amazon EventBridge (JSON 1.1, {@code X-Amz-Target: AWSEvents.*}, signing name {@code events})
 * on the default bus: rules with event patterns, Step Functions and Lambda targets, PutEvents.
 * It subscribes to the local cloud's event bus, so events other services emit (S3's
 * {@code Object Created}) reach the rules as well. Scheduled rules, custom buses, archives and
 * API destinations are not emulated.
 */
public final class EventBridgeService implements CloudService {

    private final JsonProtocol protocol = new JsonProtocol("1.1", "AWSEvents");
    private final ServiceContext context;
    private final EventRules rules;
    private final AutoCloseable subscription;

    public EventBridgeService(ServiceContext context) {
        this.context = context;
        this.rules = new EventRules(context);
        this.subscription = context.eventBus().subscribe(rules::dispatch);
    }

    @Override
    public String signingName() {
        return "events";
    }

    @Override
    public String displayName() {
        return "Amazon EventBridge";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public Collection<?> components() {
        return List.of(rules);
    }

    @Override
    public JsonNode inventory() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (EventRule rule : rules.rules(context.defaultRegion(), null, null)) {
            list.add(describe(rule));
        }
        return list;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        ObjectNode in = protocol.input(request);
        String region = request.region();
        String bus = text(in, "EventBusName");
        JsonNode out = switch (request.operation()) {
            case "PutRule" -> {
                if (in.hasNonNull("ScheduleExpression")) {
                    throw new CloudException("ValidationException", 400, "ScheduleExpression is not supported by the"
                            + " local cloud: its rules match events (EventPattern) only");
                }
                EventRule rule = rules.putRule(region, bus, text(in, "Name"), text(in, "EventPattern"),
                        text(in, "Description"), text(in, "State"), text(in, "RoleArn"));
                yield Json.object().put("RuleArn", rule.arn());
            }
            case "DescribeRule" -> describe(rules.rule(region, bus, required(in, "Name")));
            case "ListRules" -> {
                ObjectNode result = Json.object();
                ArrayNode list = result.putArray("Rules");
                rules.rules(region, bus, text(in, "NamePrefix")).forEach(r -> list.add(describe(r)));
                yield result;
            }
            case "DeleteRule" -> {
                rules.deleteRule(region, bus, required(in, "Name"));
                yield Json.object();
            }
            case "EnableRule", "DisableRule" -> {
                rules.setEnabled(region, bus, required(in, "Name"), request.operation().equals("EnableRule"));
                yield Json.object();
            }
            case "PutTargets" -> {
                rules.putTargets(region, bus, required(in, "Rule"), targets(in.path("Targets")));
                yield noFailures();
            }
            case "ListTargetsByRule" -> {
                ObjectNode result = Json.object();
                ArrayNode list = result.putArray("Targets");
                rules.rule(region, bus, required(in, "Rule")).targets().forEach(t -> list.add(target(t)));
                yield result;
            }
            case "RemoveTargets" -> {
                List<String> ids = new ArrayList<>();
                in.path("Ids").forEach(id -> ids.add(id.asText()));
                rules.removeTargets(region, bus, required(in, "Rule"), ids);
                yield noFailures();
            }
            case "PutEvents" -> putEvents(request, in);
            default -> throw protocol.unsupportedOperation(displayName(), request.operation());
        };
        return protocol.respond(request, out);
    }

    /** PutEvents: each valid entry goes on the bus (and so to the rules); invalid ones are reported per entry. */
    private JsonNode putEvents(CloudRequest request, ObjectNode in) {
        JsonNode entries = in.path("Entries");
        if (!entries.isArray() || entries.isEmpty() || entries.size() > 10) {
            throw new CloudException("ValidationException", 400, "1 validation error detected: Value at 'entries'"
                    + " failed to satisfy constraint: Member must have length between 1 and 10");
        }
        long size = 0;
        for (JsonNode entry : entries) {
            size += entrySize(entry);
        }
        if (size > MAX_REQUEST_BYTES) {
            throw new CloudException("ValidationException", 400, "Total size of the entries in the request is over the limit.");
        }
        ObjectNode out = Json.object();
        ArrayNode results = out.putArray("Entries");
        int failed = 0;
        for (JsonNode entry : entries) {
            String problemCode = null;
            String problem = null;
            JsonNode detail = null;
            for (String field : List.of("Source", "DetailType", "Detail")) {
                if (!entry.hasNonNull(field) || entry.get(field).asText().isEmpty()) {
                    problemCode = "InvalidArgument";
                    problem = "Parameter " + field + " is not valid. Reason: " + field + " is a required argument.";
                    break;
                }
            }
            if (problem == null && entry.get("Source").asText().startsWith("aws.")) {
                // Sources of AWS services are reserved: custom events cannot claim them.
                problemCode = "NotAuthorizedForSourceException";
                problem = "Not authorized for the source.";
            }
            if (problem == null) {
                try {
                    detail = Json.parse(entry.get("Detail").asText());
                    if (!detail.isObject()) {
                        throw new IOException("not an object");
                    }
                } catch (IOException e) {
                    problemCode = "MalformedDetail";
                    problem = "Detail is malformed.";
                }
            }
            if (problem == null) {
                try {
                    EventRules.bus(text(entry, "EventBusName"));
                } catch (CloudException e) {
                    problemCode = "ResourceNotFoundException";
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                failed++;
                results.addObject().put("ErrorCode", problemCode).put("ErrorMessage", problem);
                continue;
            }
            List<String> resources = new ArrayList<>();
            entry.path("Resources").forEach(r -> resources.add(r.asText()));
            Instant time = entry.has("Time") ? Instant.ofEpochMilli((long) (entry.get("Time").asDouble() * 1000))
                    : context.clock().now();
            CloudEvent event = new CloudEvent(null, entry.get("Source").asText(), entry.get("DetailType").asText(),
                    detail, resources, time, request.region(), request.accountId(), CloudEvent.DEFAULT_BUS);
            context.eventBus().putEvent(event);
            results.addObject().put("EventId", event.id());
        }
        out.put("FailedEntryCount", failed);
        return out;
    }

    /** PutEvents takes at most 256 KB of entries in one request. */
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    /**
     * An entry's size as EventBridge counts it: 14 bytes for a Time, the UTF-8 bytes of Source,
     * DetailType, Detail and each of Resources.
     */
    static long entrySize(JsonNode entry) {
        long size = entry.has("Time") ? 14 : 0;
        for (String field : List.of("Source", "DetailType", "Detail")) {
            size += entry.path(field).asText("").getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        for (JsonNode resource : entry.path("Resources")) {
            size += resource.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return size;
    }

    private static List<EventTarget> targets(JsonNode array) {
        if (!array.isArray() || array.isEmpty() || array.size() > 10) {
            throw new CloudException("ValidationException", 400, "1 validation error detected: Value at 'targets' failed"
                    + " to satisfy constraint: Member must have length between 1 and 10");
        }
        List<EventTarget> targets = new ArrayList<>();
        for (JsonNode t : array) {
            Map<String, String> pathsMap = null;
            String template = null;
            JsonNode transformer = t.get("InputTransformer");
            if (transformer != null && !transformer.isNull()) {
                template = text(transformer, "InputTemplate");
                if (template == null) {
                    throw new CloudException("ValidationException", 400, "Target " + text(t, "Id")
                            + ": InputTransformer needs an InputTemplate");
                }
                pathsMap = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = transformer.path("InputPathsMap").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    pathsMap.put(e.getKey(), e.getValue().asText());
                }
            }
            EventTarget.RetryPolicy retry = null;
            JsonNode policy = t.get("RetryPolicy");
            if (policy != null && !policy.isNull()) {
                retry = new EventTarget.RetryPolicy(
                        policy.path("MaximumRetryAttempts").asInt(EventTarget.RetryPolicy.DEFAULT.maximumRetryAttempts()),
                        policy.path("MaximumEventAgeInSeconds").asInt(EventTarget.RetryPolicy.DEFAULT.maximumEventAgeSeconds()));
            }
            targets.add(new EventTarget(text(t, "Id"), text(t, "Arn"), text(t, "RoleArn"), text(t, "Input"),
                    text(t, "InputPath"), pathsMap == null ? Map.of() : pathsMap, template, retry,
                    text(t.path("DeadLetterConfig"), "Arn")));
        }
        return targets;
    }

    private static ObjectNode describe(EventRule rule) {
        ObjectNode out = Json.object();
        out.put("Name", rule.name());
        out.put("Arn", rule.arn());
        out.put("EventPattern", rule.pattern().text());
        out.put("State", rule.enabled() ? "ENABLED" : "DISABLED");
        if (rule.description() != null) {
            out.put("Description", rule.description());
        }
        if (rule.roleArn() != null) {
            out.put("RoleArn", rule.roleArn());
        }
        out.put("EventBusName", rule.eventBusName());
        return out;
    }

    private static ObjectNode target(EventTarget target) {
        ObjectNode out = Json.object().put("Id", target.id()).put("Arn", target.arn());
        if (target.roleArn() != null) {
            out.put("RoleArn", target.roleArn());
        }
        if (target.input() != null) {
            out.put("Input", target.input());
        }
        if (target.inputPath() != null) {
            out.put("InputPath", target.inputPath());
        }
        if (target.inputTemplate() != null) {
            ObjectNode transformer = out.putObject("InputTransformer");
            ObjectNode paths = transformer.putObject("InputPathsMap");
            target.inputPathsMap().forEach(paths::put);
            transformer.put("InputTemplate", target.inputTemplate());
        }
        if (target.retryPolicy() != null) {
            out.putObject("RetryPolicy").put("MaximumRetryAttempts", target.retryPolicy().maximumRetryAttempts())
                    .put("MaximumEventAgeInSeconds", target.retryPolicy().maximumEventAgeSeconds());
        }
        if (target.deadLetterArn() != null) {
            out.putObject("DeadLetterConfig").put("Arn", target.deadLetterArn());
        }
        return out;
    }

    private static ObjectNode noFailures() {
        ObjectNode out = Json.object().put("FailedEntryCount", 0);
        out.putArray("FailedEntries");
        return out;
    }

    private static String required(JsonNode in, String field) {
        String value = text(in, field);
        if (value == null) {
            throw new CloudException("ValidationException", 400, "1 validation error detected: Value null at '"
                    + Character.toLowerCase(field.charAt(0)) + field.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static String text(JsonNode in, String field) {
        JsonNode value = in.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            System.err.println("local cloud: closing the EventBridge subscription failed: " + e);
        }
    }
}
