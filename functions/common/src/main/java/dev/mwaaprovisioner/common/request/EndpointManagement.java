package dev.mwaaprovisioner.common.request;

/** Who creates the environment's VPC endpoints (MWAA {@code EndpointManagement}). */
public enum EndpointManagement implements WireValue {
    /** MWAA creates and manages the endpoints. */
    SERVICE,
    /**
     * The owner of the VPC creates them (shared VPCs); the environment stays PENDING until they
     * exist and fails after 72 hours without them.
     */
    CUSTOMER;

    @Override
    public String wireName() {
        return name();
    }
}
