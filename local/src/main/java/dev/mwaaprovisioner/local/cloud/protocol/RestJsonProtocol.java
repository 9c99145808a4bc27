package dev.mwaaprovisioner.local.cloud.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import java.io.IOException;

/**
 * The REST-JSON protocol (MWAA, Lambda): the HTTP method and URI name the operation (see
 * {@link RestRoutes}); bodies are JSON; errors carry the {@code x-amzn-ErrorType} header and
 * {@code {"message": ...}}.
 */
public class RestJsonProtocol implements WireProtocol {

    public static final String CONTENT_TYPE = "application/json";

    private final RestRoutes routes;

    public RestJsonProtocol(RestRoutes routes) {
        this.routes = routes;
    }

    public RestRoutes routes() {
        return routes;
    }

    @Override
    public String operation(CloudRequest request) {
        return routes.match(request).map(RestRoutes.Match::operation).orElse(null);
    }

    /** The route the request matched; callers only reach a service once a route matched. */
    public RestRoutes.Match match(CloudRequest request) {
        return routes.match(request).orElseThrow(() -> unsupportedOperation("This service", request.method() + " " + request.rawPath()));
    }

    /** The body as a JSON object (an empty body is an empty object). */
    public ObjectNode input(CloudRequest request) {
        if (request.body().length == 0) {
            return Json.object();
        }
        try {
            JsonNode node = Json.parse(request.body());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw new CloudException("SerializationException", 400, "Request body is not valid JSON: " + Json.describe(e));
        }
        throw new CloudException("SerializationException", 400, "Request body must be a JSON object");
    }

    public CloudResponse respond(CloudRequest request, int status, JsonNode output) {
        return CloudResponse.of(status, CONTENT_TYPE, Json.bytes(output))
                .header("x-amzn-RequestId", request.requestId());
    }

    public CloudResponse respond(CloudRequest request, JsonNode output) {
        return respond(request, 200, output);
    }

    @Override
    public CloudResponse error(CloudRequest request, CloudException error) {
        ObjectNode body = Json.object().put("message", error.getMessage());
        error.extraFields().forEach(body::put);
        return CloudResponse.of(error.httpStatus(), CONTENT_TYPE, Json.bytes(body))
                .header("x-amzn-ErrorType", error.code())
                .header("x-amzn-RequestId", request.requestId());
    }

    @Override
    public CloudException unsupportedOperation(String serviceName, String operation) {
        return new CloudException("UnknownOperationException", 404, WireProtocol.unsupportedMessage(serviceName, operation));
    }
}
