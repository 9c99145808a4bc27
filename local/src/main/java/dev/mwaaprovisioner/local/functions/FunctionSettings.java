package dev.mwaaprovisioner.local.functions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A function's configuration, as Lambda holds it and as its environment shows it.
 *
 * @param functionName   the function's name
 * @param version        {@code $LATEST} or a published version
 * @param handler        {@code package.Class::method}
 * @param runtime        e.g. {@code java21}
 * @param memorySize     MB (recorded; the local runner does not limit memory)
 * @param logGroupName   where Lambda would log; null for {@code /aws/lambda/<name>}
 * @param variables      the configured {@code Environment.Variables}, resolved
 */
public record FunctionSettings(String functionName, String version, String handler, String runtime, int memorySize,
                               String logGroupName, Map<String, String> variables) {

    public FunctionSettings {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(handler, "handler");
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        logGroupName = logGroupName == null ? "/aws/lambda/" + functionName : logGroupName;
        version = version == null ? "$LATEST" : version;
    }
}
