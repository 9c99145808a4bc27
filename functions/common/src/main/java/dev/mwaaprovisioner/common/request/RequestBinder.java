package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds the document tree to the model: every key, its type, required keys, the two forms of
 * {@code Network}, unknown keys. Values are taken as given (no defaults, no value rules yet); a
 * value that cannot be read is left null and reported.
 */
final class RequestBinder {

    private static final List<String> CIDR_KEYS = RecordKeys.of(NewNetwork.class);
    private static final List<String> ID_KEYS = RecordKeys.of(ExistingNetwork.class);
    private static final String NETWORK_FORMS = "either VpcCIDR, PublicSubnet1CIDR, PublicSubnet2CIDR,"
            + " PrivateSubnet1CIDR and PrivateSubnet2CIDR (a new network is created) or SubnetIds and"
            + " SecurityGroupIds (an existing network is used)";

    private RequestBinder() {
    }

    static ProvisioningRequest bind(ObjectNode root, Problems problems) {
        MappingReader r = MappingReader.of(root, "", problems, ProvisioningRequest.class);
        r.require("Name", "give the environment name, e.g. analytics-dev");
        r.require("SourceBucketArn", "give the ARN of the bucket that holds the DAGs, e.g. arn:aws:s3:::airflow-analytics-dev");
        r.require("DagS3Path", "give the DAGs folder inside the bucket, e.g. dags");
        r.require("Network", "give " + NETWORK_FORMS);
        ProvisioningRequest request = new ProvisioningRequest(
                r.text("Name"),
                r.text("SourceBucketArn"),
                r.text("DagS3Path"),
                network(r, problems),
                r.text("AirflowVersion"),
                r.text("EnvironmentClass"),
                r.integer("MinWorkers"),
                r.integer("MaxWorkers"),
                r.integer("Schedulers"),
                r.integer("MinWebservers"),
                r.integer("MaxWebservers"),
                r.choice("WebserverAccessMode", WebserverAccessMode.class),
                r.choice("EndpointManagement", EndpointManagement.class),
                logging(r),
                r.textMap("AirflowConfigurationOptions", true),
                r.text("RequirementsS3Path"),
                r.text("RequirementsS3ObjectVersion"),
                r.text("PluginsS3Path"),
                r.text("PluginsS3ObjectVersion"),
                r.text("StartupScriptS3Path"),
                r.text("StartupScriptS3ObjectVersion"),
                r.text("WeeklyMaintenanceWindowStart"),
                r.textMap("Tags", false),
                r.text("KmsKey"),
                r.text("ExecutionRoleArn"),
                r.choice("DeletionPolicy", DeletionPolicy.class),
                r.choice("OnFailure", OnFailure.class));
        r.reportUnknownKeys(misplacedAtTopLevel());
        return request;
    }

    private static Network network(MappingReader request, Problems problems) {
        MappingReader r = request.mapping("Network", NewNetwork.class, ExistingNetwork.class);
        if (r == null) {
            return null;
        }
        NewNetwork cidrs = new NewNetwork(r.text("VpcCIDR"), r.text("PublicSubnet1CIDR"), r.text("PublicSubnet2CIDR"),
                r.text("PrivateSubnet1CIDR"), r.text("PrivateSubnet2CIDR"));
        ExistingNetwork ids = new ExistingNetwork(r.textList("SubnetIds"), r.textList("SecurityGroupIds"));
        r.reportUnknownKeys(misplacedIn(RecordKeys.of(ProvisioningRequest.class), "belongs at the top level, not under Network; check the indentation"));

        Set<String> given = r.givenKnownKeys();
        boolean givesCidrs = CIDR_KEYS.stream().anyMatch(given::contains);
        boolean givesIds = ID_KEYS.stream().anyMatch(given::contains);
        if (givesCidrs && givesIds) {
            problems.add(r.path(), "gives both CIDR blocks and existing IDs; give " + NETWORK_FORMS + ", not both");
            return null;
        }
        if (!givesCidrs && !givesIds) {
            if (r.unknownKeys().isEmpty()) { // otherwise the unknown-key lines say what is wrong
                problems.add(r.path(), "is empty; give " + NETWORK_FORMS);
            }
            return null;
        }
        if (givesCidrs) {
            r.require("VpcCIDR", "a new network needs the VPC block, e.g. 10.192.0.0/16");
            r.require("PublicSubnet1CIDR", "a new network needs a public subnet block inside VpcCIDR, e.g. 10.192.10.0/24");
            r.require("PublicSubnet2CIDR", "a new network needs a public subnet block inside VpcCIDR, e.g. 10.192.11.0/24");
            r.require("PrivateSubnet1CIDR", "a new network needs a private subnet block inside VpcCIDR, e.g. 10.192.20.0/24");
            r.require("PrivateSubnet2CIDR", "a new network needs a private subnet block inside VpcCIDR, e.g. 10.192.21.0/24");
            return cidrs;
        }
        r.require("SubnetIds", "an existing network needs its two private subnets, e.g. [subnet-0123456789abcdef0, subnet-0fedcba9876543210]");
        r.require("SecurityGroupIds", "an existing network needs 1 to 5 security groups, e.g. [sg-0123456789abcdef0]");
        return ids;
    }

    private static LoggingConfiguration logging(MappingReader request) {
        MappingReader r = request.mapping("LoggingConfiguration", LoggingConfiguration.class);
        if (r == null) {
            return null;
        }
        LoggingConfiguration logging = new LoggingConfiguration(
                module(r, "DagProcessingLogs"),
                module(r, "SchedulerLogs"),
                module(r, "WebserverLogs"),
                module(r, "WorkerLogs"),
                module(r, "TaskLogs"));
        r.reportUnknownKeys(Map.of());
        return logging;
    }

    private static ModuleLogging module(MappingReader logging, String key) {
        MappingReader r = logging.mapping(key, ModuleLogging.class);
        if (r == null) {
            return null;
        }
        ModuleLogging module = new ModuleLogging(r.bool("Enabled"), r.choice("LogLevel", LogLevel.class));
        r.reportUnknownKeys(Map.of());
        return module;
    }

    /** Keys that are right, but one level too high: a hint is better than "did you mean". */
    private static Map<String, String> misplacedAtTopLevel() {
        Map<String, String> hints = new HashMap<>();
        hints.putAll(misplacedIn(CIDR_KEYS, "belongs under Network; check the indentation"));
        hints.putAll(misplacedIn(ID_KEYS, "belongs under Network; check the indentation"));
        hints.putAll(misplacedIn(RecordKeys.of(LoggingConfiguration.class), "belongs under LoggingConfiguration; check the indentation"));
        hints.putAll(misplacedIn(RecordKeys.of(ModuleLogging.class), "belongs under a module of LoggingConfiguration, e.g. LoggingConfiguration.TaskLogs"));
        hints.put("NetworkConfiguration", "this file calls it Network (with SubnetIds and SecurityGroupIds, or five CIDR blocks)");
        return hints;
    }

    private static Map<String, String> misplacedIn(List<String> keys, String hint) {
        Map<String, String> hints = new HashMap<>();
        keys.forEach(k -> hints.put(k, hint));
        return hints;
    }
}
