package dev.mwaaprovisioner.local.cloud.ec2;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link Ec2Store} per Region, created on first use, as EC2 resources are regional. */
public final class Ec2Regions {

    private final String accountId;
    private final InstantSource clock;
    private final Ec2Settings settings;
    private final Map<String, Ec2Store> stores = new ConcurrentHashMap<>();

    public Ec2Regions(String accountId, InstantSource clock, Ec2Settings settings) {
        this.accountId = accountId;
        this.clock = clock;
        this.settings = settings;
    }

    public Ec2Store region(String region) {
        return stores.computeIfAbsent(region, r -> new Ec2Store(r, accountId, clock, settings));
    }

    /** The stores of the Regions used so far. */
    public Map<String, Ec2Store> stores() {
        return Map.copyOf(stores);
    }

    /** True when no Region holds any resource. */
    public boolean isEmpty() {
        return stores.values().stream().allMatch(Ec2Store::isEmpty);
    }
}
