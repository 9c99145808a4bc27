package dev.mwaaprovisioner.functions.network;

/** The network stack was still being created when the polling deadline passed. */
public final class NetworkStackTimedOutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NetworkStackTimedOutException(String message) {
        super(message);
    }
}
