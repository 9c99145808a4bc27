package dev.mwaaprovisioner.common.request;

/**
 * What happens to the resources the provisioner created for a request (network stack, execution
 * role, key-policy statement) when the environment is deleted. Spelled as CloudFormation's
 * {@code DeletionPolicy} attribute.
 */
public enum DeletionPolicy implements WireValue {
    /** Remove everything the provisioner created for the environment. */
    DELETE("Delete"),
    /** Keep the network stack, role and key-policy statement for reuse or inspection. */
    RETAIN("Retain");

    private final String wireName;

    DeletionPolicy(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
