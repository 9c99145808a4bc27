package dev.mwaaprovisioner.local.cloud.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import java.io.IOException;

/**
 * The AWS JSON protocols 1.0 and 1.1 (KMS, Step Functions, EventBridge): a POST whose
 * {@code X-Amz-Target: <Prefix>.<Operation>} names the operation and whose body is a JSON object;
 * errors are {@code {"__type": code, "message": ...}} with the {@code x-amzn-ErrorType} header.
 */
public class JsonProtocol implements WireProtocol {

    private final String version;
    private final String targetPrefix;

    /**
     * @param version      "1.0" or "1.1"
     * @param targetPrefix the X-Amz-Target prefix, e.g. {@code TrentService} or {@code AWSStepFunctions}
     */
    public JsonProtocol(String version, String targetPrefix) {
        if (!version.equals("1.0") && !version.equals("1.1")) {
            throw new IllegalArgumentException("JSON protocol version must be 1.0 or 1.1, not " + version);
        }
        this.version = version;
        this.targetPrefix = targetPrefix;
    }

    public String targetPrefix() {
        return targetPrefix;
    }

    public String contentType() {
        return "application/x-amz-json-" + version;
    }

    @Override
    public String operation(CloudRequest request) {
        String target = request.target();
        if (target == null) {
            return null;
        }
        int dot = target.lastIndexOf('.');
        return dot < 0 ? target : target.substring(dot + 1);
    }

    /**
     * The request body as a JSON object; an empty body is an empty object. A body that is not
     * a JSON object is the SerializationException AWS answers with.
     */
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

    public CloudResponse respond(CloudRequest request, JsonNode output) {
        return CloudResponse.of(200, contentType(), Json.bytes(output))
                .header("x-amzn-RequestId", request.requestId());
    }

    @Override
    public CloudResponse error(CloudRequest request, CloudException error) {
        ObjectNode body = Json.object().put("__type", error.code()).put("message", error.getMessage());
        error.extraFields().forEach(body::put);
        return CloudResponse.of(error.httpStatus(), contentType(), Json.bytes(body))
                .header("x-amzn-ErrorType", error.code())
                .header("x-amzn-RequestId", request.requestId());
    }

    @Override
    public CloudException unsupportedOperation(String serviceName, String operation) {
        return new CloudException("UnknownOperationException", 400, WireProtocol.unsupportedMessage(serviceName, operation));
    }
}
