package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Logging of one Airflow module to CloudWatch Logs. Either part may be omitted in the request
 * file; the normalized request has both (see {@link RequestDefaults#MODULE_LOGGING}).
 */
public record ModuleLogging(
        @JsonProperty("Enabled") Boolean enabled,
        @JsonProperty("LogLevel") LogLevel logLevel) {
}
