package dev.mwaaprovisioner.local.cloud.mwaa;

import java.util.List;
import java.util.Map;

/**
 * The complete, resolved configuration of an environment: the request's members with MWAA's
 * defaults filled in. Immutable; an update produces a new value, so a failed update can restore
 * the previous one as MWAA does ({@code UPDATE_FAILED}: "restored to its previous state").
 */
public record EnvironmentSettings(
        String executionRoleArn,
        String sourceBucketArn,
        String dagS3Path,
        List<String> subnetIds,
        List<String> securityGroupIds,
        String pluginsS3Path,
        String pluginsS3ObjectVersion,
        String requirementsS3Path,
        String requirementsS3ObjectVersion,
        String startupScriptS3Path,
        String startupScriptS3ObjectVersion,
        Map<String, String> airflowConfigurationOptions,
        String environmentClass,
        int maxWorkers,
        int minWorkers,
        int schedulers,
        int minWebservers,
        int maxWebservers,
        String kmsKey,
        String airflowVersion,
        Map<LoggingModule, LoggingModule.Setting> logging,
        String weeklyMaintenanceWindowStart,
        String webserverAccessMode,
        String endpointManagement) {

    public EnvironmentSettings {
        subnetIds = List.copyOf(subnetIds);
        securityGroupIds = List.copyOf(securityGroupIds);
        airflowConfigurationOptions = Map.copyOf(airflowConfigurationOptions);
        logging = Map.copyOf(logging);
    }

    /** Never prints the Airflow configuration options: their values are sensitive in the API model. */
    @Override
    public String toString() {
        return "EnvironmentSettings[class=" + environmentClass + ", airflowVersion=" + airflowVersion
                + ", subnets=" + subnetIds + ", securityGroups=" + securityGroupIds
                + ", airflowConfigurationOptions=" + airflowConfigurationOptions.size() + " (hidden)]";
    }
}
