package dev.mwaaprovisioner.local.asl;

import java.util.List;

/** One element of a {@code Retry} array, with the Amazon States Language defaults applied. */
record Retrier(
        List<String> errorEquals,
        int intervalSeconds,
        int maxAttempts,
        double backoffRate,
        Integer maxDelaySeconds,
        JitterStrategy jitterStrategy) {

    static final int DEFAULT_INTERVAL_SECONDS = 1;
    static final int DEFAULT_MAX_ATTEMPTS = 3;
    static final double DEFAULT_BACKOFF_RATE = 2.0;

    enum JitterStrategy { FULL, NONE }
}
