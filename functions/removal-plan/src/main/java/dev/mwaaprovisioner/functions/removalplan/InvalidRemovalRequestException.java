package dev.mwaaprovisioner.functions.removalplan;

/** A removal that cannot be done as asked: its event names no environment the provisioner knows. */
public final class InvalidRemovalRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidRemovalRequestException(String message) {
        super(message);
    }
}
