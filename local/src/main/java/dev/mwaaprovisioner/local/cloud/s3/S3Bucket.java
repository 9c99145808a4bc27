package dev.mwaaprovisioner.local.cloud.s3;

import java.time.Instant;

/**
 * A snapshot of a bucket's configuration.
 *
 * @param versioning        null (never enabled), {@code Enabled} or {@code Suspended}
 * @param publicAccessBlock null when none is set
 * @param policy            the bucket policy JSON, or null
 * @param lifecycle         the lifecycle configuration's rules; empty when none is set
 */
public record S3Bucket(
        String name,
        String region,
        Instant creationDate,
        String versioning,
        PublicAccessBlock publicAccessBlock,
        boolean eventBridgeEnabled,
        String policy,
        java.util.List<LifecycleRule> lifecycle) {

    /** The four public access block settings. */
    public record PublicAccessBlock(boolean blockPublicAcls, boolean ignorePublicAcls, boolean blockPublicPolicy,
                                    boolean restrictPublicBuckets) {
        public boolean blocksAll() {
            return blockPublicAcls && ignorePublicAcls && blockPublicPolicy && restrictPublicBuckets;
        }
    }

    public boolean versioningEnabled() {
        return "Enabled".equals(versioning);
    }
}
