package dev.mwaaprovisioner.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.FaultInjector.OperationFault;
import dev.mwaaprovisioner.local.cloud.FaultInjector.ResourceFault;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.protocol.Timestamps;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local cloud's own small JSON API under {@code /_local/} (unsigned requests only):
 * <ul>
 *   <li>{@code GET /_local/health} — endpoint, account, time scale, simulated time, services;
 *   <li>{@code GET /_local/faults}, {@code POST /_local/faults} (one fault object or an array),
 *       {@code DELETE /_local/faults} — see {@link FaultInjector} and docs/local.md;
 *   <li>{@code GET /_local/events} — the events put on the event bus;
 *   <li>{@code GET /_local/requests} — the AWS requests served (the last 10,000): service, operation, status, error, User-Agent;
 *   <li>{@code GET /_local/inventory} — the resources each service holds.
 * </ul>
 */
final class ControlApi {

    private static final Set<String> OPERATION_FIELDS = Set.of("service", "operation", "caller", "errorCode", "httpStatus", "message", "times");
    private static final Set<String> RESOURCE_FIELDS = Set.of("kind", "name", "outcome", "details", "times");

    private final LocalCloud cloud;

    ControlApi(LocalCloud cloud) {
        this.cloud = cloud;
    }

    CloudResponse handle(CloudRequest request) {
        String path = request.rawPath();
        String method = request.method();
        try {
            switch (path) {
                case "/_local/health":
                    if (method.equals("GET")) {
                        return ok(health());
                    }
                    break;
                case "/_local/faults":
                    switch (method) {
                        case "GET":
                            return ok(faults());
                        case "POST":
                            addFaults(request);
                            return json(201, faults());
                        case "DELETE":
                            cloud.faults().clear();
                            return CloudResponse.empty(204);
                        default:
                            break;
                    }
                    break;
                case "/_local/events":
                    if (method.equals("GET")) {
                        ArrayNode events = Json.MAPPER.createArrayNode();
                        cloud.eventBus().events().forEach(e -> events.add(e.toJson()));
                        return ok(events);
                    }
                    break;
                case "/_local/requests":
                    if (method.equals("GET")) {
                        ArrayNode requests = Json.MAPPER.createArrayNode();
                        for (RequestLog.Entry r : cloud.requestLog().entries()) {
                            ObjectNode node = requests.addObject();
                            node.put("time", Timestamps.iso(r.at()));
                            node.put("service", r.service());
                            node.put("operation", r.operation());
                            node.put("region", r.region());
                            node.put("status", r.status());
                            node.put("errorCode", r.errorCode());
                            node.put("caller", r.caller());
                            node.put("userAgent", r.userAgent());
                        }
                        return ok(requests);
                    }
                    break;
                case "/_local/inventory":
                    if (method.equals("GET")) {
                        return ok(Json.MAPPER.valueToTree(cloud.inventory()));
                    }
                    break;
                default:
                    return problem(404, "No local control endpoint " + path
                            + "; there are GET /_local/health, GET|POST|DELETE /_local/faults, GET /_local/events, GET /_local/requests, GET /_local/inventory");
            }
            return problem(405, "Method " + method + " is not allowed on " + path);
        } catch (IllegalArgumentException e) {
            return problem(400, e.getMessage());
        }
    }

    private JsonNode health() {
        ObjectNode h = Json.object();
        h.put("status", "running");
        h.put("endpoint", cloud.endpoint().toString());
        h.put("accountId", cloud.accountId());
        h.put("defaultRegion", cloud.defaultRegion());
        h.put("timeScale", cloud.clock().timeScale());
        h.put("now", Timestamps.iso(cloud.clock().now()));
        ArrayNode services = h.putArray("services");
        cloud.signingNames().forEach(services::add);
        return h;
    }

    private JsonNode faults() {
        ObjectNode all = Json.object();
        all.set("operationFaults", Json.MAPPER.valueToTree(cloud.faults().operationFaults()));
        all.set("resourceFaults", Json.MAPPER.valueToTree(cloud.faults().resourceFaults()));
        return all;
    }

    private void addFaults(CloudRequest request) {
        JsonNode body;
        try {
            body = Json.parse(request.body());
        } catch (IOException e) {
            throw new IllegalArgumentException("The fault is not valid JSON: " + e.getMessage());
        }
        if (body == null || body.isMissingNode()) {
            throw new IllegalArgumentException("POST /_local/faults needs a JSON fault object (or an array of them) as body");
        }
        List<JsonNode> faults = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(faults::add);
        } else {
            faults.add(body);
        }
        // Validate every fault before setting any, so a bad batch sets nothing.
        List<Runnable> setters = new ArrayList<>();
        for (JsonNode fault : faults) {
            setters.add(parseFault(fault));
        }
        setters.forEach(Runnable::run);
    }

    private Runnable parseFault(JsonNode fault) {
        if (!fault.isObject()) {
            throw new IllegalArgumentException("A fault must be a JSON object, not " + fault);
        }
        if (fault.has("service")) {
            checkFields(fault, OPERATION_FIELDS, "an operation fault");
            String service = text(fault, "service", true);
            String operation = text(fault, "operation", true);
            String caller = text(fault, "caller", false);
            String code = text(fault, "errorCode", true);
            int status = fault.has("httpStatus") ? intValue(fault, "httpStatus") : 400;
            String message = text(fault, "message", false);
            int times = fault.has("times") ? intValue(fault, "times") : 1;
            // Check now, so a batch with a bad fault sets none.
            FaultInjector.checkOperationFault(service, operation, caller, code, status, times);
            return () -> cloud.faults().failOperation(service, operation, caller, code, status, message, times);
        }
        if (fault.has("kind")) {
            checkFields(fault, RESOURCE_FIELDS, "a resource fault");
            String kind = text(fault, "kind", true);
            String name = text(fault, "name", true);
            String outcome = text(fault, "outcome", true);
            Map<String, String> details = new LinkedHashMap<>();
            JsonNode d = fault.get("details");
            if (d != null && !d.isNull()) {
                if (!d.isObject()) {
                    throw new IllegalArgumentException("fault field 'details' must be an object of strings, not " + d);
                }
                d.fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
            }
            int times = fault.has("times") ? intValue(fault, "times") : 1;
            FaultInjector.checkResourceFault(kind, name, outcome, times);
            return () -> cloud.faults().failResource(kind, name, outcome, details, times);
        }
        throw new IllegalArgumentException("A fault needs either 'service' (an operation fault: service, operation, caller, errorCode, "
                + "httpStatus, message, times) or 'kind' (a resource fault: kind, name, outcome, details, times): " + fault);
    }

    private static void checkFields(JsonNode fault, Set<String> allowed, String what) {
        for (Iterator<String> it = fault.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new IllegalArgumentException("Unknown field '" + field + "' in " + what + "; allowed: " + allowed);
            }
        }
    }

    private static String text(JsonNode fault, String field, boolean required) {
        JsonNode v = fault.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("fault field '" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("fault field '" + field + "' must be a string, not " + v);
        }
        return v.asText();
    }

    private static int intValue(JsonNode fault, String field) {
        JsonNode v = fault.get(field);
        if (!v.isInt()) {
            throw new IllegalArgumentException("fault field '" + field + "' must be an integer, not " + v);
        }
        return v.asInt();
    }

    private static CloudResponse ok(JsonNode body) {
        return json(200, body);
    }

    private static CloudResponse json(int status, JsonNode body) {
        return CloudResponse.of(status, "application/json", Json.bytes(body));
    }

    private static CloudResponse problem(int status, String message) {
        return json(status, Json.object().put("message", message));
    }
}
