package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The five Airflow log modules MWAA can send to CloudWatch Logs. */
public record LoggingConfiguration(
        @JsonProperty("DagProcessingLogs") ModuleLogging dagProcessingLogs,
        @JsonProperty("SchedulerLogs") ModuleLogging schedulerLogs,
        @JsonProperty("WebserverLogs") ModuleLogging webserverLogs,
        @JsonProperty("WorkerLogs") ModuleLogging workerLogs,
        @JsonProperty("TaskLogs") ModuleLogging taskLogs) {
}
