package dev.mwaaprovisioner.functions.keypolicy;

/**
 * The key policy kept changing under this step: another writer replaced it between our read and
 * our write, several times. PutKeyPolicy has no conditional form, so the step re-reads and
 * retries a few times before it gives up with this error.
 */
public final class KeyPolicyConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyPolicyConflictException(String message) {
        super(message);
    }
}
