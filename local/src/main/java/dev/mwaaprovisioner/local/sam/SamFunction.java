package dev.mwaaprovisioner.local.sam;

import java.util.Map;

/**
 * An {@code AWS::Serverless::Function} of the template, with its globals applied: what the local
 * commands need to run it in-process.
 *
 * @param logicalId     its logical ID in template.yaml (also the logical ID of the generated
 *                      {@code AWS::Lambda::Function})
 * @param handler       {@code Handler}: {@code package.Class::method}, or {@code package.Class} for {@code handleRequest}
 * @param runtime       {@code Runtime}, e.g. {@code java21}
 * @param memorySize    MB; Lambda's default 128 when not set
 * @param timeout       seconds; Lambda's default 3 when not set
 * @param variables     {@code Environment.Variables}, values unresolved (they may be intrinsic functions)
 * @param aliasName     {@code AutoPublishAlias}, or null
 * @param aliasLogicalId the logical ID of the generated alias, or null
 */
public record SamFunction(String logicalId, String handler, String runtime, int memorySize, int timeout,
                          Map<String, Object> variables, String aliasName, String aliasLogicalId) {

    public static final int DEFAULT_MEMORY_SIZE = 128;
    public static final int DEFAULT_TIMEOUT = 3;

    public SamFunction {
        variables = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    }

    /** The handler class name. */
    public String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** The handler method name ({@code handleRequest} when the handler names only a class). */
    public String handlerMethod() {
        int separator = handler.indexOf("::");
        return separator < 0 ? "handleRequest" : handler.substring(separator + 2);
    }
}
