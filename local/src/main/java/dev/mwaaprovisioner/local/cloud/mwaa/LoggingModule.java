package dev.mwaaprovisioner.local.cloud.mwaa;

import java.util.Optional;

/**
 * The five Apache Airflow log modules of {@code LoggingConfiguration}, with the suffix MWAA gives
 * each module's CloudWatch log group ({@code airflow-<Environment>-<suffix>}).
 */
public enum LoggingModule {
    DAG_PROCESSING("DagProcessingLogs", "DAGProcessing"),
    SCHEDULER("SchedulerLogs", "Scheduler"),
    WEBSERVER("WebserverLogs", "WebServer"),
    WORKER("WorkerLogs", "Worker"),
    TASK("TaskLogs", "Task");

    private final String member;
    private final String logGroupSuffix;

    LoggingModule(String member, String logGroupSuffix) {
        this.member = member;
        this.logGroupSuffix = logGroupSuffix;
    }

    /** The member name in the API ({@code DagProcessingLogs}, ...). */
    public String member() {
        return member;
    }

    public String logGroupSuffix() {
        return logGroupSuffix;
    }

    public static Optional<LoggingModule> byMember(String member) {
        for (LoggingModule m : values()) {
            if (m.member.equals(member)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** One module's setting: whether it is sent to CloudWatch Logs and at which level. */
    public record Setting(boolean enabled, String logLevel) {}
}
