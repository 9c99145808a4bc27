package dev.mwaaprovisioner.local.cloud.events;

import java.util.List;

/** A rule on an event bus: its pattern, state and targets. Immutable; changes replace it. */
public record EventRule(String name, String arn, String eventBusName, String region, String description,
        EventPattern pattern, boolean enabled, String roleArn, List<EventTarget> targets) {

    public EventRule withTargets(List<EventTarget> newTargets) {
        return new EventRule(name, arn, eventBusName, region, description, pattern, enabled, roleArn,
                List.copyOf(newTargets));
    }

    public EventRule withEnabled(boolean newEnabled) {
        return new EventRule(name, arn, eventBusName, region, description, pattern, newEnabled, roleArn, targets);
    }
}
