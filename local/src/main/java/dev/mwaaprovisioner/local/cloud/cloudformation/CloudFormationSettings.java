package dev.mwaaprovisioner.local.cloud.cloudformation;

import java.time.Duration;

/**
 * How long stack operations take in simulated time (on the cloud clock, so {@code --time-scale}
 * accelerates them). The duration is spread over the waves of the dependency graph: with five
 * waves and three minutes, each resource takes 36 simulated seconds.
 */
public record CloudFormationSettings(Duration createDuration, Duration updateDuration, Duration deleteDuration) {

    public CloudFormationSettings {
        for (Duration d : new Duration[] {createDuration, updateDuration, deleteDuration}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("stack operation durations cannot be negative: " + d);
            }
        }
    }

    public static CloudFormationSettings defaults() {
        return new CloudFormationSettings(Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ofMinutes(1));
    }
}
