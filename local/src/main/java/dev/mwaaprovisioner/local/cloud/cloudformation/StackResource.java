package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import java.time.Instant;
import java.util.Map;

/**
 * A resource of a stack: its type, the physical resource behind it (null until created) and the
 * properties it was last created or updated with. Mutated only under the stack store's lock.
 */
public final class StackResource {

    private final String logicalId;
    private final String type;
    private final boolean retainOnDelete;
    private ProvisionedResource provisioned;
    private Map<String, Object> properties = Map.of();
    private String status;
    private String statusReason;
    private Instant lastUpdated;

    StackResource(String logicalId, String type, boolean retainOnDelete) {
        this.logicalId = logicalId;
        this.type = type;
        this.retainOnDelete = retainOnDelete;
    }

    /** A detached copy, e.g. the old physical resource kept for clean-up after a replacement. */
    StackResource copy() {
        StackResource copy = new StackResource(logicalId, type, retainOnDelete);
        copy.provisioned = provisioned;
        copy.properties = properties;
        copy.status = status;
        copy.statusReason = statusReason;
        copy.lastUpdated = lastUpdated;
        return copy;
    }

    public String logicalId() {
        return logicalId;
    }

    public String type() {
        return type;
    }

    boolean retainOnDelete() {
        return retainOnDelete;
    }

    public String physicalId() {
        return provisioned == null ? null : provisioned.physicalId();
    }

    ProvisionedResource provisioned() {
        return provisioned;
    }

    void provisioned(ProvisionedResource value) {
        provisioned = value;
    }

    Map<String, Object> properties() {
        return properties;
    }

    void properties(Map<String, Object> value) {
        properties = value;
    }

    public String status() {
        return status;
    }

    public String statusReason() {
        return statusReason;
    }

    public Instant lastUpdated() {
        return lastUpdated;
    }

    void status(String newStatus, String reason, Instant at) {
        status = newStatus;
        statusReason = reason;
        lastUpdated = at;
    }
}
