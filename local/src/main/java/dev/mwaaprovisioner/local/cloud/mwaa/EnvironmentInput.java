package dev.mwaaprovisioner.local.cloud.mwaa;

import java.util.List;
import java.util.Map;

/**
 * The members of a {@code CreateEnvironment} or {@code UpdateEnvironment} request, as sent:
 * a member the caller left out is null. Read and checked against the API model by
 * {@link EnvironmentRequestReader}; the service's own rules are applied by {@link EnvironmentRules}.
 */
final class EnvironmentInput {
    String name;
    String executionRoleArn;
    String sourceBucketArn;
    String dagS3Path;
    /** True when {@code NetworkConfiguration} was sent. */
    boolean networkConfiguration;
    List<String> subnetIds;
    List<String> securityGroupIds;
    String pluginsS3Path;
    String pluginsS3ObjectVersion;
    String requirementsS3Path;
    String requirementsS3ObjectVersion;
    String startupScriptS3Path;
    String startupScriptS3ObjectVersion;
    /** Sensitive: never logged, never echoed in an error message. */
    Map<String, String> airflowConfigurationOptions;
    String environmentClass;
    Integer maxWorkers;
    Integer minWorkers;
    Integer schedulers;
    Integer minWebservers;
    Integer maxWebservers;
    String kmsKey;
    String airflowVersion;
    Map<LoggingModule, LoggingModule.Setting> loggingConfiguration;
    String weeklyMaintenanceWindowStart;
    Map<String, String> tags;
    String webserverAccessMode;
    String endpointManagement;
    String workerReplacementStrategy;
}
