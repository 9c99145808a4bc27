package dev.mwaaprovisioner.common.request;

/** Who can reach the Airflow web server (MWAA {@code WebserverAccessMode}). */
public enum WebserverAccessMode implements WireValue {
    PRIVATE_ONLY,
    PUBLIC_ONLY,
    /** Offered by MWAA only from Airflow 3.2 on. */
    PUBLIC_AND_PRIVATE;

    @Override
    public String wireName() {
        return name();
    }
}
