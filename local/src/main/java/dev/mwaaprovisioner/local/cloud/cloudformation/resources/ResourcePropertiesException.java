package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

/** A resource cannot be provisioned with its properties; the message is the resource's failure reason. */
public final class ResourcePropertiesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ResourcePropertiesException(String message) {
        super(message);
    }
}
