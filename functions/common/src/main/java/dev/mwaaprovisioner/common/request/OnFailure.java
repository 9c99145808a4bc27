package dev.mwaaprovisioner.common.request;

/**
 * What happens, when provisioning fails, to what that run had already created (network stack,
 * execution role, key-policy statement, a failed environment). Spelled as the values of
 * CloudFormation's {@code --on-failure} (ROLLBACK, DO_NOTHING), in the request file's PascalCase.
 */
public enum OnFailure implements WireValue {
    /** Remove what the failed run created, in reverse order, so nothing is left half-made. */
    ROLLBACK("Rollback"),
    /** Keep what the failed run created, to look at it; the next upload reuses or replaces it. */
    KEEP("Keep");

    private final String wireName;

    OnFailure(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
