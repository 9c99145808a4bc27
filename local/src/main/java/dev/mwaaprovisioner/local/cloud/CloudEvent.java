package dev.mwaaprovisioner.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.protocol.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An event in the shape EventBridge delivers it: {@code version, id, detail-type, source,
 * account, time, region, resources, detail}.
 *
 * @param eventBusName the bus it was put on ({@code default} for AWS service events); not part of
 *                     the delivered JSON, as in EventBridge
 */
public record CloudEvent(
        String id,
        String source,
        String detailType,
        JsonNode detail,
        List<String> resources,
        Instant time,
        String region,
        String account,
        String eventBusName) {

    public static final String DEFAULT_BUS = "default";

    public CloudEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detailType, "detailType");
        id = id == null ? UUID.randomUUID().toString() : id;
        detail = detail == null ? Json.object() : detail;
        resources = resources == null ? List.of() : List.copyOf(resources);
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(account, "account");
        eventBusName = eventBusName == null ? DEFAULT_BUS : eventBusName;
    }

    /** An event on the default bus with a fresh id. */
    public static CloudEvent of(String source, String detailType, JsonNode detail, List<String> resources,
                                Instant time, String region, String account) {
        return new CloudEvent(null, source, detailType, detail, resources, time, region, account, DEFAULT_BUS);
    }

    /** The event as EventBridge delivers it to targets. */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("version", "0");
        json.put("id", id);
        json.put("detail-type", detailType);
        json.put("source", source);
        json.put("account", account);
        json.put("time", Timestamps.isoSeconds(time));
        json.put("region", region);
        ArrayNode res = json.putArray("resources");
        resources.forEach(res::add);
        json.set("detail", detail.deepCopy());
        return json;
    }
}
