package dev.mwaaprovisioner.common.request;

/** The level of an Airflow log module sent to CloudWatch Logs (MWAA {@code LoggingLevel}). */
public enum LogLevel implements WireValue {
    CRITICAL,
    ERROR,
    WARNING,
    INFO,
    DEBUG;

    @Override
    public String wireName() {
        return name();
    }
}
