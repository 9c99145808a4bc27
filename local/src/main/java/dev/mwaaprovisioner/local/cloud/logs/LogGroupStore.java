package dev.mwaaprovisioner.local.cloud.logs;

import dev.mwaaprovisioner.local.cloud.Arns;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.CloudException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The log groups of every Region, checked as CloudWatch Logs checks them. Thread-safe. */
public final class LogGroupStore {

    /** The retention periods CloudWatch Logs accepts. */
    public static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);
    private static final Pattern NAME = Pattern.compile("[\\.\\-_/#A-Za-z0-9]{1,512}");

    private final CloudClock clock;
    private final String accountId;
    /** Region, then name. */
    private final TreeMap<String, TreeMap<String, LogGroup>> groups = new TreeMap<>();

    public LogGroupStore(CloudClock clock, String accountId) {
        this.clock = clock;
        this.accountId = accountId;
    }

    public synchronized LogGroup create(String region, String name, Integer retentionInDays, Map<String, String> tags) {
        checkName(name);
        checkRetention(retentionInDays);
        TreeMap<String, LogGroup> inRegion = groups.computeIfAbsent(region, r -> new TreeMap<>());
        if (inRegion.containsKey(name)) {
            throw new CloudException("ResourceAlreadyExistsException", 400, "The specified log group already exists");
        }
        String arn = Arns.of(region, "logs", region, accountId, "log-group:" + name + ":*");
        LogGroup group = new LogGroup(name, arn, region, clock.now(), retentionInDays, tags == null ? Map.of() : tags);
        inRegion.put(name, group);
        return group;
    }

    public synchronized LogGroup putRetentionPolicy(String region, String name, Integer retentionInDays) {
        LogGroup group = require(region, name);
        checkRetention(retentionInDays);
        LogGroup changed = new LogGroup(group.name(), group.arn(), region, group.creationTime(), retentionInDays,
                group.tags());
        groups.get(region).put(name, changed);
        return changed;
    }

    public synchronized void delete(String region, String name) {
        require(region, name);
        groups.get(region).remove(name);
    }

    public synchronized Optional<LogGroup> find(String region, String name) {
        return Optional.ofNullable(groups.getOrDefault(region, new TreeMap<>()).get(name));
    }

    /** The Region's log groups whose name starts with the prefix (null for all), by name. */
    public synchronized List<LogGroup> list(String region, String prefix) {
        List<LogGroup> result = new ArrayList<>();
        for (LogGroup group : groups.getOrDefault(region, new TreeMap<>()).values()) {
            if (prefix == null || group.name().startsWith(prefix)) {
                result.add(group);
            }
        }
        return result;
    }

    /** Every log group of every Region. */
    public synchronized List<LogGroup> all() {
        List<LogGroup> result = new ArrayList<>();
        groups.values().forEach(inRegion -> result.addAll(inRegion.values()));
        return result;
    }

    private LogGroup require(String region, String name) {
        LogGroup group = groups.getOrDefault(region, new TreeMap<>()).get(name);
        if (group == null) {
            throw new CloudException("ResourceNotFoundException", 400, "The specified log group does not exist.");
        }
        return group;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new CloudException("InvalidParameterException", 400, "1 validation error detected: Value '" + name
                    + "' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression "
                    + "pattern: [\\.\\-_/#A-Za-z0-9]+");
        }
    }

    private static void checkRetention(Integer days) {
        if (days != null && !RETENTION_DAYS.contains(days)) {
            throw new CloudException("InvalidParameterException", 400, "1 validation error detected: Value '" + days
                    + "' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: "
                    + new java.util.TreeSet<>(RETENTION_DAYS));
        }
    }
}
