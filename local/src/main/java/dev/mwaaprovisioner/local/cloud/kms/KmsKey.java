package dev.mwaaprovisioner.local.cloud.kms;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of a KMS key.
 *
 * @param state        {@code Enabled}, {@code Disabled} or {@code PendingDeletion}
 * @param deletionDate when a key pending deletion is deleted, else null
 * @param policy       the key policy as last put (the one policy, named {@code default})
 */
public record KmsKey(
        String keyId,
        String arn,
        String region,
        Instant creationDate,
        String description,
        String keyUsage,
        String keySpec,
        boolean multiRegion,
        String state,
        Instant deletionDate,
        Integer pendingWindowInDays,
        String policy,
        Map<String, String> tags) {

    public KmsKey {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public boolean enabled() {
        return state.equals(KmsStore.ENABLED);
    }
}
