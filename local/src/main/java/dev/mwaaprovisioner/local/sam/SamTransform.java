package dev.mwaaprovisioner.local.sam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.common.documents.CloudFormationYaml;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS SAM transform ({@code AWS::Serverless-2016-10-31}) for the local cloud: turns
 * template.yaml into a plain CloudFormation template with the resources SAM generates, named as
 * SAM names them, for exactly the SAM features this project uses. Files the template names
 * ({@code CodeUri}, {@code DefinitionUri}) are read from the checkout.
 *
 * <ul>
 *   <li>{@code AWS::Serverless::Function} → {@code AWS::Lambda::Function} (same logical ID),
 *       its role {@code <Id>Role} (trust {@code lambda.amazonaws.com}, the basic execution policy,
 *       each {@code Policies} document as {@code <Id>RolePolicy<N>}), and with
 *       {@code AutoPublishAlias} a version {@code <Id>Version<hash>} and an alias
 *       {@code <Id>Alias<Name>}; {@code !Ref <Id>.Alias} / {@code .Version} refer to them.</li>
 *   <li>{@code AWS::Serverless::StateMachine} → {@code AWS::StepFunctions::StateMachine} with the
 *       definition read from {@code DefinitionUri} and {@code DefinitionSubstitutions} kept (the state
 *       machine resource substitutes them, as on AWS), its role {@code <Id>Role}, and for each
 *       {@code EventBridgeRule} event a rule {@code <Id><Event>} targeting the state machine with
 *       the role {@code <Id><Event>Role} allowed to start it.</li>
 *   <li>{@code EventBridgeRule} events of a function → a rule {@code <Id><Event>} targeting the
 *       function (its alias with {@code AutoPublishAlias}) and the permission
 *       {@code <Id><Event>Permission} that lets {@code events.amazonaws.com} invoke it from that
 *       rule, as SAM generates them; the event's {@code RetryPolicy} and {@code DeadLetterConfig}
 *       ({@code Arn}) go on the rule's target.</li>
 *   <li>{@code EventInvokeConfig} of a function → {@code AWS::Lambda::EventInvokeConfig}
 *       {@code <Id>EventInvokeConfig} on the alias (or {@code $LATEST}); an SQS on-failure destination
 *       also adds {@code sqs:SendMessage*} on the queue to the function's role, as SAM does.</li>
 *   <li>{@code Globals.Function} applied as SAM applies it ({@link SamGlobals}).</li>
 *   <li>Every other resource is passed on as it is; the local CloudFormation engine checks it.</li>
 * </ul>
 *
 * What is not listed here is refused with a message naming the resource and the property
 * ({@link SamTemplateException}), never dropped. Accepted with no local effect, and documented so:
 * {@code SnapStart}, {@code Architectures}, {@code Tracing} (no X-Ray locally), {@code EphemeralStorage},
 * {@code ReservedConcurrentExecutions}, {@code RuntimeManagementConfig}, {@code RecursiveLoop},
 * {@code PropagateTags}, {@code LoggingConfig} (the log group is created; handlers
 * log to standard error), {@code MemorySize} (recorded, not enforced) and {@code Metadata}
 * ({@code BuildMethod} is for {@code sam build}; the handlers are on the local jar's classpath).
 */
public final class SamTransform {

    public static final String SERVERLESS_TRANSFORM = "AWS::Serverless-2016-10-31";

    static final String FUNCTION = "AWS::Serverless::Function";
    static final String STATE_MACHINE = "AWS::Serverless::StateMachine";

    private static final Set<String> FUNCTION_PROPERTIES = Set.of("Handler", "Runtime", "CodeUri", "Description",
            "MemorySize", "Timeout", "Environment", "Policies", "Role", "AutoPublishAlias", "SnapStart",
            "Architectures", "LoggingConfig", "Tags", "FunctionName", "Events", "VersionDescription",
            "Tracing", "EphemeralStorage", "ReservedConcurrentExecutions", "RuntimeManagementConfig",
            "RecursiveLoop", "PropagateTags", "EventInvokeConfig");
    private static final Set<String> STATE_MACHINE_PROPERTIES = Set.of("Definition", "DefinitionUri",
            "DefinitionSubstitutions", "Type", "Logging", "Policies", "Role", "Events", "Name", "Tags", "Tracing",
            "PropagateTags");
    private static final Set<String> EVENT_BRIDGE_RULE_PROPERTIES = Set.of("Pattern", "EventBusName", "Input",
            "InputPath", "RuleName", "State", "Target", "RetryPolicy", "DeadLetterConfig");
    private static final Set<String> RESOURCE_ATTRIBUTES = Set.of("Type", "Properties", "DependsOn", "Condition",
            "DeletionPolicy", "UpdateReplacePolicy", "Metadata");
    /** Variables Lambda sets itself and refuses in a function's configuration. */
    private static final Set<String> RESERVED_VARIABLES = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION",
            "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9_]+");
    private static final Pattern ALIAS_NAME = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}");
    private static final Pattern JAVA_CLASS = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");
    private static final Pattern JAVA_METHOD = Pattern.compile("[A-Za-z_$][\\w$]*");
    /** {@code ${Resource.Alias}} / {@code ${Resource.Version}} inside an {@code Fn::Sub} string. */
    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)\\.(Alias|Version)}");
    private static final String LAMBDA_BASIC_EXECUTION =
            "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProjectCheckout checkout;

    public SamTransform(ProjectCheckout checkout) {
        this.checkout = checkout;
    }

    /** Reads template.yaml from the checkout and transforms it. */
    public SamApplication transformCheckout() {
        Map<String, Object> template;
        try {
            template = CloudFormationYaml.parseTemplate(checkout.readTemplate());
        } catch (RuntimeException e) {
            throw new SamTemplateException(checkout.template() + ": " + e.getMessage());
        }
        return transform(template);
    }

    /** Transforms a parsed SAM template. */
    public SamApplication transform(Map<String, Object> template) {
        checkTransform(template.get("Transform"));
        SamGlobals globals = SamGlobals.read(template.get("Globals"));
        Map<String, Object> resources = SamValues.map(template.get("Resources"), "Resources");

        Map<String, Object> output = new LinkedHashMap<>();
        Map<String, Object> generated = new LinkedHashMap<>();
        Map<String, SamFunction> functions = new LinkedHashMap<>();
        Map<String, String> references = new LinkedHashMap<>(); // "Fn.Alias" -> generated logical ID

        for (Map.Entry<String, Object> entry : resources.entrySet()) {
            String id = entry.getKey();
            Map<String, Object> resource = SamValues.map(entry.getValue(), "Resources." + id);
            Object type = resource.get("Type");
            if (FUNCTION.equals(type)) {
                checkAttributes(id, resource);
                SamFunction function = function(id, resource, globals, generated, references);
                functions.put(id, function);
            } else if (STATE_MACHINE.equals(type)) {
                checkAttributes(id, resource);
                stateMachine(id, resource, generated);
            } else if (type instanceof String s && s.startsWith("AWS::Serverless::")) {
                throw new SamTemplateException("Resources." + id + ": type " + s + " is not supported by the local "
                        + "deployer (only " + FUNCTION + " and " + STATE_MACHINE + " are); deploy with `sam deploy`.");
            } else {
                add(generated, id, resource);
            }
        }
        for (Map.Entry<String, Object> entry : template.entrySet()) {
            switch (entry.getKey()) {
                case "Transform", "Globals" -> { }
                case "Resources" -> output.put("Resources", generated);
                default -> output.put(entry.getKey(), entry.getValue());
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> rewritten = (Map<String, Object>) rewriteReferences(output, references, functions);
        return new SamApplication(rewritten, functions);
    }

    /** Adds a resource to the output; two resources under one logical ID are refused, as SAM refuses them. */
    private static void add(Map<String, Object> generated, String id, Object resource) {
        if (generated.putIfAbsent(id, resource) != null) {
            throw new SamTemplateException("Resources." + id + ": SAM generates a resource with this logical ID for "
                    + "another resource of the template; rename the resource " + id + ".");
        }
    }

    private static void checkTransform(Object transform) {
        if (transform == null) {
            throw new SamTemplateException("Transform: template.yaml has none; a SAM template declares "
                    + "`Transform: " + SERVERLESS_TRANSFORM + "`.");
        }
        List<Object> transforms = transform instanceof List<?> list ? new ArrayList<>(list) : List.of(transform);
        for (Object t : transforms) {
            if (!SERVERLESS_TRANSFORM.equals(t)) {
                throw new SamTemplateException("Transform: " + SamValues.describe(t) + " is not supported by the local "
                        + "deployer (only " + SERVERLESS_TRANSFORM + " is); deploy with `sam deploy`.");
            }
        }
    }

    private static void checkAttributes(String id, Map<String, Object> resource) {
        for (String attribute : resource.keySet()) {
            if (!RESOURCE_ATTRIBUTES.contains(attribute)) {
                throw new SamTemplateException("Resources." + id + ": attribute " + attribute + " is not supported by "
                        + "the local deployer on " + resource.get("Type") + ".");
            }
        }
    }

    // ------------------------------------------------------------------ functions

    private SamFunction function(String id, Map<String, Object> resource, SamGlobals globals,
                                 Map<String, Object> generated, Map<String, String> references) {
        String where = "Resources." + id + " (" + FUNCTION + ")";
        Map<String, Object> properties = globals.applyToFunction(
                resource.containsKey("Properties") ? SamValues.map(resource.get("Properties"), where + ".Properties")
                        : Map.of());
        for (String property : properties.keySet()) {
            if (!FUNCTION_PROPERTIES.contains(property)) {
                throw SamTemplateException.unsupported(where, property, supportedList(FUNCTION_PROPERTIES));
            }
        }
        String handler = handler(where, properties.get("Handler"));
        String runtime = runtime(where, properties.get("Runtime"));
        codeUri(where, properties.get("CodeUri"));
        int memorySize = properties.containsKey("MemorySize")
                ? SamValues.integer(properties.get("MemorySize"), where + ".MemorySize", 128, 10_240)
                : SamFunction.DEFAULT_MEMORY_SIZE;
        int timeout = properties.containsKey("Timeout")
                ? SamValues.integer(properties.get("Timeout"), where + ".Timeout", 1, 900)
                : SamFunction.DEFAULT_TIMEOUT;
        Map<String, Object> variables = variables(where, properties.get("Environment"));

        Map<String, Object> lambda = new LinkedHashMap<>();
        lambda.put("Handler", handler);
        lambda.put("Runtime", runtime);
        lambda.put("MemorySize", memorySize);
        lambda.put("Timeout", timeout);
        copy(properties, lambda, "Description", "FunctionName", "Architectures", "SnapStart", "LoggingConfig");
        if (!variables.isEmpty()) {
            lambda.put("Environment", Map.of("Variables", variables));
        }
        Map<String, Object> tags = tags(where, properties.get("Tags"));
        if (properties.containsKey("Role")) {
            if (properties.containsKey("Policies")) {
                throw SamTemplateException.invalid(where, "Policies",
                        "cannot be combined with Role: SAM attaches Policies only to the role it creates.");
            }
            lambda.put("Role", properties.get("Role"));
        } else {
            String roleId = id + "Role";
            Object policies = withDestinationPolicy(where, properties.get("Policies"), properties.get("EventInvokeConfig"));
            add(generated, roleId, role(where, roleId, "lambda.amazonaws.com", policies,
                    List.of(Map.of("Fn::Sub", LAMBDA_BASIC_EXECUTION)), tags));
            lambda.put("Role", Map.of("Fn::GetAtt", List.of(roleId, "Arn")));
        }
        putTags(lambda, tags);
        add(generated, id, resource(resource, "AWS::Lambda::Function", lambda));

        String aliasName = null;
        String aliasId = null;
        if (properties.containsKey("AutoPublishAlias")) {
            aliasName = SamValues.string(properties.get("AutoPublishAlias"), where + ".AutoPublishAlias");
            if (!ALIAS_NAME.matcher(aliasName).matches()) {
                throw SamTemplateException.invalid(where, "AutoPublishAlias", "'" + aliasName + "' is not a valid "
                        + "alias name (letters, digits, - and _, not only digits, at most 128).");
            }
            String versionId = id + "Version" + hash(lambda);
            aliasId = id + "Alias" + aliasName;
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("FunctionName", Map.of("Ref", id));
            if (properties.containsKey("VersionDescription")) {
                // As SAM does: the version's Description (CloudFormation replaces a version whose description changes).
                version.put("Description", properties.get("VersionDescription"));
            }
            add(generated, versionId, plain("AWS::Lambda::Version", version));
            Map<String, Object> alias = new LinkedHashMap<>();
            alias.put("Name", aliasName);
            alias.put("FunctionName", Map.of("Ref", id));
            alias.put("FunctionVersion", Map.of("Fn::GetAtt", List.of(versionId, "Version")));
            add(generated, aliasId, plain("AWS::Lambda::Alias", alias));
            references.put(id + ".Alias", aliasId);
            references.put(id + ".Version", versionId);
        }
        if (properties.containsKey("EventInvokeConfig")) {
            add(generated, id + "EventInvokeConfig", conditional(eventInvokeConfig(where, id, aliasName, aliasId,
                    SamValues.map(properties.get("EventInvokeConfig"), where + ".EventInvokeConfig")), resource));
        }
        if (properties.containsKey("Events")) {
            Map<String, Object> events = SamValues.map(properties.get("Events"), where + ".Events");
            Object invoked = aliasId != null ? Map.of("Ref", aliasId) : Map.of("Fn::GetAtt", List.of(id, "Arn"));
            for (Map.Entry<String, Object> event : events.entrySet()) {
                functionEventRule(id, where + ".Events." + event.getKey(), event.getKey(),
                        SamValues.map(event.getValue(), where + ".Events." + event.getKey()), invoked, resource, generated);
            }
        }
        return new SamFunction(id, handler, runtime, memorySize, timeout, variables, aliasName, aliasId);
    }

    /**
     * A function's {@code EventInvokeConfig} → {@code AWS::Lambda::EventInvokeConfig} on the
     * alias (or {@code $LATEST}), named {@code <Id>EventInvokeConfig} as SAM names it. Only SQS
     * on-failure destinations given by {@code Destination} are deployed locally.
     */
    private static Map<String, Object> eventInvokeConfig(String where, String id, String aliasName, String aliasId,
                                                         Map<String, Object> config) {
        String at = where + ".EventInvokeConfig";
        for (String key : config.keySet()) {
            if (!Set.of("MaximumEventAgeInSeconds", "MaximumRetryAttempts", "DestinationConfig").contains(key)) {
                throw SamTemplateException.unsupported(at, key,
                        "supported: DestinationConfig, MaximumEventAgeInSeconds, MaximumRetryAttempts");
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("FunctionName", Map.of("Ref", id));
        properties.put("Qualifier", aliasName != null ? aliasName : "$LATEST");
        copy(config, properties, "MaximumEventAgeInSeconds", "MaximumRetryAttempts");
        if (config.containsKey("DestinationConfig")) {
            Object destination = onFailureQueue(where, config);
            properties.put("DestinationConfig", Map.of("OnFailure", Map.of("Destination", destination)));
        }
        Map<String, Object> resource = plain("AWS::Lambda::EventInvokeConfig", properties);
        if (aliasId != null) {
            resource.put("DependsOn", List.of(aliasId)); // the qualifier must exist first
        }
        return resource;
    }

    /** The SQS queue ARN of {@code EventInvokeConfig.DestinationConfig.OnFailure}, or null when there is none. */
    private static Object onFailureQueue(String where, Map<String, Object> config) {
        String at = where + ".EventInvokeConfig.DestinationConfig";
        Map<String, Object> destinations = SamValues.map(config.get("DestinationConfig"), at);
        for (String key : destinations.keySet()) {
            if (!key.equals("OnFailure")) {
                throw SamTemplateException.unsupported(at, key, "the local deployer takes OnFailure only");
            }
        }
        if (!destinations.containsKey("OnFailure")) {
            return null;
        }
        Map<String, Object> onFailure = SamValues.map(destinations.get("OnFailure"), at + ".OnFailure");
        if (!"SQS".equals(onFailure.get("Type")) || !onFailure.containsKey("Destination")) {
            throw SamTemplateException.invalid(at, "OnFailure", "the local deployer takes Type: SQS with the queue's "
                    + "ARN in Destination (e.g. !GetAtt Queue.Arn).");
        }
        return onFailure.get("Destination");
    }

    /**
     * The function's Policies plus, for an SQS on-failure destination, the statement SAM adds (its
     * SQSSendMessagePolicy template): Lambda sends the failure record with the function's role.
     */
    private static Object withDestinationPolicy(String where, Object policies, Object eventInvokeConfig) {
        if (eventInvokeConfig == null) {
            return policies;
        }
        Object queueArn = onFailureQueue(where, SamValues.map(eventInvokeConfig, where + ".EventInvokeConfig"));
        if (queueArn == null) {
            return policies;
        }
        List<Object> all = policies == null ? new ArrayList<>()
                : policies instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>(List.of(policies));
        all.add(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow",
                "Action", List.of("sqs:SendMessage*"),
                "Resource", queueArn))));
        return all;
    }

    private static String handler(String where, Object value) {
        if (value == null) {
            throw SamTemplateException.invalid(where, "Handler", "is missing; give the handler as package.Class::method.");
        }
        String handler = SamValues.string(value, where + ".Handler");
        String[] parts = handler.split("::", -1);
        if (parts.length > 2 || !JAVA_CLASS.matcher(parts[0]).matches()
                || (parts.length == 2 && !JAVA_METHOD.matcher(parts[1]).matches())) {
            throw SamTemplateException.invalid(where, "Handler", "'" + handler + "' is not a Java handler; give it as "
                    + "package.Class::method (or package.Class for handleRequest).");
        }
        return handler;
    }

    private static String runtime(String where, Object value) {
        if (value == null) {
            throw SamTemplateException.invalid(where, "Runtime", "is missing; set it (e.g. java21) on the function or in "
                    + "Globals.Function.");
        }
        String runtime = SamValues.string(value, where + ".Runtime");
        if (!runtime.matches("java[0-9]+(\\.al2)?")) {
            throw SamTemplateException.unsupported(where, "Runtime: " + runtime,
                    "the local cloud runs Java handlers in-process; only java* runtimes run locally");
        }
        return runtime;
    }

    private void codeUri(String where, Object value) {
        if (value == null) {
            throw SamTemplateException.invalid(where, "CodeUri", "is missing; give the folder the function is built from.");
        }
        if (!(value instanceof String path)) {
            throw SamTemplateException.unsupported(where, "CodeUri: " + SamValues.describe(value),
                    "the local cloud runs handlers from its own classpath, built from this checkout; give a folder of it");
        }
        Path folder = checkout.resolve(path, where + ".CodeUri");
        if (!Files.exists(folder)) {
            throw SamTemplateException.invalid(where, "CodeUri", "'" + path + "' does not exist in the checkout "
                    + checkout.root() + ".");
        }
    }

    private static Map<String, Object> variables(String where, Object environment) {
        if (environment == null) {
            return Map.of();
        }
        Map<String, Object> env = SamValues.map(environment, where + ".Environment");
        for (String key : env.keySet()) {
            if (!"Variables".equals(key)) {
                throw SamTemplateException.unsupported(where, "Environment." + key, "Environment holds only Variables");
            }
        }
        if (env.get("Variables") == null) {
            return Map.of();
        }
        Map<String, Object> variables = SamValues.map(env.get("Variables"), where + ".Environment.Variables");
        for (Map.Entry<String, Object> variable : variables.entrySet()) {
            String name = variable.getKey();
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw SamTemplateException.invalid(where, "Environment.Variables." + name, "is not a valid variable name "
                        + "(a letter, then letters, digits and _).");
            }
            if (RESERVED_VARIABLES.contains(name)) {
                throw SamTemplateException.invalid(where, "Environment.Variables." + name, "is reserved: Lambda sets "
                        + "it for every function and refuses it in the configuration.");
            }
            if (variable.getValue() instanceof Map<?, ?> || variable.getValue() instanceof List<?>) {
                if (!(variable.getValue() instanceof Map<?, ?> m && SamGlobals.isIntrinsic(m))) {
                    throw SamTemplateException.invalid(where, "Environment.Variables." + name,
                            "must be a string (or an intrinsic function giving one), not " + SamValues.describe(variable.getValue()) + ".");
                }
            }
        }
        return variables;
    }

    // ------------------------------------------------------------------ state machines

    private void stateMachine(String id, Map<String, Object> resource, Map<String, Object> generated) {
        String where = "Resources." + id + " (" + STATE_MACHINE + ")";
        Map<String, Object> properties = resource.containsKey("Properties")
                ? SamValues.map(resource.get("Properties"), where + ".Properties") : Map.of();
        for (String property : properties.keySet()) {
            if (!STATE_MACHINE_PROPERTIES.contains(property)) {
                throw SamTemplateException.unsupported(where, property, supportedList(STATE_MACHINE_PROPERTIES));
            }
        }
        Map<String, Object> machine = new LinkedHashMap<>();
        if (properties.containsKey("Name")) {
            machine.put("StateMachineName", properties.get("Name"));
        }
        Object type = properties.getOrDefault("Type", "STANDARD");
        if (!"STANDARD".equals(type)) {
            throw SamTemplateException.unsupported(where, "Type: " + SamValues.describe(type),
                    "the local Step Functions runs STANDARD workflows");
        }
        machine.put("StateMachineType", type);
        machine.put("DefinitionString", definition(where, properties));
        if (properties.containsKey("DefinitionSubstitutions")) {
            machine.put("DefinitionSubstitutions",
                    SamValues.map(properties.get("DefinitionSubstitutions"), where + ".DefinitionSubstitutions"));
        }
        if (properties.containsKey("Logging")) {
            machine.put("LoggingConfiguration", properties.get("Logging"));
        }
        Map<String, Object> tags = tags(where, properties.get("Tags"));
        if (properties.containsKey("Role")) {
            if (properties.containsKey("Policies")) {
                throw SamTemplateException.invalid(where, "Policies",
                        "cannot be combined with Role: SAM attaches Policies only to the role it creates.");
            }
            machine.put("RoleArn", properties.get("Role"));
        } else {
            String roleId = id + "Role";
            add(generated, roleId, role(where, roleId, "states.amazonaws.com", properties.get("Policies"), List.of(),
                    tags));
            machine.put("RoleArn", Map.of("Fn::GetAtt", List.of(roleId, "Arn")));
        }
        putTags(machine, tags);
        add(generated, id, resource(resource, "AWS::StepFunctions::StateMachine", machine));

        if (properties.containsKey("Events")) {
            Map<String, Object> events = SamValues.map(properties.get("Events"), where + ".Events");
            for (Map.Entry<String, Object> event : events.entrySet()) {
                eventRule(id, where + ".Events." + event.getKey(), event.getKey(),
                        SamValues.map(event.getValue(), where + ".Events." + event.getKey()), resource, generated);
            }
        }
    }

    private String definition(String where, Map<String, Object> properties) {
        boolean inline = properties.containsKey("Definition");
        boolean file = properties.containsKey("DefinitionUri");
        if (inline == file) {
            throw SamTemplateException.invalid(where, "Definition", "give exactly one of Definition and DefinitionUri.");
        }
        try {
            if (inline) {
                return JSON.writeValueAsString(SamValues.map(properties.get("Definition"), where + ".Definition"));
            }
            Object uri = properties.get("DefinitionUri");
            if (!(uri instanceof String path)) {
                throw SamTemplateException.unsupported(where, "DefinitionUri: " + SamValues.describe(uri),
                        "the local deployer reads the definition from the checkout; give its path");
            }
            Path definition = checkout.resolve(path, where + ".DefinitionUri");
            if (!Files.isRegularFile(definition)) {
                throw SamTemplateException.invalid(where, "DefinitionUri", "'" + path + "' is not a file of the checkout "
                        + checkout.root() + ".");
            }
            String text = ProjectCheckout.read(definition);
            if (path.endsWith(".yaml") || path.endsWith(".yml")) {
                return JSON.writeValueAsString(new org.yaml.snakeyaml.Yaml().load(text));
            }
            JSON.readTree(text); // refuse a broken file here, naming it, rather than in the state machine
            return text;
        } catch (JsonProcessingException e) {
            throw SamTemplateException.invalid(where, "DefinitionUri", "'" + properties.get("DefinitionUri")
                    + "' is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void eventRule(String machineId, String where, String eventId, Map<String, Object> event,
                                  Map<String, Object> machineResource, Map<String, Object> generated) {
        Map<String, Object> properties = eventProperties(where, event);
        String ruleId = machineId + eventId;
        String roleId = ruleId + "Role";
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("Arn", Map.of("Ref", machineId));
        // EventBridge takes target IDs of at most 64 characters; SAM shortens the rule's part to fit.
        String suffix = "StepFunctionsTarget";
        String targetId = ruleId.substring(0, Math.min(ruleId.length(), 64 - suffix.length())) + suffix;
        if (properties.containsKey("Target")) {
            targetId = targetId(where, properties.get("Target"));
        }
        target.put("Id", targetId);
        target.put("RoleArn", Map.of("Fn::GetAtt", List.of(roleId, "Arn")));
        copy(properties, target, "Input", "InputPath", "RetryPolicy");
        if (properties.containsKey("DeadLetterConfig")) {
            target.put("DeadLetterConfig", Map.of("Arn", deadLetterArn(where, properties.get("DeadLetterConfig"))));
        }
        add(generated, ruleId, conditional(rule(properties, target), machineResource));

        Map<String, Object> startExecution = new LinkedHashMap<>();
        startExecution.put("Version", "2012-10-17");
        startExecution.put("Statement", List.of(Map.of(
                "Effect", "Allow",
                "Action", "states:StartExecution",
                "Resource", Map.of("Ref", machineId))));
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("AssumeRolePolicyDocument", trustPolicy("events.amazonaws.com"));
        role.put("Policies", List.of(Map.of("PolicyName", ruleId + "RoleStartExecutionPolicy",
                "PolicyDocument", startExecution)));
        Map<String, Object> roleResource = plain("AWS::IAM::Role", role);
        if (machineResource.containsKey("Condition")) {
            roleResource.put("Condition", machineResource.get("Condition"));
        }
        add(generated, roleId, roleResource);
    }

    /**
     * A function's EventBridgeRule event: the rule, targeting the function (or its alias), and
     * the resource-based permission for EventBridge to invoke it from that rule only. No role:
     * EventBridge invokes Lambda targets with the function's resource policy.
     */
    private static void functionEventRule(String functionId, String where, String eventId, Map<String, Object> event,
                                          Object invoked, Map<String, Object> functionResource,
                                          Map<String, Object> generated) {
        Map<String, Object> properties = eventProperties(where, event);
        String ruleId = functionId + eventId;
        // EventBridge takes target IDs of at most 64 characters; SAM shortens the rule's part to fit.
        String suffix = "LambdaTarget";
        String targetId = ruleId.substring(0, Math.min(ruleId.length(), 64 - suffix.length())) + suffix;
        if (properties.containsKey("Target")) {
            targetId = targetId(where, properties.get("Target"));
        }
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("Arn", invoked);
        target.put("Id", targetId);
        copy(properties, target, "Input", "InputPath", "RetryPolicy");
        if (properties.containsKey("DeadLetterConfig")) {
            target.put("DeadLetterConfig", Map.of("Arn", deadLetterArn(where, properties.get("DeadLetterConfig"))));
        }
        add(generated, ruleId, conditional(rule(properties, target), functionResource));

        Map<String, Object> permission = new LinkedHashMap<>();
        permission.put("Action", "lambda:InvokeFunction");
        permission.put("FunctionName", invoked);
        permission.put("Principal", "events.amazonaws.com");
        permission.put("SourceArn", Map.of("Fn::GetAtt", List.of(ruleId, "Arn")));
        add(generated, ruleId + "Permission", conditional(plain("AWS::Lambda::Permission", permission), functionResource));
    }

    /**
     * The queue ARN of an EventBridgeRule event's {@code DeadLetterConfig}. Only {@code Arn} is
     * deployed locally: the template then declares the queue and its policy itself.
     */
    private static Object deadLetterArn(String where, Object value) {
        Map<String, Object> config = SamValues.map(value, where + ".DeadLetterConfig");
        if (config.containsKey("Type") || config.containsKey("QueueLogicalId")) {
            throw SamTemplateException.unsupported(where, "DeadLetterConfig.Type", "give Arn: a queue the template "
                    + "declares, with a queue policy that lets events.amazonaws.com send from the rule");
        }
        if (!config.containsKey("Arn")) {
            throw SamTemplateException.invalid(where, "DeadLetterConfig", "needs Arn, the ARN of an SQS queue.");
        }
        return config.get("Arn");
    }

    private static Map<String, Object> eventProperties(String where, Map<String, Object> event) {
        Object type = event.get("Type");
        if (!"EventBridgeRule".equals(type) && !"CloudWatchEvent".equals(type)) {
            throw SamTemplateException.unsupported(where, "Type: " + SamValues.describe(type),
                    "only EventBridgeRule events are deployed locally");
        }
        Map<String, Object> properties = SamValues.map(event.get("Properties"), where + ".Properties");
        for (String property : properties.keySet()) {
            if (!EVENT_BRIDGE_RULE_PROPERTIES.contains(property)) {
                throw SamTemplateException.unsupported(where, property, supportedList(EVENT_BRIDGE_RULE_PROPERTIES));
            }
        }
        if (!properties.containsKey("Pattern")) {
            throw SamTemplateException.invalid(where, "Pattern", "is missing; an EventBridgeRule event needs a Pattern.");
        }
        return properties;
    }

    private static String targetId(String where, Object value) {
        Map<String, Object> given = SamValues.map(value, where + ".Target");
        for (String key : given.keySet()) {
            if (!"Id".equals(key)) {
                throw SamTemplateException.unsupported(where, "Target." + key, "a target takes only Id");
            }
        }
        return SamValues.string(given.get("Id"), where + ".Target.Id");
    }

    private static Map<String, Object> rule(Map<String, Object> properties, Map<String, Object> target) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("EventPattern", properties.get("Pattern"));
        copy(properties, rule, "EventBusName", "State");
        if (properties.containsKey("RuleName")) {
            rule.put("Name", properties.get("RuleName"));
        }
        rule.put("Targets", List.of(target));
        return plain("AWS::Events::Rule", rule);
    }

    /** A generated resource exists only when its SAM resource does (same Condition). */
    private static Map<String, Object> conditional(Map<String, Object> generated, Map<String, Object> samResource) {
        if (samResource.containsKey("Condition")) {
            generated.put("Condition", samResource.get("Condition"));
        }
        return generated;
    }

    // ------------------------------------------------------------------ roles, tags, references

    /** The role SAM creates for a function or state machine, with the resource's Policies. */
    private static Map<String, Object> role(String where, String roleId, String service, Object policies,
                                            List<Object> managed, Map<String, Object> tags) {
        List<Object> managedArns = new ArrayList<>(managed);
        List<Object> inline = new ArrayList<>();
        List<Object> items = policies == null ? List.of()
                : policies instanceof List<?> list ? new ArrayList<>(list) : List.of(policies);
        for (Object policy : items) {
            if (policy instanceof String name) {
                managedArns.add(name.startsWith("arn:") ? name
                        : Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::aws:policy/" + name));
            } else if (policy instanceof Map<?, ?> map && SamGlobals.isIntrinsic(map)) {
                managedArns.add(policy);
            } else if (policy instanceof Map<?, ?> map && map.containsKey("Statement")) {
                inline.add(Map.of("PolicyName", roleId + "Policy" + inline.size(), "PolicyDocument", policy));
            } else if (policy instanceof Map<?, ?> map && map.size() == 1) {
                throw SamTemplateException.unsupported(where, "Policies: " + map.keySet().iterator().next(),
                        "SAM policy templates are not expanded locally; write the policy statements out");
            } else {
                throw SamTemplateException.invalid(where, "Policies", "items must be policy documents (with Statement) "
                        + "or managed policy ARNs, not " + SamValues.describe(policy) + ".");
            }
        }
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("AssumeRolePolicyDocument", trustPolicy(service));
        if (!managedArns.isEmpty()) {
            role.put("ManagedPolicyArns", managedArns);
        }
        if (!inline.isEmpty()) {
            role.put("Policies", inline);
        }
        putTags(role, tags);
        return plain("AWS::IAM::Role", role);
    }

    private static Map<String, Object> trustPolicy(String service) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", List.of(service)));
        statement.put("Action", List.of("sts:AssumeRole"));
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", List.of(statement));
        return document;
    }

    private static Map<String, Object> tags(String where, Object value) {
        if (value == null) {
            return Map.of();
        }
        Map<String, Object> tags = SamValues.map(value, where + ".Tags");
        for (Map.Entry<String, Object> tag : tags.entrySet()) {
            if (tag.getValue() instanceof List<?>
                    || (tag.getValue() instanceof Map<?, ?> m && !SamGlobals.isIntrinsic(m))) {
                throw SamTemplateException.invalid(where, "Tags." + tag.getKey(), "must be a string.");
            }
        }
        return tags;
    }

    /**
     * The resource's {@code Tags} map as CloudFormation's list of Key/Value pairs. SAM's own
     * {@code lambda:createdBy} and {@code stateMachine:createdBy} tags are not added: the local
     * Lambda and Step Functions keep no tags, and would refuse them.
     */
    private static void putTags(Map<String, Object> properties, Map<String, Object> tags) {
        if (tags.isEmpty()) {
            return;
        }
        List<Object> list = new ArrayList<>();
        tags.forEach((key, value) -> list.add(Map.of("Key", key, "Value", value)));
        properties.put("Tags", list);
    }

    /** A generated resource carrying the SAM resource's attributes (DependsOn, Condition, Metadata...). */
    private static Map<String, Object> resource(Map<String, Object> samResource, String type, Map<String, Object> properties) {
        Map<String, Object> resource = plain(type, properties);
        for (String attribute : List.of("DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "Metadata")) {
            if (samResource.containsKey(attribute)) {
                resource.put(attribute, samResource.get(attribute));
            }
        }
        return resource;
    }

    private static Map<String, Object> plain(String type, Map<String, Object> properties) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("Type", type);
        resource.put("Properties", properties);
        return resource;
    }

    private static void copy(Map<String, Object> from, Map<String, Object> to, String... names) {
        for (String name : names) {
            if (from.containsKey(name)) {
                to.put(name, from.get(name));
            }
        }
    }

    /**
     * Replaces SAM's references to generated resources: {@code Ref: Fn.Alias} and
     * {@code ${Fn.Alias}} in {@code Fn::Sub} (and {@code .Version}).
     */
    private static Object rewriteReferences(Object node, Map<String, String> references,
                                            Map<String, SamFunction> functions) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Ref") instanceof String target && isSamReference(target)) {
                return Map.of("Ref", generatedFor(target, references, functions));
            }
            if (map.size() == 1 && map.containsKey("Fn::Sub")) {
                Object sub = map.get("Fn::Sub");
                if (sub instanceof String text) {
                    return Map.of("Fn::Sub", rewriteSub(text, references, functions));
                }
                if (sub instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String text) {
                    List<Object> rewritten = new ArrayList<>();
                    rewritten.add(rewriteSub(text, references, functions));
                    for (int i = 1; i < list.size(); i++) {
                        rewritten.add(rewriteReferences(list.get(i), references, functions));
                    }
                    return Map.of("Fn::Sub", rewritten);
                }
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(String.valueOf(key), rewriteReferences(value, references, functions)));
            return copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(rewriteReferences(item, references, functions)));
            return copy;
        }
        return node;
    }

    private static boolean isSamReference(String target) {
        return target.endsWith(".Alias") || target.endsWith(".Version");
    }

    private static String generatedFor(String target, Map<String, String> references,
                                       Map<String, SamFunction> functions) {
        String generated = references.get(target);
        if (generated == null) {
            String resource = target.substring(0, target.lastIndexOf('.'));
            throw new SamTemplateException("Ref " + target + ": " + (functions.containsKey(resource)
                    ? resource + " has no AutoPublishAlias, so SAM generates no alias or version to refer to."
                    : resource + " is not an " + FUNCTION + " of the template."));
        }
        return generated;
    }

    private static String rewriteSub(String text, Map<String, String> references, Map<String, SamFunction> functions) {
        Matcher m = SUB_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String generated = generatedFor(m.group(1) + "." + m.group(2), references, functions);
            m.appendReplacement(out, Matcher.quoteReplacement("${" + generated + "}"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** SAM names a published version by a hash of the function's configuration; so do we. */
    private static String hash(Map<String, Object> lambda) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    JSON.writeValueAsString(lambda).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String supportedList(Set<String> supported) {
        return "supported: " + String.join(", ", new java.util.TreeSet<>(supported));
    }
}
