package dev.mwaaprovisioner.local.cloud.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.protocol.JsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch Logs (JSON 1.1, {@code X-Amz-Target: Logs_20140328.<Op>}), log groups only:
 * CreateLogGroup, DescribeLogGroups, PutRetentionPolicy, DeleteLogGroup. Log streams and events
 * are not emulated and refused as unsupported operations.
 */
public final class LogsService implements CloudService {

    private final JsonProtocol protocol = new JsonProtocol("1.1", "Logs_20140328");
    private final LogGroupStore store;

    public LogsService(ServiceContext context) {
        this.store = new LogGroupStore(context.clock(), context.accountId());
    }

    @Override
    public String signingName() {
        return "logs";
    }

    @Override
    public String displayName() {
        return "CloudWatch Logs";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public Collection<?> components() {
        return List.of(store);
    }

    public LogGroupStore store() {
        return store;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        ObjectNode in = protocol.input(request);
        String region = request.region();
        return switch (request.operation()) {
            case "CreateLogGroup" -> {
                store.create(region, text(in, "logGroupName"), null, tags(in.path("tags")));
                yield protocol.respond(request, Json.object());
            }
            case "PutRetentionPolicy" -> {
                store.putRetentionPolicy(region, text(in, "logGroupName"),
                        in.hasNonNull("retentionInDays") ? in.get("retentionInDays").asInt() : null);
                yield protocol.respond(request, Json.object());
            }
            case "DeleteLogGroup" -> {
                store.delete(region, text(in, "logGroupName"));
                yield protocol.respond(request, Json.object());
            }
            case "DescribeLogGroups" -> {
                ArrayNode groups = Json.MAPPER.createArrayNode();
                for (LogGroup group : store.list(region, text(in, "logGroupNamePrefix"))) {
                    ObjectNode g = groups.addObject();
                    g.put("logGroupName", group.name());
                    g.put("creationTime", group.creationTime().toEpochMilli());
                    if (group.retentionInDays() != null) {
                        g.put("retentionInDays", group.retentionInDays());
                    }
                    g.put("arn", group.arn());
                    g.put("logGroupArn", group.arn().substring(0, group.arn().length() - 2));
                    g.put("storedBytes", 0);
                }
                yield protocol.respond(request, Json.object().set("logGroups", groups));
            }
            default -> throw protocol.unsupportedOperation(displayName(), request.operation());
        };
    }

    private static String text(ObjectNode in, String field) {
        return in.hasNonNull(field) ? in.get(field).asText() : null;
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> result = new LinkedHashMap<>();
        tags.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }

    @Override
    public JsonNode inventory() {
        ArrayNode groups = Json.MAPPER.createArrayNode();
        for (LogGroup group : store.all()) {
            groups.addObject().put("LogGroupName", group.name()).put("Region", group.region())
                    .put("RetentionInDays", group.retentionInDays());
        }
        return Json.object().set("LogGroups", groups);
    }
}
