package dev.mwaaprovisioner.local.functions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A function's configuration, as Lambda holds it.
 *
 * @param functionName   the function's name
 * @param functionArn    its unqualified ARN
 * @param version        {@code $LATEST} or a published version
 * @param handler        {@code package.Class::method}
 * @param runtime        e.g. {@code java21}
 * @param memorySize     MB (recorded; the local runner does not limit memory)
 * @param timeoutSeconds the invocation time limit, in real seconds
 * @param logGroupName   where Lambda would log
 * @param variables      the configured {@code Environment.Variables}, resolved
 */
public record FunctionSettings(String functionName, String functionArn, String version, String handler,
                               String runtime, int memorySize, int timeoutSeconds, String logGroupName,
                               Map<String, String> variables) {

    public FunctionSettings {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(handler, "handler");
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        logGroupName = logGroupName == null ? "/aws/lambda/" + functionName : logGroupName;
    }
}
