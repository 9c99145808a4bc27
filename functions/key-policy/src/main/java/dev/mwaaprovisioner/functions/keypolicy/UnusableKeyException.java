package dev.mwaaprovisioner.functions.keypolicy;

/**
 * The request's {@code KmsKey} cannot serve an MWAA environment, or its policy cannot be edited:
 * not found, disabled, AWS managed, asymmetric or multi-Region. The message says which and why.
 */
public final class UnusableKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnusableKeyException(String message) {
        super(message);
    }
}
