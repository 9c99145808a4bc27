package dev.mwaaprovisioner.common.request;

/**
 * What happens when the request file is deleted (or a {@code Deprovision Environment} event names
 * the environment). Spelled as CloudFormation's {@code DeletionPolicy} attribute; the default is
 * {@link #RETAIN} (see {@link RequestDefaults#DELETION_POLICY}).
 */
public enum DeletionPolicy implements WireValue {
    /** Remove the environment and everything the provisioner created for it, never what the request brought. */
    DELETE("Delete"),
    /** Keep the environment and everything else; only forget the request. */
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
