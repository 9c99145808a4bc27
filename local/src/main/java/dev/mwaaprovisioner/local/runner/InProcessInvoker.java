package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.asl.LambdaInvoker;
import dev.mwaaprovisioner.local.functions.InProcessFunction;
import java.io.IOException;
import java.util.Map;

/**
 * Task states' Lambda calls, answered by the functions running in this JVM, found by the function
 * name in the task's ARN ({@code arn:aws:lambda:region:account:function:NAME[:qualifier]}) or by name.
 */
final class InProcessInvoker implements LambdaInvoker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, InProcessFunction> functions;

    InProcessInvoker(Map<String, InProcessFunction> functionsByName) {
        this.functions = Map.copyOf(functionsByName);
    }

    @Override
    public LambdaResponse invoke(LambdaRequest request) throws LambdaServiceException, InterruptedException {
        String name = functionName(request.functionName());
        InProcessFunction function = functions.get(name);
        if (function == null) {
            throw new LambdaServiceException("ResourceNotFoundException", 404,
                    "Function not found: " + request.functionName());
        }
        byte[] payload;
        try {
            payload = request.payload() == null ? new byte[0] : JSON.writeValueAsBytes(request.payload());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        InProcessFunction.Invocation invocation = function.invoke(payload, request.functionName());
        JsonNode response;
        try {
            response = invocation.payload().length == 0 ? null : JSON.readTree(invocation.payload());
        } catch (IOException e) {
            // Lambda hands back what the function wrote; a state machine needs JSON.
            throw new LambdaServiceException("InvalidResponseException", 502, "The function " + name
                    + " returned a response that is not JSON: " + e.getMessage());
        }
        return new LambdaResponse(200, function.settings().version(), invocation.functionError(), response,
                invocation.requestId());
    }

    /** The name in an ARN or partial ARN; names are returned as they are. */
    static String functionName(String nameOrArn) {
        String[] parts = nameOrArn.split(":");
        if (nameOrArn.startsWith("arn:") && parts.length >= 7) {
            return parts[6];
        }
        if (parts.length >= 3 && "function".equals(parts[1])) {
            return parts[2]; // 123456789012:function:NAME[:qualifier]
        }
        return parts[0];
    }
}
