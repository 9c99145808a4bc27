package dev.mwaaprovisioner.local.cloud.mwaa;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Renders an environment as the {@code Environment} structure of GetEnvironment, with the member names
 * of the API model. Timestamps are epoch seconds, the REST-JSON default. The Airflow configuration
 * options are returned as MWAA returns them (in the response, marked sensitive only in the model).
 */
final class EnvironmentJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EnvironmentJson() {}

    static ObjectNode render(MwaaEnvironment env) {
        EnvironmentSettings s = env.settings();
        ObjectNode o = NODES.objectNode();
        o.put("Name", env.name);
        o.put("Status", env.status().name());
        o.put("Arn", env.arn);
        o.put("CreatedAt", epochSeconds(env.createdAt));
        putIfSet(o, "WebserverUrl", env.webserverUrl());
        o.put("ExecutionRoleArn", s.executionRoleArn());
        o.put("ServiceRoleArn", env.serviceRoleArn);
        putIfSet(o, "KmsKey", s.kmsKey());
        o.put("AirflowVersion", s.airflowVersion());
        o.put("SourceBucketArn", s.sourceBucketArn());
        o.put("DagS3Path", s.dagS3Path());
        putIfSet(o, "PluginsS3Path", s.pluginsS3Path());
        putIfSet(o, "PluginsS3ObjectVersion", s.pluginsS3ObjectVersion());
        putIfSet(o, "RequirementsS3Path", s.requirementsS3Path());
        putIfSet(o, "RequirementsS3ObjectVersion", s.requirementsS3ObjectVersion());
        putIfSet(o, "StartupScriptS3Path", s.startupScriptS3Path());
        putIfSet(o, "StartupScriptS3ObjectVersion", s.startupScriptS3ObjectVersion());
        ObjectNode options = o.putObject("AirflowConfigurationOptions");
        s.airflowConfigurationOptions().forEach(options::put);
        o.put("EnvironmentClass", s.environmentClass());
        o.put("MaxWorkers", s.maxWorkers());
        ObjectNode network = o.putObject("NetworkConfiguration");
        strings(network, "SubnetIds", s.subnetIds());
        strings(network, "SecurityGroupIds", s.securityGroupIds());
        ObjectNode logging = o.putObject("LoggingConfiguration");
        for (LoggingModule module : LoggingModule.values()) {
            LoggingModule.Setting setting = s.logging().get(module);
            ObjectNode m = logging.putObject(module.member());
            m.put("Enabled", setting.enabled());
            m.put("LogLevel", setting.logLevel());
            if (setting.enabled()) {
                m.put("CloudWatchLogGroupArn", "arn:" + env.partition + ":logs:" + env.region + ":" + env.account
                        + ":log-group:airflow-" + env.name + "-" + module.logGroupSuffix());
            }
        }
        o.set("LastUpdate", lastUpdate(env.lastUpdate()));
        o.put("WeeklyMaintenanceWindowStart", s.weeklyMaintenanceWindowStart());
        o.set("Tags", tags(env.tags()));
        o.put("WebserverAccessMode", s.webserverAccessMode());
        o.put("MinWorkers", s.minWorkers());
        o.put("Schedulers", s.schedulers());
        putIfSet(o, "WebserverVpcEndpointService", env.webserverVpcEndpointService);
        putIfSet(o, "DatabaseVpcEndpointService", env.databaseVpcEndpointService);
        o.put("CeleryExecutorQueue", env.celeryExecutorQueue);
        o.put("EndpointManagement", s.endpointManagement());
        o.put("MinWebservers", s.minWebservers());
        o.put("MaxWebservers", s.maxWebservers());
        return o;
    }

    static ObjectNode tags(Map<String, String> tags) {
        ObjectNode t = NODES.objectNode();
        tags.forEach(t::put);
        return t;
    }

    private static ObjectNode lastUpdate(LastUpdate u) {
        ObjectNode o = NODES.objectNode();
        o.put("Status", u.status());
        o.put("CreatedAt", epochSeconds(u.createdAt()));
        if (u.error() != null) {
            ObjectNode e = o.putObject("Error");
            e.put("ErrorCode", u.error().errorCode());
            e.put("ErrorMessage", u.error().errorMessage());
        }
        putIfSet(o, "WorkerReplacementStrategy", u.workerReplacementStrategy());
        return o;
    }

    /** Epoch seconds with millisecond precision, the REST-JSON timestamp format. */
    static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    private static void strings(ObjectNode parent, String name, List<String> values) {
        values.forEach(parent.putArray(name)::add);
    }

    private static void putIfSet(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }
}
