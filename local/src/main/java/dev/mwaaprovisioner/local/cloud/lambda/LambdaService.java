package dev.mwaaprovisioner.local.cloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.LambdaInvoker;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.sqs.SqsQueues;
import dev.mwaaprovisioner.local.cloud.protocol.RestJsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.RestRoutes;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * AWS Lambda's Invoke API (REST-JSON, signing name {@code lambda}) for the functions registered
 * in {@link LambdaFunctions}, plus GetFunction and ListFunctions so clients can see them.
 * Creating, updating and deleting functions over the API is not emulated: functions are Java
 * handlers registered in-process.
 */
public final class LambdaService implements CloudService {

    private static final RestRoutes ROUTES = new RestRoutes()
            .add("POST", "/2015-03-31/functions/{FunctionName}/invocations", "Invoke")
            .add("GET", "/2015-03-31/functions/{FunctionName}", "GetFunction")
            .add("GET", "/2015-03-31/functions", "ListFunctions");
    /** The last bytes of the log that {@code LogType: Tail} returns, as Lambda does. */
    private static final int LOG_TAIL_BYTES = 4096;

    private final RestJsonProtocol protocol = new RestJsonProtocol(ROUTES);
    private final LambdaFunctions functions;

    public LambdaService(ServiceContext context) {
        this.functions = new LambdaFunctions(context.clock(), context.faults(), context.accountId(),
                context.defaultRegion(), (queueArn, record) -> context.service(SqsQueues.class)
                        .send(queueArn, record, java.util.Map.of(), null, context.accountId()));
    }

    @Override
    public String signingName() {
        return "lambda";
    }

    @Override
    public String displayName() {
        return "AWS Lambda";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public List<String> pathPrefixes() {
        return List.of("/2015-03-31/functions");
    }

    @Override
    public Collection<?> components() {
        return List.of(functions);
    }

    @Override
    public JsonNode inventory() {
        ArrayNode list = Json.MAPPER.createArrayNode();
        functions.list().forEach(f -> list.add(configuration(f)));
        return list;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        RestRoutes.Match route = protocol.match(request);
        return switch (request.operation()) {
            case "Invoke" -> invoke(request, route.param("FunctionName"));
            case "GetFunction" -> {
                LambdaFunction function = functions.find(route.param("FunctionName"))
                        .orElseThrow(() -> notFound(route.param("FunctionName")));
                ObjectNode out = Json.object();
                out.set("Configuration", configuration(function));
                yield protocol.respond(request, out);
            }
            case "ListFunctions" -> {
                ObjectNode out = Json.object();
                ArrayNode list = out.putArray("Functions");
                functions.list().forEach(f -> list.add(configuration(f)));
                yield protocol.respond(request, out);
            }
            default -> throw protocol.unsupportedOperation(displayName(), request.operation());
        };
    }

    private CloudResponse invoke(CloudRequest request, String functionName) {
        String typeHeader = request.header("X-Amz-Invocation-Type");
        LambdaFunctions.InvocationType type;
        try {
            type = typeHeader == null ? LambdaFunctions.InvocationType.RequestResponse
                    : LambdaFunctions.InvocationType.valueOf(typeHeader);
        } catch (IllegalArgumentException e) {
            throw new CloudException("InvalidParameterValueException", 400, "Invalid InvocationType '" + typeHeader
                    + "': use RequestResponse, Event or DryRun");
        }
        byte[] body = request.body();
        if (body.length > 0) {
            try {
                Json.parse(body);
            } catch (IOException e) {
                throw new CloudException("InvalidRequestContentException", 400,
                        "Could not parse request body into json: " + Json.describe(e));
            }
        }
        LambdaFunctions.Invocation invocation;
        try {
            invocation = functions.invoke(functionName, request.queryParam("Qualifier"), body, type);
        } catch (LambdaInvoker.LambdaServiceException e) {
            CloudException error = new CloudException(e.errorCode(), e.statusCode(), e.getMessage());
            if (e.errorCode().equals("ResourceNotFoundException")) {
                error.with("Type", "User");
            }
            throw error;
        }
        CloudResponse response = CloudResponse.of(invocation.statusCode(), RestJsonProtocol.CONTENT_TYPE,
                invocation.payload()).header("x-amzn-RequestId", invocation.requestId());
        if (invocation.executedVersion() != null) {
            response.header("X-Amz-Executed-Version", invocation.executedVersion());
        }
        if (invocation.functionError() != null) {
            response.header("X-Amz-Function-Error", invocation.functionError());
        }
        if ("Tail".equals(request.header("X-Amz-Log-Type")) && type == LambdaFunctions.InvocationType.RequestResponse) {
            byte[] log = invocation.log().getBytes(StandardCharsets.UTF_8);
            int from = Math.max(0, log.length - LOG_TAIL_BYTES);
            response.header("X-Amz-Log-Result",
                    Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(log, from, log.length)));
        }
        return response;
    }

    private CloudException notFound(String name) {
        return new CloudException("ResourceNotFoundException", 404, "Function not found: "
                + (name.startsWith("arn:") ? name : functions.arn(name))).with("Type", "User");
    }

    private static ObjectNode configuration(LambdaFunction function) {
        ObjectNode config = Json.object();
        config.put("FunctionName", function.name());
        config.put("FunctionArn", function.arn());
        config.put("Runtime", "java21");
        config.put("Handler", function.handlerClass() + "::handleRequest");
        config.put("Timeout", function.timeout().toSeconds());
        config.put("MemorySize", function.memoryMb());
        config.put("Version", LambdaFunction.LATEST);
        config.put("State", "Active");
        config.put("PackageType", "Zip");
        return config;
    }

    @Override
    public void close() {
        functions.close();
    }
}
