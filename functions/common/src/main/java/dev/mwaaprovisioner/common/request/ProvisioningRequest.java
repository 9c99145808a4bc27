package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.workflow.Required;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One request for an MWAA environment, as read from a request file.
 *
 * <p>The keys are those of the MWAA {@code CreateEnvironment} API (plus {@code Network} and
 * {@code DeletionPolicy}, {@code OnFailure}). A request returned by {@link RequestParser} is valid and
 * <em>normalized</em>: every field that has a default ({@link RequestDefaults}) is filled, so the
 * workflow never has to guess. Fields without a default ({@code KmsKey}, {@code Tags}, the S3
 * paths...) are {@code null} when the file does not give them, and are left out of the JSON form.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvisioningRequest(
        @Required @JsonProperty("Name") String name,
        @Required @JsonProperty("SourceBucketArn") String sourceBucketArn,
        @Required @JsonProperty("DagS3Path") String dagS3Path,
        @Required @JsonProperty("Network") Network network,
        @JsonProperty("AirflowVersion") String airflowVersion,
        @JsonProperty("EnvironmentClass") String environmentClass,
        @JsonProperty("MinWorkers") Integer minWorkers,
        @JsonProperty("MaxWorkers") Integer maxWorkers,
        @JsonProperty("Schedulers") Integer schedulers,
        @JsonProperty("MinWebservers") Integer minWebservers,
        @JsonProperty("MaxWebservers") Integer maxWebservers,
        @JsonProperty("WebserverAccessMode") WebserverAccessMode webserverAccessMode,
        @JsonProperty("EndpointManagement") EndpointManagement endpointManagement,
        @JsonProperty("LoggingConfiguration") LoggingConfiguration loggingConfiguration,
        @JsonProperty("AirflowConfigurationOptions") Map<String, String> airflowConfigurationOptions,
        @JsonProperty("RequirementsS3Path") String requirementsS3Path,
        @JsonProperty("RequirementsS3ObjectVersion") String requirementsS3ObjectVersion,
        @JsonProperty("PluginsS3Path") String pluginsS3Path,
        @JsonProperty("PluginsS3ObjectVersion") String pluginsS3ObjectVersion,
        @JsonProperty("StartupScriptS3Path") String startupScriptS3Path,
        @JsonProperty("StartupScriptS3ObjectVersion") String startupScriptS3ObjectVersion,
        @JsonProperty("WeeklyMaintenanceWindowStart") String weeklyMaintenanceWindowStart,
        @JsonProperty("Tags") Map<String, String> tags,
        @JsonProperty("KmsKey") String kmsKey,
        @JsonProperty("ExecutionRoleArn") String executionRoleArn,
        @JsonProperty("DeletionPolicy") DeletionPolicy deletionPolicy,
        @JsonProperty("OnFailure") OnFailure onFailure) {

    public ProvisioningRequest {
        airflowConfigurationOptions = ModelCopies.map(airflowConfigurationOptions);
        tags = ModelCopies.map(tags);
    }

    /** True when the workflow builds the network stack; false when it uses existing subnets. */
    @JsonIgnore
    public boolean createsNetwork() {
        return network instanceof NewNetwork;
    }

    /** True when the environment encrypts with a customer-managed key; false for the AWS-owned key. */
    @JsonIgnore
    public boolean usesCustomerManagedKey() {
        return kmsKey != null;
    }

    /** True when the workflow creates the execution role; false when the request names one. */
    @JsonIgnore
    public boolean createsExecutionRole() {
        return executionRoleArn == null;
    }

    /**
     * The request as the state document carries it: every Airflow configuration option value
     * replaced by its digest ({@link OptionDigests}); the steps that send options to MWAA read the
     * values from the request object itself.
     */
    public ProvisioningRequest withOptionDigests() {
        if (airflowConfigurationOptions == null || OptionDigests.areDigests(airflowConfigurationOptions)) {
            return this;
        }
        return withOptions(OptionDigests.of(name, airflowConfigurationOptions));
    }

    /** The same request with other option values. */
    public ProvisioningRequest withOptions(Map<String, String> options) {
        return new ProvisioningRequest(name, sourceBucketArn, dagS3Path, network, airflowVersion, environmentClass,
                minWorkers, maxWorkers, schedulers, minWebservers, maxWebservers, webserverAccessMode,
                endpointManagement, loggingConfiguration, options, requirementsS3Path,
                requirementsS3ObjectVersion, pluginsS3Path, pluginsS3ObjectVersion, startupScriptS3Path,
                startupScriptS3ObjectVersion, weeklyMaintenanceWindowStart, tags, kmsKey, executionRoleArn,
                deletionPolicy, onFailure);
    }

    /** True when the request has Airflow configuration options (whose values live in the request object). */
    @JsonIgnore
    public boolean hasOptions() {
        return airflowConfigurationOptions != null && !airflowConfigurationOptions.isEmpty();
    }

    /** The normalized request as compact JSON, PascalCase keys in API order. */
    public String toJson() {
        return RequestJson.write(this, false);
    }

    /** The normalized request as indented JSON, for people. */
    public String toPrettyJson() {
        return RequestJson.write(this, true);
    }

    /** Airflow configuration values are sensitive in the MWAA API: never print them in logs. */
    @Override
    public String toString() {
        String options = airflowConfigurationOptions == null ? "null"
                : airflowConfigurationOptions.keySet().stream()
                        .map(k -> k + "=***")
                        .collect(Collectors.joining(", ", "{", "}"));
        return "ProvisioningRequest[Name=" + name + ", SourceBucketArn=" + sourceBucketArn
                + ", DagS3Path=" + dagS3Path + ", Network=" + network
                + ", AirflowVersion=" + airflowVersion + ", EnvironmentClass=" + environmentClass
                + ", MinWorkers=" + minWorkers + ", MaxWorkers=" + maxWorkers
                + ", Schedulers=" + schedulers + ", MinWebservers=" + minWebservers
                + ", MaxWebservers=" + maxWebservers + ", WebserverAccessMode=" + webserverAccessMode
                + ", EndpointManagement=" + endpointManagement
                + ", LoggingConfiguration=" + loggingConfiguration
                + ", AirflowConfigurationOptions=" + options
                + ", RequirementsS3Path=" + requirementsS3Path
                + ", RequirementsS3ObjectVersion=" + requirementsS3ObjectVersion
                + ", PluginsS3Path=" + pluginsS3Path + ", PluginsS3ObjectVersion=" + pluginsS3ObjectVersion
                + ", StartupScriptS3Path=" + startupScriptS3Path
                + ", StartupScriptS3ObjectVersion=" + startupScriptS3ObjectVersion
                + ", WeeklyMaintenanceWindowStart=" + weeklyMaintenanceWindowStart + ", Tags=" + tags
                + ", KmsKey=" + kmsKey + ", ExecutionRoleArn=" + executionRoleArn
                + ", DeletionPolicy=" + deletionPolicy + ", OnFailure=" + onFailure + "]";
    }
}
