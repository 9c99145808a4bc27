package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An Availability Zone of the local region. Every region has three zones, {@code <region>a..c},
 * with zone IDs built the way AWS abbreviates region names ({@code us-east-1} → {@code use1-az1}).
 */
public record AvailabilityZone(String zoneName, String zoneId, String regionName) {

    private static final Map<String, String> DIRECTIONS = Map.ofEntries(
            Map.entry("east", "e"), Map.entry("west", "w"), Map.entry("north", "n"), Map.entry("south", "s"),
            Map.entry("central", "c"), Map.entry("northeast", "ne"), Map.entry("northwest", "nw"),
            Map.entry("southeast", "se"), Map.entry("southwest", "sw"), Map.entry("gov", "g"),
            Map.entry("iso", "i"), Map.entry("isob", "ib"));

    public static List<AvailabilityZone> of(String region) {
        String prefix = zoneIdPrefix(region);
        List<AvailabilityZone> zones = new ArrayList<>();
        char letter = 'a';
        for (int i = 1; i <= 3; i++, letter++) {
            zones.add(new AvailabilityZone(region + letter, prefix + "-az" + i, region));
        }
        return List.copyOf(zones);
    }

    static String zoneIdPrefix(String region) {
        String[] parts = region.split("-");
        StringBuilder prefix = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            prefix.append(DIRECTIONS.getOrDefault(parts[i], parts[i]));
        }
        return prefix.toString();
    }
}
