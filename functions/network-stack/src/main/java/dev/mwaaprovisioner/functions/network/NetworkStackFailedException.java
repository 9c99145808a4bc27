package dev.mwaaprovisioner.functions.network;

/**
 * The network stack failed or rolled back (or an earlier attempt left it so). The message names
 * the stack, its status and the first resource that failed with CloudFormation's reason.
 */
public final class NetworkStackFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NetworkStackFailedException(String message) {
        super(message);
    }
}
