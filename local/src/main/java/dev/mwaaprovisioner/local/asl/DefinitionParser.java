package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a definition into the state model while collecting every problem as a {@link Diagnostic}:
 * schema errors (field types, required and unknown fields per state type), refusals of valid
 * Amazon States Language this interpreter does not run, then transition errors
 * ({@link TransitionChecker}).
 */
final class DefinitionParser {

    static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    private static final Pattern LAMBDA_FUNCTION_ARN = Pattern.compile(
            "arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}(:(\\$LATEST|[A-Za-z0-9_-]{1,128}))?");
    private static final int MAX_STATE_NAME_LENGTH = 80;
    private static final int MAX_SECONDS = 99_999_999;

    private static final Set<String> TOP_LEVEL_FIELDS =
            Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage");
    private static final Set<String> GRAPH_FIELDS = Set.of("Comment", "StartAt", "States");
    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Set<String> TRANSITION = Set.of("Next", "End");
    private static final Set<String> IO = Set.of("InputPath", "OutputPath");
    private static final Map<String, Set<String>> FIELDS_BY_TYPE = Map.of(
            "Pass", union(COMMON, TRANSITION, IO, Set.of("Result", "ResultPath", "Parameters")),
            "Task", union(COMMON, TRANSITION, IO, Set.of("Resource", "Parameters", "ResultSelector", "ResultPath",
                    "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Retry", "Catch")),
            "Choice", union(COMMON, IO, Set.of("Choices", "Default")),
            "Wait", union(COMMON, TRANSITION, IO, Set.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")),
            "Succeed", union(COMMON, IO),
            "Fail", union(COMMON, Set.of("Error", "ErrorPath", "Cause", "CausePath")),
            "Parallel", union(COMMON, TRANSITION, IO, Set.of("Branches", "Parameters", "ResultSelector", "ResultPath",
                    "Retry", "Catch")),
            "Map", union(COMMON, TRANSITION, IO, Set.of("ItemProcessor", "Iterator", "ItemsPath", "ItemSelector",
                    "Parameters", "MaxConcurrency", "MaxConcurrencyPath", "ResultSelector", "ResultPath", "Retry", "Catch")));
    /** Fields Step Functions accepts only for the JSONata query language. */
    private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items", "Condition");
    /** Valid Amazon States Language, per state type, that this interpreter refuses, with the reason. */
    private static final Map<String, Map<String, String>> REFUSED_BY_TYPE = Map.of(
            "Pass", Map.of("Assign", "state machine variables"),
            "Task", Map.of("Assign", "state machine variables", "Credentials", "cross-account task Credentials"),
            "Choice", Map.of("Assign", "state machine variables"),
            "Wait", Map.of("Assign", "state machine variables"),
            "Parallel", Map.of("Assign", "state machine variables"),
            "Map", Map.of("Assign", "state machine variables",
                    "ItemReader", "Distributed Map (ItemReader)",
                    "ItemBatcher", "Distributed Map (ItemBatcher)",
                    "ResultWriter", "Distributed Map (ResultWriter)",
                    "ToleratedFailurePercentage", "Distributed Map (ToleratedFailurePercentage)",
                    "ToleratedFailurePercentagePath", "Distributed Map (ToleratedFailurePercentagePath)",
                    "ToleratedFailureCount", "Distributed Map (ToleratedFailureCount)",
                    "ToleratedFailureCountPath", "Distributed Map (ToleratedFailureCountPath)",
                    "Label", "Distributed Map (Label)"));
    private static final Set<String> LAMBDA_PARAMETERS = Set.of("FunctionName", "Payload", "Qualifier", "InvocationType");
    private static final Set<String> LAMBDA_PARAMETERS_REFUSED = Set.of("ClientContext", "LogType");

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** Every state name seen, to find duplicates across nested graphs. */
    private final Map<String, String> stateLocations = new HashMap<>();

    StateMachineDefinition parse(String json) throws InvalidDefinitionException {
        JsonNode document;
        try {
            document = json == null ? null : Json.parse(json);
        } catch (JsonProcessingException e) {
            throw new InvalidDefinitionException(List.of(
                    new Diagnostic(Diagnostic.INVALID_JSON_DESCRIPTION, e.getOriginalMessage(), null)));
        }
        if (document == null || !document.isObject()) {
            throw new InvalidDefinitionException(List.of(new Diagnostic(Diagnostic.SCHEMA_VALIDATION_FAILED,
                    "The definition must be a JSON object", "/")));
        }
        Fields top = new Fields((ObjectNode) document, "");
        for (String field : names(document)) {
            if (!TOP_LEVEL_FIELDS.contains(field)) {
                schema("Field '" + field + "' is not supported", "/");
            }
        }
        queryLanguage(top);
        top.string("Comment", false);
        String version = top.string("Version", false);
        if (version != null && !version.equals("1.0")) {
            schema("The value '" + version + "' is not a supported Version (only 1.0)", "/Version");
        }
        Integer timeoutSeconds = top.integer("TimeoutSeconds", 1, MAX_SECONDS);
        StateGraph graph = graph(top);
        new TransitionChecker(diagnostics).check((ObjectNode) document, "");
        if (!diagnostics.isEmpty()) {
            throw new InvalidDefinitionException(diagnostics);
        }
        return new StateMachineDefinition(graph, timeoutSeconds, document);
    }

    // ------------------------------------------------------------------------------------------
    // Graphs and states

    private StateGraph graph(Fields fields) {
        String startAt = fields.string("StartAt", true);
        JsonNode statesNode = fields.node.get("States");
        Map<String, State> states = new LinkedHashMap<>();
        if (statesNode == null) {
            schema("The field 'States' is required but was missing", at(fields.location));
        } else if (!statesNode.isObject() || statesNode.isEmpty()) {
            schema("The field 'States' must be a non-empty object", fields.location + "/States");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = statesNode.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                String name = entry.getKey();
                String location = fields.location + "/States/" + name;
                String earlier = stateLocations.putIfAbsent(name, location);
                if (earlier != null) {
                    diagnostics.add(new Diagnostic(Diagnostic.DUPLICATE_STATE_NAME, "Duplicate State name: " + name,
                            location));
                }
                if (name.isEmpty() || name.length() > MAX_STATE_NAME_LENGTH) {
                    schema("State names must be 1 to " + MAX_STATE_NAME_LENGTH + " characters long", location);
                }
                if (!entry.getValue().isObject()) {
                    schema("A state must be a JSON object", location);
                    continue;
                }
                State state = state(name, new Fields((ObjectNode) entry.getValue(), location));
                if (state != null) {
                    states.put(name, state);
                }
            }
        }
        return new StateGraph(startAt, states, fields.location);
    }

    private StateGraph nestedGraph(JsonNode node, String location, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            schema("Expected an object with 'StartAt' and 'States'", location);
            return null;
        }
        for (String field : names(node)) {
            if (!allowed.contains(field)) {
                if (field.equals("QueryLanguage")) {
                    schema("Field 'QueryLanguage' is not supported", location);
                } else {
                    schema("Field '" + field + "' is not supported", location);
                }
            }
        }
        return graph(new Fields((ObjectNode) node, location));
    }

    private State state(String name, Fields fields) {
        String type = fields.string("Type", true);
        if (type == null) {
            return null;
        }
        Set<String> allowed = FIELDS_BY_TYPE.get(type);
        if (allowed == null) {
            schema("The value '" + type + "' is not a valid state type (Task, Pass, Choice, Wait, Succeed, Fail,"
                    + " Parallel or Map)", fields.location + "/Type");
            return null;
        }
        Map<String, String> refused = REFUSED_BY_TYPE.getOrDefault(type, Map.of());
        for (String field : names(fields.node)) {
            if (allowed.contains(field)) {
                continue;
            }
            if (refused.containsKey(field)) {
                unsupported(refused.get(field) + " (field '" + field + "' of state '" + name + "')", fields.location);
            } else if (JSONATA_ONLY.contains(field)) {
                schema("The QueryLanguage is set to 'JSONPath', but field '" + field
                        + "' is only supported for the 'JSONata' QueryLanguage", fields.location);
            } else {
                schema("Field '" + field + "' is not supported", fields.location);
            }
        }
        queryLanguage(fields);
        fields.string("Comment", false);

        State.Common common = new State.Common();
        common.name = name;
        common.type = type;
        common.location = fields.location;
        if (allowed.contains("InputPath")) {
            common.inputPath = fields.path("InputPath");
            common.outputPath = fields.path("OutputPath");
        }
        if (allowed.contains("Next")) {
            common.next = transition(fields);
        }
        return switch (type) {
            case "Pass" -> new PassState(common, fields.node.get("Result"), fields.template("Parameters"),
                    fields.resultPath("ResultPath"));
            case "Task" -> task(common, fields);
            case "Choice" -> choice(common, fields);
            case "Wait" -> waitState(common, fields);
            case "Succeed" -> new SucceedState(common);
            case "Fail" -> fail(common, fields);
            case "Parallel" -> parallel(common, fields);
            case "Map" -> map(common, fields);
            default -> throw new IllegalStateException(type);
        };
    }

    private String transition(Fields fields) {
        String next = fields.string("Next", false);
        JsonNode end = fields.node.get("End");
        if (end != null && !end.isBoolean()) {
            schema("Expected value of type: Boolean", fields.location + "/End");
        }
        boolean isEnd = end != null && end.asBoolean(false);
        if (next != null && isEnd) {
            schema("There should only be one of the following fields: [Next, End]", fields.location);
        } else if (next == null && !isEnd && !fields.node.has("Next")) {
            schema("The state must have a 'Next' field or \"End\": true", fields.location);
        }
        return isEnd ? null : next;
    }

    private void queryLanguage(Fields fields) {
        String language = fields.string("QueryLanguage", false);
        if (language == null || language.equals("JSONPath")) {
            return;
        }
        if (language.equals("JSONata")) {
            unsupported("QueryLanguage JSONata is not supported by the local cloud; use JSONPath",
                    fields.location + "/QueryLanguage");
        } else {
            schema("The value '" + language + "' is not a valid QueryLanguage (JSONPath or JSONata)",
                    fields.location + "/QueryLanguage");
        }
    }

    private TaskState task(State.Common common, Fields fields) {
        String resource = fields.string("Resource", true);
        TaskState.Integration integration = null;
        JsonNode parameters = fields.template("Parameters");
        if (resource != null) {
            String where = fields.location + "/Resource";
            if (resource.equals(LAMBDA_INVOKE)) {
                integration = TaskState.Integration.LAMBDA_INVOKE;
                lambdaInvokeParameters(common.name, parameters, fields.location);
            } else if (resource.startsWith(LAMBDA_INVOKE + ".")) {
                unsupported("The integration pattern '" + resource.substring(LAMBDA_INVOKE.length())
                        + "' of state '" + common.name + "' is not supported by the local cloud (only the"
                        + " request-response " + LAMBDA_INVOKE + ")", where);
            } else if (LAMBDA_FUNCTION_ARN.matcher(resource).matches()) {
                integration = TaskState.Integration.LAMBDA_FUNCTION;
            } else if (resource.contains("${")) {
                unsupported("The Resource '" + resource + "' of state '" + common.name + "' still contains a"
                        + " ${...} placeholder: substitute DefinitionSubstitutions before creating the state machine",
                        where);
            } else {
                unsupported("The Resource '" + resource + "' of state '" + common.name + "' is not supported by the"
                        + " local cloud: only Lambda is (" + LAMBDA_INVOKE + " or a Lambda function ARN)", where);
            }
        }
        Integer timeout = fields.integer("TimeoutSeconds", 1, MAX_SECONDS);
        String timeoutPath = fields.referencePath("TimeoutSecondsPath");
        Integer heartbeat = fields.integer("HeartbeatSeconds", 1, MAX_SECONDS);
        String heartbeatPath = fields.referencePath("HeartbeatSecondsPath");
        fields.exclusive("TimeoutSeconds", "TimeoutSecondsPath");
        fields.exclusive("HeartbeatSeconds", "HeartbeatSecondsPath");
        if (timeout != null && heartbeat != null && heartbeat >= timeout) {
            schema("HeartbeatSeconds (" + heartbeat + ") must be smaller than TimeoutSeconds (" + timeout + ")",
                    fields.location + "/HeartbeatSeconds");
        }
        return new TaskState(common, resource, integration, parameters, fields.template("ResultSelector"),
                fields.resultPath("ResultPath"), timeout, timeoutPath, heartbeat, heartbeatPath,
                retriers(fields), catchers(fields));
    }

    private void lambdaInvokeParameters(String state, JsonNode parameters, String location) {
        String where = location + "/Parameters";
        if (parameters == null) {
            schema("The field 'Parameters' is required for " + LAMBDA_INVOKE + " (with at least FunctionName)",
                    location);
            return;
        }
        if (!parameters.has("FunctionName") && !parameters.has("FunctionName.$")) {
            schema("The field 'FunctionName' is required but was missing", where);
        }
        for (String key : names(parameters)) {
            String field = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            if (LAMBDA_PARAMETERS_REFUSED.contains(field)) {
                unsupported("The Lambda parameter '" + field + "' of state '" + state
                        + "' is not supported by the local cloud", where);
            } else if (!LAMBDA_PARAMETERS.contains(field)) {
                schema("The field '" + field + "' is not supported by Step Functions", where);
            }
        }
        JsonNode invocationType = parameters.get("InvocationType");
        if (invocationType != null && !(invocationType.isTextual()
                && (invocationType.asText().equals("RequestResponse") || invocationType.asText().equals("Event")))) {
            unsupported("InvocationType " + invocationType + " of state '" + state + "' is not supported by the local"
                    + " cloud (RequestResponse or Event)", where + "/InvocationType");
        }
    }

    private ChoiceState choice(State.Common common, Fields fields) {
        JsonNode choicesNode = fields.node.get("Choices");
        List<ChoiceState.Branch> branches = new ArrayList<>();
        if (choicesNode == null) {
            schema("The field 'Choices' is required but was missing", fields.location);
        } else if (!choicesNode.isArray() || choicesNode.isEmpty()) {
            schema("The field 'Choices' must be a non-empty array", fields.location + "/Choices");
        } else {
            for (int i = 0; i < choicesNode.size(); i++) {
                String where = fields.location + "/Choices[" + i + "]";
                JsonNode ruleNode = choicesNode.get(i);
                if (!ruleNode.isObject()) {
                    schema("A Choice Rule must be a JSON object", where);
                    continue;
                }
                Fields rule = new Fields((ObjectNode) ruleNode, where);
                String next = rule.string("Next", true);
                if (ruleNode.has("Assign")) {
                    unsupported("state machine variables (field 'Assign' of a Choice Rule of state '" + common.name
                            + "')", where);
                }
                ChoiceRule parsed = choiceRule(rule, Set.of("Next", "Comment", "Assign"));
                branches.add(new ChoiceState.Branch(parsed, next));
            }
        }
        return new ChoiceState(common, branches, fields.string("Default", false));
    }

    /** Parses a Choice Rule; {@code extra} are the fields allowed besides the rule itself. */
    private ChoiceRule choiceRule(Fields rule, Set<String> extra) {
        ObjectNode node = rule.node;
        if (!extra.contains("Next") && node.has("Next")) {
            schema("Nested Choice Rules must not have a 'Next' field", rule.location);
        }
        for (String bool : List.of("And", "Or")) {
            if (node.has(bool)) {
                onlyFields(rule, union(Set.of(bool), extra));
                JsonNode array = node.get(bool);
                if (!array.isArray() || array.isEmpty()) {
                    schema("The field '" + bool + "' must be a non-empty array of Choice Rules", rule.location + "/" + bool);
                    return null;
                }
                List<ChoiceRule> rules = new ArrayList<>();
                for (int i = 0; i < array.size(); i++) {
                    String where = rule.location + "/" + bool + "[" + i + "]";
                    if (!array.get(i).isObject()) {
                        schema("A Choice Rule must be a JSON object", where);
                        continue;
                    }
                    rules.add(choiceRule(new Fields((ObjectNode) array.get(i), where), Set.of("Comment")));
                }
                return bool.equals("And") ? new ChoiceRule.And(rules) : new ChoiceRule.Or(rules);
            }
        }
        if (node.has("Not")) {
            onlyFields(rule, union(Set.of("Not"), extra));
            JsonNode inner = node.get("Not");
            if (!inner.isObject()) {
                schema("The field 'Not' must be a Choice Rule object", rule.location + "/Not");
                return null;
            }
            return new ChoiceRule.Not(choiceRule(new Fields((ObjectNode) inner, rule.location + "/Not"), Set.of("Comment")));
        }
        String variable = rule.string("Variable", true);
        if (variable != null && !JsonPaths.isPath(variable)) {
            schema("The value for the field 'Variable' must be a valid JSONPath", rule.location + "/Variable");
        }
        ComparisonOperator.Match match = null;
        int operators = 0;
        for (String field : names(node)) {
            if (field.equals("Variable") || extra.contains(field)) {
                continue;
            }
            var found = ComparisonOperator.byField(field);
            if (found.isEmpty()) {
                schema("Field '" + field + "' is not supported", rule.location);
                continue;
            }
            operators++;
            match = found.get();
        }
        if (operators != 1) {
            schema("A Choice Rule must have exactly one comparison operator (one of "
                    + String.join(", ", ComparisonOperator.allFieldNames()) + ") but has " + operators, rule.location);
            return null;
        }
        String field = match.path() ? match.operator().name() + "Path" : match.operator().name();
        JsonNode operand = node.get(field);
        String where = rule.location + "/" + field;
        if (match.path()) {
            if (!operand.isTextual() || !JsonPaths.isPath(operand.asText())) {
                schema("The value for the field '" + field + "' must be a valid JSONPath", where);
                return null;
            }
            return new ChoiceRule.DataTest(variable, match.operator(), null, operand.asText());
        }
        switch (match.operator().kind) {
            case STRING -> {
                if (!operand.isTextual()) {
                    schema("Expected value of type: String", where);
                } else if (match.operator() == ComparisonOperator.StringMatches) {
                    try {
                        Wildcards.compile(operand.asText());
                    } catch (IllegalArgumentException e) {
                        schema(e.getMessage(), where);
                    }
                }
            }
            case NUMBER -> {
                if (!operand.isNumber()) {
                    schema("Expected value of type: Number", where);
                }
            }
            case BOOLEAN, TYPE_TEST -> {
                if (!operand.isBoolean()) {
                    schema("Expected value of type: Boolean", where);
                }
            }
            case TIMESTAMP -> {
                if (!operand.isTextual() || Timestamps.parse(operand.asText()).isEmpty()) {
                    schema("The value for the field '" + field + "' must be a valid RFC3339 timestamp", where);
                }
            }
        }
        return new ChoiceRule.DataTest(variable, match.operator(), operand, null);
    }

    private void onlyFields(Fields rule, Set<String> allowed) {
        for (String field : names(rule.node)) {
            if (!allowed.contains(field)) {
                schema("Field '" + field + "' is not supported", rule.location);
            }
        }
    }

    private WaitState waitState(State.Common common, Fields fields) {
        Integer seconds = fields.integer("Seconds", 0, MAX_SECONDS);
        String secondsPath = fields.referencePath("SecondsPath");
        String timestamp = fields.string("Timestamp", false);
        if (timestamp != null && Timestamps.parse(timestamp).isEmpty()) {
            schema("The value for the field 'Timestamp' must be a valid RFC3339 timestamp", fields.location + "/Timestamp");
        }
        String timestampPath = fields.referencePath("TimestampPath");
        long given = List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath").stream()
                .filter(fields.node::has).count();
        if (given != 1) {
            schema("A Wait state must have exactly one of the fields [Seconds, SecondsPath, Timestamp, TimestampPath]",
                    fields.location);
        }
        return new WaitState(common, seconds == null ? null : seconds.longValue(), secondsPath, timestamp, timestampPath);
    }

    private FailState fail(State.Common common, Fields fields) {
        String error = fields.string("Error", false);
        String cause = fields.string("Cause", false);
        String errorPath = fields.pathOrIntrinsic("ErrorPath");
        String causePath = fields.pathOrIntrinsic("CausePath");
        fields.exclusive("Error", "ErrorPath");
        fields.exclusive("Cause", "CausePath");
        return new FailState(common, error, errorPath, cause, causePath);
    }

    private ParallelState parallel(State.Common common, Fields fields) {
        JsonNode branchesNode = fields.node.get("Branches");
        List<StateGraph> branches = new ArrayList<>();
        if (branchesNode == null) {
            schema("The field 'Branches' is required but was missing", fields.location);
        } else if (!branchesNode.isArray() || branchesNode.isEmpty()) {
            schema("The field 'Branches' must be a non-empty array", fields.location + "/Branches");
        } else {
            for (int i = 0; i < branchesNode.size(); i++) {
                StateGraph branch = nestedGraph(branchesNode.get(i), fields.location + "/Branches[" + i + "]", GRAPH_FIELDS);
                if (branch != null) {
                    branches.add(branch);
                }
            }
        }
        return new ParallelState(common, branches, fields.template("Parameters"), fields.template("ResultSelector"),
                fields.resultPath("ResultPath"), retriers(fields), catchers(fields));
    }

    private MapState map(State.Common common, Fields fields) {
        fields.exclusive("ItemProcessor", "Iterator");
        fields.exclusive("ItemSelector", "Parameters");
        fields.exclusive("MaxConcurrency", "MaxConcurrencyPath");
        StateGraph processor = null;
        if (fields.node.has("ItemProcessor")) {
            JsonNode node = fields.node.get("ItemProcessor");
            String where = fields.location + "/ItemProcessor";
            if (node.isObject() && node.has("ProcessorConfig")) {
                processorConfig(common.name, node.get("ProcessorConfig"), where + "/ProcessorConfig");
            }
            processor = nestedGraph(node, where, union(GRAPH_FIELDS, Set.of("ProcessorConfig")));
        } else if (fields.node.has("Iterator")) {
            processor = nestedGraph(fields.node.get("Iterator"), fields.location + "/Iterator", GRAPH_FIELDS);
        } else {
            schema("The field 'ItemProcessor' is required but was missing", fields.location);
        }
        String itemsPath = fields.node.has("ItemsPath") ? fields.referencePath("ItemsPath") : "$";
        JsonNode selector = fields.node.has("ItemSelector") ? fields.template("ItemSelector") : fields.template("Parameters");
        return new MapState(common, processor, itemsPath, selector, fields.integer("MaxConcurrency", 0, MAX_SECONDS),
                fields.referencePath("MaxConcurrencyPath"), fields.template("ResultSelector"),
                fields.resultPath("ResultPath"), retriers(fields), catchers(fields));
    }

    private void processorConfig(String state, JsonNode config, String location) {
        if (!config.isObject()) {
            schema("The field 'ProcessorConfig' must be an object", location);
            return;
        }
        for (String field : names(config)) {
            if (!field.equals("Mode") && !field.equals("ExecutionType")) {
                schema("Field '" + field + "' is not supported", location);
            }
        }
        JsonNode mode = config.get("Mode");
        if (mode == null || mode.asText().equals("INLINE")) {
            return;
        }
        if (mode.asText().equals("DISTRIBUTED")) {
            unsupported("Distributed Map (ProcessorConfig Mode DISTRIBUTED of state '" + state + "'); use Mode INLINE",
                    location + "/Mode");
        } else {
            schema("The value " + mode + " is not a valid Mode (INLINE or DISTRIBUTED)", location + "/Mode");
        }
    }

    // ------------------------------------------------------------------------------------------
    // Retry and Catch

    private List<Retrier> retriers(Fields fields) {
        List<Retrier> retriers = new ArrayList<>();
        JsonNode array = fields.node.get("Retry");
        if (array == null) {
            return retriers;
        }
        if (!array.isArray()) {
            schema("The field 'Retry' must be an array of Retriers", fields.location + "/Retry");
            return retriers;
        }
        for (int i = 0; i < array.size(); i++) {
            String where = fields.location + "/Retry[" + i + "]";
            if (!array.get(i).isObject()) {
                schema("A Retrier must be a JSON object", where);
                continue;
            }
            Fields retrier = new Fields((ObjectNode) array.get(i), where);
            onlyFields(retrier, Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                    "JitterStrategy", "Comment"));
            List<String> errors = errorEquals(retrier, i == array.size() - 1, "Retrier");
            Integer interval = retrier.integer("IntervalSeconds", 1, MAX_SECONDS);
            Integer maxAttempts = retrier.integer("MaxAttempts", 0, MAX_SECONDS);
            Integer maxDelay = retrier.integer("MaxDelaySeconds", 1, MAX_SECONDS);
            Double backoff = null;
            JsonNode backoffNode = retrier.node.get("BackoffRate");
            if (backoffNode != null) {
                if (!backoffNode.isNumber() || backoffNode.asDouble() < 1.0) {
                    schema("The value for the field 'BackoffRate' must be a number greater than or equal to 1.0",
                            where + "/BackoffRate");
                } else {
                    backoff = backoffNode.asDouble();
                }
            }
            Retrier.JitterStrategy jitter = Retrier.JitterStrategy.NONE;
            String jitterText = retrier.string("JitterStrategy", false);
            if (jitterText != null) {
                try {
                    jitter = Retrier.JitterStrategy.valueOf(jitterText);
                } catch (IllegalArgumentException e) {
                    schema("The value '" + jitterText + "' is not a valid JitterStrategy (FULL or NONE)",
                            where + "/JitterStrategy");
                }
            }
            retriers.add(new Retrier(errors,
                    interval == null ? Retrier.DEFAULT_INTERVAL_SECONDS : interval,
                    maxAttempts == null ? Retrier.DEFAULT_MAX_ATTEMPTS : maxAttempts,
                    backoff == null ? Retrier.DEFAULT_BACKOFF_RATE : backoff,
                    maxDelay, jitter));
        }
        return retriers;
    }

    private List<Catcher> catchers(Fields fields) {
        List<Catcher> catchers = new ArrayList<>();
        JsonNode array = fields.node.get("Catch");
        if (array == null) {
            return catchers;
        }
        if (!array.isArray()) {
            schema("The field 'Catch' must be an array of Catchers", fields.location + "/Catch");
            return catchers;
        }
        for (int i = 0; i < array.size(); i++) {
            String where = fields.location + "/Catch[" + i + "]";
            if (!array.get(i).isObject()) {
                schema("A Catcher must be a JSON object", where);
                continue;
            }
            Fields catcher = new Fields((ObjectNode) array.get(i), where);
            if (catcher.node.has("Assign") || catcher.node.has("Output")) {
                String field = catcher.node.has("Assign") ? "Assign" : "Output";
                unsupported("state machine variables and JSONata output (field '" + field + "' of a Catcher)", where);
            }
            onlyFields(catcher, Set.of("ErrorEquals", "Next", "ResultPath", "Comment", "Assign", "Output"));
            List<String> errors = errorEquals(catcher, i == array.size() - 1, "Catcher");
            String next = catcher.string("Next", true);
            catchers.add(new Catcher(errors, next, catcher.resultPath("ResultPath")));
        }
        return catchers;
    }

    private List<String> errorEquals(Fields fields, boolean last, String kind) {
        JsonNode array = fields.node.get("ErrorEquals");
        List<String> errors = new ArrayList<>();
        String where = fields.location + "/ErrorEquals";
        if (array == null) {
            schema("The field 'ErrorEquals' is required but was missing", fields.location);
            return errors;
        }
        if (!array.isArray() || array.isEmpty()) {
            schema("The field 'ErrorEquals' must be a non-empty array of error names", where);
            return errors;
        }
        for (JsonNode error : array) {
            if (!error.isTextual()) {
                schema("Expected value of type: String", where);
            } else {
                errors.add(error.asText());
            }
        }
        if (errors.contains(StatesError.ALL) && (errors.size() > 1 || !last)) {
            schema("States.ALL must appear alone in ErrorEquals, and only in the last " + kind, where);
        }
        return errors;
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    private void schema(String message, String location) {
        diagnostics.add(new Diagnostic(Diagnostic.SCHEMA_VALIDATION_FAILED, message, location));
    }

    private void unsupported(String what, String location) {
        String message = what.contains("not supported by the local cloud") ? what
                : what + " is not supported by the local cloud";
        diagnostics.add(new Diagnostic(Diagnostic.UNSUPPORTED_BY_LOCAL_CLOUD, message, location));
    }

    private static String at(String location) {
        return location.isEmpty() ? "/" : location;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        java.util.HashSet<String> all = new java.util.HashSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return Set.copyOf(all);
    }

    /** Typed access to the fields of one object, reporting problems at their location. */
    private final class Fields {
        final ObjectNode node;
        final String location;

        Fields(ObjectNode node, String location) {
            this.node = node;
            this.location = location;
        }

        String string(String field, boolean required) {
            JsonNode value = node.get(field);
            if (value == null) {
                if (required) {
                    schema("The field '" + field + "' is required but was missing", at(location));
                }
                return null;
            }
            if (!value.isTextual()) {
                schema("Expected value of type: String", location + "/" + field);
                return null;
            }
            return value.asText();
        }

        Integer integer(String field, int min, int max) {
            JsonNode value = node.get(field);
            if (value == null) {
                return null;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                schema("Expected value of type: Integer", location + "/" + field);
                return null;
            }
            int number = value.intValue();
            if (number < min || number > max) {
                schema("The value " + number + " of the field '" + field + "' must be between " + min + " and " + max,
                        location + "/" + field);
                return null;
            }
            return number;
        }

        /** A Path field: "$" when absent, null for JSON null. */
        String path(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                return "$";
            }
            if (value.isNull()) {
                return null;
            }
            if (!value.isTextual() || !JsonPaths.isPath(value.asText())) {
                schema("The value for the field '" + field + "' must be a valid JSONPath", location + "/" + field);
                return "$";
            }
            return value.asText();
        }

        /** A ResultPath field: "$" when absent, null for JSON null. */
        String resultPath(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                return "$";
            }
            if (value.isNull()) {
                return null;
            }
            String text = value.isTextual() ? value.asText() : null;
            if (text == null || text.startsWith("$$") || !JsonPaths.isReferencePath(text)) {
                schema("The value for the field '" + field + "' must be a valid ReferencePath", location + "/" + field);
                return "$";
            }
            if (!JsonPaths.isWritableReferencePath(text)) {
                unsupported("The " + field + " '" + text + "' (use only .field, ['field'] and [index] steps)",
                        location + "/" + field);
            }
            return text;
        }

        /** An optional Reference Path field, null when absent. */
        String referencePath(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                return null;
            }
            if (!value.isTextual() || !JsonPaths.isReferencePath(value.asText())) {
                schema("The value for the field '" + field + "' must be a valid ReferencePath", location + "/" + field);
                return null;
            }
            return value.asText();
        }

        String pathOrIntrinsic(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                return null;
            }
            String text = value.isTextual() ? value.asText() : "";
            if (IntrinsicFunctions.looksLikeCall(text)) {
                try {
                    IntrinsicFunctions.parse(text);
                    return text;
                } catch (IntrinsicFunctions.SyntaxException e) {
                    schema("The value for the field '" + field + "' must be a valid intrinsic function call ("
                            + e.getMessage() + ")", location + "/" + field);
                    return null;
                }
            }
            if (!JsonPaths.isReferencePath(text)) {
                schema("The value for the field '" + field + "' must be a valid ReferencePath or intrinsic function",
                        location + "/" + field);
                return null;
            }
            return text;
        }

        /** A Payload Template field (object), validated; null when absent. */
        JsonNode template(String field) {
            JsonNode value = node.get(field);
            if (value == null) {
                return null;
            }
            if (!value.isObject()) {
                schema("The value for the field '" + field + "' must be a JSON object", location + "/" + field);
                return null;
            }
            PayloadTemplate.validate(value, location + "/" + field, diagnostics);
            return value;
        }

        void exclusive(String a, String b) {
            if (node.has(a) && node.has(b)) {
                schema("There should only be one of the following fields: [" + a + ", " + b + "]", location);
            }
        }
    }
}
