package dev.mwaaprovisioner.local.cloud.cloudformation.resources.lambda;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.INTEGER;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.JSON;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING_LIST;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourcePropertiesException;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.iam.IamRole;
import dev.mwaaprovisioner.local.cloud.iam.IamStore;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.functions.AwsTarget;
import dev.mwaaprovisioner.local.functions.FunctionSettings;
import dev.mwaaprovisioner.local.functions.InProcessFunction;
import dev.mwaaprovisioner.local.functions.JavaHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code AWS::Lambda::Function} as a function of the local Lambda whose code is the Java handler
 * class its {@code Handler} names, on the local runner's classpath (the project's function modules
 * are dependencies of the local jar). Ref: the function name.
 *
 * <p>The function runs in-process with its own environment ({@link InProcessFunction}): its
 * {@code Environment.Variables}, Lambda's variables, and the local cloud's endpoint, Region and
 * credentials. {@code Code} is refused: the local cloud cannot run an uploaded package, only the
 * handler classes it was built with. {@code SnapStart: ApplyOn: PublishedVersions} initialises a
 * container when a version is published ({@link InProcessFunction#snapshot()}), as SnapStart takes
 * its snapshot then. Accepted with no local effect: {@code Architectures}, {@code LoggingConfig}
 * (handlers log to the runner's standard error), {@code MemorySize} (reported to the handler, not
 * enforced).
 */
public final class FunctionProvider implements ResourceProvider {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::Lambda::Function")
            .required("Handler", STRING, IN_PLACE)
            .required("Runtime", STRING, IN_PLACE)
            .required("Role", STRING, IN_PLACE)
            .optional("FunctionName", STRING, REPLACEMENT)
            .optional("Description", STRING, IN_PLACE)
            .optional("MemorySize", INTEGER, IN_PLACE)
            .optional("Timeout", INTEGER, IN_PLACE)
            .object("Environment", ResourceSchema.builder("Environment")
                    .optional("Variables", JSON, IN_PLACE).build(), IN_PLACE)
            .optional("Architectures", STRING_LIST, IN_PLACE)
            .object("SnapStart", ResourceSchema.builder("SnapStart")
                    .required("ApplyOn", STRING, IN_PLACE).build(), IN_PLACE)
            .object("LoggingConfig", ResourceSchema.builder("LoggingConfig")
                    .optional("LogGroup", STRING, IN_PLACE)
                    .optional("LogFormat", STRING, IN_PLACE)
                    .optional("ApplicationLogLevel", STRING, IN_PLACE)
                    .optional("SystemLogLevel", STRING, IN_PLACE).build(), IN_PLACE)
            .unsupported("Code", "CodeSigningConfigArn", "DeadLetterConfig", "EphemeralStorage", "FileSystemConfigs",
                    "ImageConfig", "KmsKeyArn", "Layers", "PackageType", "RecursiveLoop",
                    "ReservedConcurrentExecutions", "RuntimeManagementConfig", "Tags", "TracingConfig", "VpcConfig")
            .attributes("Arn")
            .build();

    private final ServiceContext cloud;
    private final ClassLoader handlers;

    /**
     * @param handlers where handler classes are loaded from (the local runner's classpath)
     */
    public FunctionProvider(ServiceContext cloud, ClassLoader handlers) {
        this.cloud = cloud;
        this.handlers = handlers;
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String name = properties.containsKey("FunctionName") ? (String) properties.get("FunctionName")
                : context.generatedName(64);
        LambdaFunctions lambda = cloud.service(LambdaFunctions.class);
        if (lambda.find(name).isPresent()) {
            throw new CloudException("ResourceConflictException", 409, "Function already exist: " + name);
        }
        register(context, name, properties);
        return ProvisionedResource.of(name, Map.of("Arn", lambda.arn(name)));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        register(context, current.physicalId(), newProperties);
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        cloud.service(LambdaFunctions.class).unregister(resource.physicalId());
    }

    private void register(ResourceContext context, String name, Map<String, Object> properties) {
        String runtime = (String) properties.get("Runtime");
        if (!runtime.matches("java[0-9]+(\\.al2)?")) {
            throw new ResourcePropertiesException("Runtime " + runtime + " of function " + context.logicalId()
                    + " is not supported by the local cloud: it runs Java handlers in-process; use a java* runtime.");
        }
        checkRole(context, (String) properties.get("Role"));
        int memory = properties.containsKey("MemorySize") ? (Integer) properties.get("MemorySize") : 128;
        int timeout = properties.containsKey("Timeout") ? (Integer) properties.get("Timeout") : 3;
        FunctionSettings settings = new FunctionSettings(name, null, (String) properties.get("Handler"), runtime, memory,
                logGroup(properties), variables(context, properties));
        InProcessFunction function;
        try {
            function = new InProcessFunction(settings, AwsTarget.localCloud(cloud.endpoint(), context.region()), handlers,
                    snapStart(properties));
        } catch (JavaHandler.HandlerException e) {
            throw new ResourcePropertiesException(e.getMessage());
        }
        try {
            cloud.service(LambdaFunctions.class).register(name, function, Duration.ofSeconds(timeout), memory);
        } catch (IllegalArgumentException e) {
            throw new ResourcePropertiesException(e.getMessage());
        }
    }

    /** Lambda refuses a role that does not exist or that Lambda may not assume. */
    private void checkRole(ResourceContext context, String roleArn) {
        IamRole role = cloud.service(IamStore.class).findRoleByArn(roleArn).orElseThrow(() ->
                new CloudException("InvalidParameterValueException", 400, "The role defined for the function cannot be "
                        + "assumed by Lambda. (Role " + roleArn + " of function " + context.logicalId()
                        + " does not exist.)"));
        if (!trustsLambda(role.assumeRolePolicyDocument())) {
            throw new CloudException("InvalidParameterValueException", 400, "The role defined for the function cannot "
                    + "be assumed by Lambda. (" + roleArn + " does not trust lambda.amazonaws.com.)");
        }
    }

    static boolean trustsLambda(String trustPolicy) {
        try {
            for (JsonNode statement : asList(MAPPER.readTree(trustPolicy).path("Statement"))) {
                boolean allows = "Allow".equals(statement.path("Effect").asText());
                boolean assumes = asList(statement.path("Action")).stream()
                        .anyMatch(a -> a.asText().equals("sts:AssumeRole") || a.asText().equals("sts:*"));
                boolean lambda = asList(statement.path("Principal").path("Service")).stream()
                        .anyMatch(s -> s.asText().equals("lambda.amazonaws.com"));
                if (allows && assumes && lambda) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private static java.util.List<JsonNode> asList(JsonNode node) {
        java.util.List<JsonNode> items = new java.util.ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (!node.isMissingNode() && !node.isNull()) {
            items.add(node);
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private static boolean snapStart(Map<String, Object> properties) {
        Map<String, Object> snapStart = (Map<String, Object>) properties.get("SnapStart");
        return snapStart != null && "PublishedVersions".equals(snapStart.get("ApplyOn"));
    }

    @SuppressWarnings("unchecked")
    private static String logGroup(Map<String, Object> properties) {
        Map<String, Object> logging = (Map<String, Object>) properties.get("LoggingConfig");
        return logging == null ? null : (String) logging.get("LogGroup");
    }

    /** Environment.Variables: a map of strings, as Lambda requires. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> variables(ResourceContext context, Map<String, Object> properties) {
        Map<String, Object> environment = (Map<String, Object>) properties.get("Environment");
        Object given = environment == null ? null : environment.get("Variables");
        Map<String, String> variables = new LinkedHashMap<>();
        if (given == null) {
            return variables;
        }
        if (!(given instanceof Map<?, ?> map)) {
            throw new ResourcePropertiesException("Properties validation failed for resource " + context.logicalId()
                    + " with message: [#/Environment/Variables: expected type: JSONObject]");
        }
        map.forEach((key, value) -> {
            if (value instanceof Map || value instanceof java.util.List || value == null) {
                throw new ResourcePropertiesException("Properties validation failed for resource " + context.logicalId()
                        + " with message: [#/Environment/Variables/" + key + ": expected type: String]");
            }
            variables.put(String.valueOf(key), String.valueOf(value));
        });
        return variables;
    }
}
