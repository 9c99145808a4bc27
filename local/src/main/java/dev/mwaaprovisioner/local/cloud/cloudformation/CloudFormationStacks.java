package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.FaultInjector;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProviderRegistry;
import dev.mwaaprovisioner.local.cloud.ec2.AvailabilityZone;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The stacks of every Region, and the pump that moves their operations along in simulated time:
 * after each change it asks to be woken when the next resource step is due, so stacks progress
 * (and EC2 resources appear) whether or not anyone polls.
 */
public final class CloudFormationStacks implements StackServices {

    /** The fault kind CloudFormation consults: name = stack name; details: reason, logicalResourceId. */
    public static final String FAULT_KIND = "cloudformation:stack";

    private final String accountId;
    private final Ec2Regions ec2;
    private final ResourceProviderRegistry providers;
    private final CloudFormationSettings settings;
    private final InstantSource clock;
    private final BiConsumer<Instant, Runnable> wakeUp;
    private final FaultInjector faults;
    private final Map<String, StackStore> regions = new ConcurrentHashMap<>();
    private Instant nextWakeUp;

    /**
     * @param wakeUp schedules a task at a simulated instant (the cloud clock's {@code schedule})
     */
    public CloudFormationStacks(String accountId, Ec2Regions ec2, ResourceProviderRegistry providers,
            CloudFormationSettings settings, InstantSource clock, BiConsumer<Instant, Runnable> wakeUp,
            FaultInjector faults) {
        this.accountId = accountId;
        this.ec2 = ec2;
        this.providers = providers;
        this.settings = settings;
        this.clock = clock;
        this.wakeUp = wakeUp;
        this.faults = faults;
    }

    public StackStore region(String region) {
        return regions.computeIfAbsent(region, r -> new StackStore(r, accountId, this, clock));
    }

    public List<StackStore> regions() {
        return List.copyOf(regions.values());
    }

    /** Advances every Region's operations to now and schedules the next wake-up. */
    public void pump() {
        Instant now = clock.instant();
        Instant next = null;
        for (StackStore store : regions.values()) {
            Instant due = store.advance(now);
            if (due != null && (next == null || due.isBefore(next))) {
                next = due;
            }
        }
        if (next != null) {
            schedule(next);
        }
    }

    private synchronized void schedule(Instant at) {
        Instant now = clock.instant();
        if (nextWakeUp != null && !nextWakeUp.isAfter(at) && nextWakeUp.isAfter(now)) {
            return; // an earlier wake-up is pending and will reschedule
        }
        nextWakeUp = at;
        wakeUp.accept(at, this::pump);
    }

    @Override
    public ResourceProviderRegistry providers() {
        return providers;
    }

    @Override
    public CloudFormationSettings settings() {
        return settings;
    }

    @Override
    public List<String> availabilityZones(String region) {
        return ec2.region(region).availabilityZones().stream().map(AvailabilityZone::zoneName).toList();
    }

    @Override
    public Optional<String> injectedFailure(String stackName, String logicalId, String outcome) {
        if (faults == null) {
            return Optional.empty();
        }
        Optional<FaultInjector.ResourceFault> fault = faults.peekResourceFault(FAULT_KIND, stackName)
                .filter(f -> f.outcome().equalsIgnoreCase(outcome))
                .filter(f -> f.detail("logicalResourceId", logicalId).equals(logicalId));
        if (fault.isEmpty()) {
            return Optional.empty();
        }
        return faults.takeResourceFault(FAULT_KIND, stackName)
                .map(f -> f.detail("reason", "Resource handler returned message: \"Injected failure for " + logicalId
                        + " of stack " + stackName + "\" (HandlerErrorCode: GeneralServiceException)"));
    }
}
