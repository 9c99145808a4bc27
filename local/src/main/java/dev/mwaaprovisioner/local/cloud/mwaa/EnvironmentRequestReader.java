package dev.mwaaprovisioner.local.cloud.mwaa;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the JSON body of {@code CreateEnvironment} / {@code UpdateEnvironment} and checks every member
 * against the constraints of the MWAA API model ({@code mwaa/2020-07-01}): required members, lengths,
 * patterns, ranges and enums. A JSON value of the wrong type is a {@code SerializationException}, as
 * AWS front ends answer. Members the model does not have are refused rather than ignored, so a caller
 * never believes a setting took effect when it did not.
 */
final class EnvironmentRequestReader {

    /** The two operations whose bodies this reads; they accept different members. */
    enum Operation {
        CREATE("CreateEnvironmentInput"),
        UPDATE("UpdateEnvironmentInput");

        private final String shape;

        Operation(String shape) {
            this.shape = shape;
        }
    }

    // Patterns and bounds copied from the shapes of the API model.
    static final Pattern ENVIRONMENT_NAME = Pattern.compile("[a-zA-Z][0-9a-zA-Z-_]*");
    static final Pattern IAM_ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    static final Pattern S3_BUCKET_ARN = Pattern.compile("arn:aws(-[a-z]+)?:s3:::[a-z0-9.\\-]+");
    static final Pattern RELATIVE_PATH = Pattern.compile(".*");
    static final Pattern CONFIG_KEY = Pattern.compile("[a-z]+([a-z0-9._]*[a-z0-9_]+)?");
    static final Pattern CONFIG_VALUE = Pattern.compile("[ -~]+");
    static final Pattern AIRFLOW_VERSION = Pattern.compile("[0-9a-z.]+");
    static final Pattern KMS_KEY = Pattern.compile(
            "(((arn:aws(-[a-z]+)?:kms:[a-z]{2}-[a-z]+-\\d:\\d+:)?key\\/)?"
                    + "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}"
                    + "|(arn:aws(-[a-z]+)?:kms:[a-z]{2}-[a-z]+-\\d:\\d+:)?alias/.+)");
    static final Pattern MAINTENANCE_WINDOW =
            Pattern.compile(".*(MON|TUE|WED|THU|FRI|SAT|SUN):([01]\\d|2[0-3]):(00|30).*");
    static final Pattern SUBNET_ID = Pattern.compile("subnet-[a-zA-Z0-9\\-._]+");
    static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[a-zA-Z0-9\\-._]+");
    static final Pattern TAG_KEY = Pattern.compile("([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)");
    static final Pattern TAG_VALUE = Pattern.compile("([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)");
    static final List<String> LOGGING_LEVELS = List.of("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG");
    static final List<String> WEBSERVER_ACCESS_MODES = List.of("PRIVATE_ONLY", "PUBLIC_ONLY", "PUBLIC_AND_PRIVATE");
    static final List<String> ENDPOINT_MANAGEMENTS = List.of("CUSTOMER", "SERVICE");
    static final List<String> WORKER_REPLACEMENT_STRATEGIES = List.of("FORCED", "GRACEFUL");

    private static final Set<String> COMMON_MEMBERS = Set.of(
            "ExecutionRoleArn", "SourceBucketArn", "DagS3Path", "NetworkConfiguration",
            "PluginsS3Path", "PluginsS3ObjectVersion", "RequirementsS3Path", "RequirementsS3ObjectVersion",
            "StartupScriptS3Path", "StartupScriptS3ObjectVersion", "AirflowConfigurationOptions",
            "EnvironmentClass", "MaxWorkers", "MinWorkers", "Schedulers", "MinWebservers", "MaxWebservers",
            "AirflowVersion", "LoggingConfiguration", "WeeklyMaintenanceWindowStart", "WebserverAccessMode");
    private static final Set<String> CREATE_ONLY_MEMBERS = Set.of("KmsKey", "Tags", "EndpointManagement");
    private static final Set<String> UPDATE_ONLY_MEMBERS = Set.of("WorkerReplacementStrategy");

    private EnvironmentRequestReader() {}

    static EnvironmentInput read(Operation operation, String name, JsonNode body) {
        JsonNode root = body == null || body.isMissingNode() || body.isNull() ? null : body;
        if (root != null && !root.isObject()) {
            throw serialization("the request body of " + operation.shape + " must be a JSON object");
        }
        if (root != null) {
            refuseUnknownMembers(operation, root);
        }
        EnvironmentInput in = new EnvironmentInput();
        in.name = name;
        if (root != null) {
            in.executionRoleArn = string(root, "ExecutionRoleArn");
            in.sourceBucketArn = string(root, "SourceBucketArn");
            in.dagS3Path = string(root, "DagS3Path");
            JsonNode network = member(root, "NetworkConfiguration");
            if (network != null) {
                readNetwork(operation, network, in);
            }
            in.pluginsS3Path = string(root, "PluginsS3Path");
            in.pluginsS3ObjectVersion = string(root, "PluginsS3ObjectVersion");
            in.requirementsS3Path = string(root, "RequirementsS3Path");
            in.requirementsS3ObjectVersion = string(root, "RequirementsS3ObjectVersion");
            in.startupScriptS3Path = string(root, "StartupScriptS3Path");
            in.startupScriptS3ObjectVersion = string(root, "StartupScriptS3ObjectVersion");
            in.airflowConfigurationOptions = stringMap(root, "AirflowConfigurationOptions");
            in.environmentClass = string(root, "EnvironmentClass");
            in.maxWorkers = integer(root, "MaxWorkers");
            in.minWorkers = integer(root, "MinWorkers");
            in.schedulers = integer(root, "Schedulers");
            in.minWebservers = integer(root, "MinWebservers");
            in.maxWebservers = integer(root, "MaxWebservers");
            in.kmsKey = string(root, "KmsKey");
            in.airflowVersion = string(root, "AirflowVersion");
            JsonNode logging = member(root, "LoggingConfiguration");
            if (logging != null) {
                in.loggingConfiguration = readLogging(logging);
            }
            in.weeklyMaintenanceWindowStart = string(root, "WeeklyMaintenanceWindowStart");
            in.tags = stringMap(root, "Tags");
            in.webserverAccessMode = string(root, "WebserverAccessMode");
            in.endpointManagement = string(root, "EndpointManagement");
            in.workerReplacementStrategy = string(root, "WorkerReplacementStrategy");
        }
        checkModelConstraints(operation, in);
        return in;
    }

    /** Refuses members the operation's input shape does not have, naming the fix where one exists. */
    private static void refuseUnknownMembers(Operation operation, JsonNode root) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (COMMON_MEMBERS.contains(field)
                    || (operation == Operation.CREATE && CREATE_ONLY_MEMBERS.contains(field))
                    || (operation == Operation.UPDATE && UPDATE_ONLY_MEMBERS.contains(field))) {
                continue;
            }
            if (operation == Operation.UPDATE && field.equals("KmsKey")) {
                throw MwaaException.validation("KmsKey cannot be changed after an environment is created:"
                        + " UpdateEnvironment has no KmsKey member. Create a new environment to use another key.");
            }
            if (operation == Operation.UPDATE && field.equals("Tags")) {
                throw MwaaException.validation("UpdateEnvironment has no Tags member: change the tags of an"
                        + " environment with TagResource and UntagResource.");
            }
            if (operation == Operation.UPDATE && field.equals("EndpointManagement")) {
                throw MwaaException.validation("EndpointManagement cannot be changed after an environment is"
                        + " created: UpdateEnvironment has no EndpointManagement member.");
            }
            throw MwaaException.validation("'" + field + "' is not a member of " + operation.shape
                    + "; the local cloud refuses members it does not know rather than ignore them.");
        }
    }

    private static void readNetwork(Operation operation, JsonNode network, EnvironmentInput in) {
        if (!network.isObject()) {
            throw serialization("NetworkConfiguration must be a JSON object");
        }
        in.networkConfiguration = true;
        for (Iterator<String> it = network.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equals("SecurityGroupIds")) {
                continue;
            }
            if (field.equals("SubnetIds") && operation == Operation.CREATE) {
                continue;
            }
            if (field.equals("SubnetIds")) {
                throw MwaaException.validation("The subnets of an environment cannot be changed:"
                        + " UpdateEnvironment accepts NetworkConfiguration.SecurityGroupIds only."
                        + " Create a new environment to use other subnets.");
            }
            throw MwaaException.validation("'NetworkConfiguration." + field + "' is not a member of "
                    + (operation == Operation.CREATE ? "NetworkConfiguration" : "UpdateNetworkConfigurationInput")
                    + "; the local cloud refuses members it does not know rather than ignore them.");
        }
        in.subnetIds = stringList(network, "SubnetIds", "NetworkConfiguration.SubnetIds");
        in.securityGroupIds = stringList(network, "SecurityGroupIds", "NetworkConfiguration.SecurityGroupIds");
    }

    private static Map<LoggingModule, LoggingModule.Setting> readLogging(JsonNode logging) {
        if (!logging.isObject()) {
            throw serialization("LoggingConfiguration must be a JSON object");
        }
        Map<LoggingModule, LoggingModule.Setting> modules = new EnumMap<>(LoggingModule.class);
        ConstraintViolations violations = new ConstraintViolations();
        for (Iterator<Map.Entry<String, JsonNode>> it = logging.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            LoggingModule module = LoggingModule.byMember(e.getKey()).orElseThrow(() -> MwaaException.validation(
                    "'LoggingConfiguration." + e.getKey() + "' is not a member of LoggingConfigurationInput;"
                            + " the members are DagProcessingLogs, SchedulerLogs, WebserverLogs, WorkerLogs, TaskLogs."));
            JsonNode setting = e.getValue();
            if (setting.isNull()) {
                continue;
            }
            if (!setting.isObject()) {
                throw serialization("LoggingConfiguration." + e.getKey() + " must be a JSON object");
            }
            for (Iterator<String> f = setting.fieldNames(); f.hasNext(); ) {
                String field = f.next();
                if (!field.equals("Enabled") && !field.equals("LogLevel")) {
                    throw MwaaException.validation("'LoggingConfiguration." + e.getKey() + "." + field
                            + "' is not a member of ModuleLoggingConfigurationInput (Enabled, LogLevel).");
                }
            }
            String path = "loggingConfiguration." + lowerFirst(e.getKey());
            Boolean enabled = bool(setting, "Enabled", "LoggingConfiguration." + e.getKey() + ".Enabled");
            String level = string(setting, "LogLevel", "LoggingConfiguration." + e.getKey() + ".LogLevel");
            violations.requireNonNull(enabled, path + ".enabled");
            violations.requireNonNull(level, path + ".logLevel");
            violations.checkEnum(level, path + ".logLevel", LOGGING_LEVELS);
            if (enabled != null && level != null) {
                modules.put(module, new LoggingModule.Setting(enabled, level));
            }
        }
        violations.throwIfAny();
        return modules;
    }

    private static void checkModelConstraints(Operation operation, EnvironmentInput in) {
        ConstraintViolations v = new ConstraintViolations();
        v.requireNonNull(in.name, "name");
        v.checkString(in.name, "name", 1, 80, ENVIRONMENT_NAME, false);
        if (operation == Operation.CREATE) {
            v.requireNonNull(in.executionRoleArn, "executionRoleArn");
            v.requireNonNull(in.sourceBucketArn, "sourceBucketArn");
            v.requireNonNull(in.dagS3Path, "dagS3Path");
            if (!in.networkConfiguration) {
                v.requireNonNull(null, "networkConfiguration");
            }
        }
        v.checkString(in.executionRoleArn, "executionRoleArn", 1, 1224, IAM_ROLE_ARN, false);
        v.checkString(in.sourceBucketArn, "sourceBucketArn", 1, 1224, S3_BUCKET_ARN, false);
        v.checkString(in.dagS3Path, "dagS3Path", 1, 1024, RELATIVE_PATH, false);
        v.checkString(in.pluginsS3Path, "pluginsS3Path", 1, 1024, RELATIVE_PATH, false);
        v.checkString(in.requirementsS3Path, "requirementsS3Path", 1, 1024, RELATIVE_PATH, false);
        v.checkString(in.startupScriptS3Path, "startupScriptS3Path", 1, 1024, RELATIVE_PATH, false);
        v.checkString(in.pluginsS3ObjectVersion, "pluginsS3ObjectVersion", 1, 1024, null, false);
        v.checkString(in.requirementsS3ObjectVersion, "requirementsS3ObjectVersion", 1, 1024, null, false);
        v.checkString(in.startupScriptS3ObjectVersion, "startupScriptS3ObjectVersion", 1, 1024, null, false);
        if (in.networkConfiguration) {
            if (operation == Operation.UPDATE) {
                v.requireNonNull(in.securityGroupIds, "networkConfiguration.securityGroupIds");
            }
            checkIdList(v, in.subnetIds, "networkConfiguration.subnetIds", 2, 2, SUBNET_ID);
            checkIdList(v, in.securityGroupIds, "networkConfiguration.securityGroupIds", 1, 5, SECURITY_GROUP_ID);
        }
        if (in.airflowConfigurationOptions != null) {
            for (Map.Entry<String, String> e : in.airflowConfigurationOptions.entrySet()) {
                String key = e.getKey();
                if (key.isEmpty() || key.length() > 64 || !CONFIG_KEY.matcher(key).matches()) {
                    v.addNested("***", "airflowConfigurationOptions", "Map keys",
                            "Member must have length between 1 and 64 and satisfy regular expression pattern: "
                                    + CONFIG_KEY.pattern());
                }
                String value = e.getValue();
                if (value.isEmpty() || value.length() > 65536 || !CONFIG_VALUE.matcher(value).matches()) {
                    // Values are sensitive: the message names the key, never the value.
                    v.addNested("***", "airflowConfigurationOptions", "Map value of key '" + safeKey(key) + "'",
                            "Member must have length between 1 and 65536 and satisfy regular expression pattern: "
                                    + CONFIG_VALUE.pattern());
                }
            }
        }
        v.checkString(in.environmentClass, "environmentClass", 1, 1024, null, false);
        v.checkRange(in.maxWorkers, "maxWorkers", 1, null);
        v.checkRange(in.minWorkers, "minWorkers", 1, null);
        v.checkRange(in.schedulers, "schedulers", null, 5);
        v.checkRange(in.minWebservers, "minWebservers", 1, null);
        v.checkRange(in.maxWebservers, "maxWebservers", 1, null);
        v.checkString(in.kmsKey, "kmsKey", 1, 1224, KMS_KEY, false);
        v.checkString(in.airflowVersion, "airflowVersion", 1, 32, AIRFLOW_VERSION, false);
        v.checkString(in.weeklyMaintenanceWindowStart, "weeklyMaintenanceWindowStart", 1, 9, MAINTENANCE_WINDOW, false);
        if (in.tags != null) {
            checkTags(v, in.tags, "tags");
        }
        v.checkEnum(in.webserverAccessMode, "webserverAccessMode", WEBSERVER_ACCESS_MODES);
        v.checkEnum(in.endpointManagement, "endpointManagement", ENDPOINT_MANAGEMENTS);
        v.checkEnum(in.workerReplacementStrategy, "workerReplacementStrategy", WORKER_REPLACEMENT_STRATEGIES);
        v.throwIfAny();
    }

    /** The constraints of {@code TagMap}: 1–50 entries, keys 1–128 and values 1–256 of the tag pattern. */
    static void checkTags(ConstraintViolations v, Map<String, String> tags, String path) {
        v.checkSize(tags.size(), tags.toString(), path, 1, 50);
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String key = e.getKey();
            if (key.isEmpty() || key.length() > 128 || !TAG_KEY.matcher(key).matches()) {
                v.addNested(key, path, "Map keys", "Member must have length between 1 and 128 and satisfy"
                        + " regular expression pattern: " + TAG_KEY.pattern());
            }
            String value = e.getValue();
            if (value.isEmpty() || value.length() > 256 || !TAG_VALUE.matcher(value).matches()) {
                v.addNested(value, path, "Map value of key '" + key + "'", "Member must have length between 1"
                        + " and 256 and satisfy regular expression pattern: " + TAG_VALUE.pattern());
            }
        }
    }

    private static void checkIdList(ConstraintViolations v, List<String> ids, String path, int min, int max, Pattern p) {
        if (ids == null) {
            return;
        }
        v.checkSize(ids.size(), ids.toString(), path, min, max);
        for (String id : ids) {
            if (id.isEmpty() || id.length() > 1024 || !p.matcher(id).matches()) {
                v.addNested(ids.toString(), path, "Member", "Member must satisfy regular expression pattern: "
                        + p.pattern());
                return;
            }
        }
    }

    private static String safeKey(String key) {
        return CONFIG_KEY.matcher(key).matches() ? key : "***";
    }

    // --- typed access to JSON members: a wrong JSON type is a SerializationException ---

    private static JsonNode member(JsonNode parent, String name) {
        JsonNode n = parent.get(name);
        return n == null || n.isNull() ? null : n;
    }

    private static String string(JsonNode parent, String name) {
        return string(parent, name, name);
    }

    private static String string(JsonNode parent, String name, String path) {
        JsonNode n = member(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            throw serialization(path + " must be a JSON string, not " + n.getNodeType().name().toLowerCase());
        }
        return n.textValue();
    }

    private static Integer integer(JsonNode parent, String name) {
        JsonNode n = member(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw serialization(name + " must be a JSON integer, not " + n);
        }
        return n.intValue();
    }

    private static Boolean bool(JsonNode parent, String name, String path) {
        JsonNode n = member(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isBoolean()) {
            throw serialization(path + " must be a JSON boolean, not " + n.getNodeType().name().toLowerCase());
        }
        return n.booleanValue();
    }

    private static List<String> stringList(JsonNode parent, String name, String path) {
        JsonNode n = member(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            throw serialization(path + " must be a JSON array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : n) {
            if (!element.isTextual()) {
                throw serialization(path + " must be a JSON array of strings");
            }
            values.add(element.textValue());
        }
        return Collections.unmodifiableList(values);
    }

    private static Map<String, String> stringMap(JsonNode parent, String name) {
        JsonNode n = member(parent, name);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw serialization(name + " must be a JSON object of strings");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw serialization(name + " must be a JSON object whose values are strings");
            }
            values.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(values);
    }

    private static MwaaException serialization(String message) {
        return new MwaaException(MwaaException.Type.SERIALIZATION, message);
    }

    static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
