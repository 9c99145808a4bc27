package dev.mwaaprovisioner.local.functions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment of an in-process function, as Lambda would give it: the function's configured
 * variables, then the variables Lambda itself sets, then where its AWS calls go ({@link AwsTarget}),
 * which no configured variable can override locally.
 */
public final class FunctionEnvironment {

    private FunctionEnvironment() {
    }

    public static Map<String, String> of(FunctionSettings function, AwsTarget target) {
        Map<String, String> environment = new LinkedHashMap<>(function.variables());
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", function.version());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySize()));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", function.logGroupName());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/" + function.functionName());
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        environment.put("_HANDLER", function.handler());
        environment.put("TZ", ":UTC");
        environment.keySet().removeIf(name -> name.startsWith("AWS_ENDPOINT_URL")
                || name.equals("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
        environment.putAll(target.variables());
        return environment;
    }
}
