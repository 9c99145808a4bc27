package dev.mwaaprovisioner.local.cloud.mwaa;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the local MWAA can be tuned with: the Airflow versions it accepts, the worker quota, and
 * how long, in simulated time on the cloud clock, its operations take.
 *
 * @param airflowVersions         the versions CreateEnvironment/UpdateEnvironment accept
 * @param defaultAirflowVersion   used when a request names none ("latest", as MWAA does)
 * @param maxWorkersQuota         the account's worker quota (25 by default on AWS)
 * @param createDuration          CREATING → AVAILABLE
 * @param updateDuration          UPDATING → AVAILABLE
 * @param deleteDuration          DELETING → gone
 * @param pendingTimeout          how long a CUSTOMER-endpoint environment stays PENDING before CREATE_FAILED
 * @param stuckCreationDuration   how long an environment whose security groups do not let it talk to
 *                                itself stays CREATING before it fails, as on AWS
 * @param defaultMaintenanceWindow assigned when a request gives no WeeklyMaintenanceWindowStart
 */
public record MwaaOptions(
        List<String> airflowVersions,
        String defaultAirflowVersion,
        int maxWorkersQuota,
        Duration createDuration,
        Duration updateDuration,
        Duration deleteDuration,
        Duration pendingTimeout,
        Duration stuckCreationDuration,
        String defaultMaintenanceWindow) {

    /** Airflow versions MWAA offers (API model 2020-07-01, as of 2026). */
    public static final List<String> AIRFLOW_VERSIONS =
            List.of("2.7.2", "2.8.1", "2.9.2", "2.10.1", "2.10.3", "2.11.0", "3.0.6");

    public MwaaOptions {
        airflowVersions = List.copyOf(airflowVersions);
        Objects.requireNonNull(defaultAirflowVersion, "defaultAirflowVersion");
        if (!airflowVersions.contains(defaultAirflowVersion)) {
            throw new IllegalArgumentException("defaultAirflowVersion " + defaultAirflowVersion
                    + " is not one of the accepted versions " + airflowVersions);
        }
        if (maxWorkersQuota < 1) {
            throw new IllegalArgumentException("maxWorkersQuota must be at least 1, not " + maxWorkersQuota);
        }
        for (Duration d : List.of(createDuration, updateDuration, deleteDuration, pendingTimeout, stuckCreationDuration)) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative: " + d);
            }
        }
    }

    /**
     * AWS-like defaults: 25 minutes to create, 20 to update, 15 to delete, 72 hours of PENDING,
     * 3 hours stuck in CREATING on a network that blocks the environment's own traffic.
     */
    public static MwaaOptions defaults() {
        return new MwaaOptions(AIRFLOW_VERSIONS, AIRFLOW_VERSIONS.get(AIRFLOW_VERSIONS.size() - 1), 25,
                Duration.ofMinutes(25), Duration.ofMinutes(20), Duration.ofMinutes(15), Duration.ofHours(72),
                Duration.ofHours(3), "SUN:03:00");
    }

    /** Prefix of the system properties {@link #fromSystemProperties()} reads. */
    public static final String PROPERTY_PREFIX = "mwaa.local.";

    /**
     * The defaults, overridden by system properties ({@code java -Dmwaa.local.createDuration=PT5M -jar ...}):
     * {@code airflowVersions} (comma-separated), {@code defaultAirflowVersion}, {@code maxWorkersQuota},
     * and ISO-8601 durations of simulated time {@code createDuration}, {@code updateDuration},
     * {@code deleteDuration}, {@code pendingTimeout}, {@code stuckCreationDuration}.
     *
     * @throws IllegalArgumentException naming the property when a value cannot be used
     */
    public static MwaaOptions fromSystemProperties() {
        return fromProperties(System.getProperties());
    }

    static MwaaOptions fromProperties(java.util.Properties p) {
        MwaaOptions d = defaults();
        List<String> versions = d.airflowVersions();
        String versionList = p.getProperty(PROPERTY_PREFIX + "airflowVersions");
        if (versionList != null) {
            versions = java.util.Arrays.stream(versionList.split(",")).map(String::trim).filter(v -> !v.isEmpty())
                    .toList();
            if (versions.isEmpty()) {
                throw new IllegalArgumentException(PROPERTY_PREFIX + "airflowVersions is empty: give a comma-separated"
                        + " list such as 2.10.3,3.0.6");
            }
        }
        String defaultVersion = p.getProperty(PROPERTY_PREFIX + "defaultAirflowVersion",
                versions.contains(d.defaultAirflowVersion()) ? d.defaultAirflowVersion() : versions.get(versions.size() - 1));
        if (!versions.contains(defaultVersion)) {
            throw new IllegalArgumentException(PROPERTY_PREFIX + "defaultAirflowVersion=" + defaultVersion
                    + " is not in the accepted versions " + versions + ": add it to " + PROPERTY_PREFIX
                    + "airflowVersions or pick one of them");
        }
        int quota = d.maxWorkersQuota();
        String quotaText = p.getProperty(PROPERTY_PREFIX + "maxWorkersQuota");
        if (quotaText != null) {
            try {
                quota = Integer.parseInt(quotaText.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PROPERTY_PREFIX + "maxWorkersQuota=" + quotaText
                        + " is not a whole number: use for example 25");
            }
        }
        return new MwaaOptions(versions, defaultVersion, quota,
                duration(p, "createDuration", d.createDuration()),
                duration(p, "updateDuration", d.updateDuration()),
                duration(p, "deleteDuration", d.deleteDuration()),
                duration(p, "pendingTimeout", d.pendingTimeout()),
                duration(p, "stuckCreationDuration", d.stuckCreationDuration()),
                d.defaultMaintenanceWindow());
    }

    private static Duration duration(java.util.Properties p, String name, Duration fallback) {
        String text = p.getProperty(PROPERTY_PREFIX + name);
        if (text == null) {
            return fallback;
        }
        try {
            return Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(PROPERTY_PREFIX + name + "=" + text + " is not an ISO-8601 duration:"
                    + " use for example PT25M (25 minutes) or PT2H");
        }
    }

    public MwaaOptions withAirflowVersions(List<String> versions, String defaultVersion) {
        return new MwaaOptions(versions, defaultVersion, maxWorkersQuota, createDuration, updateDuration,
                deleteDuration, pendingTimeout, stuckCreationDuration, defaultMaintenanceWindow);
    }

    public MwaaOptions withDurations(Duration create, Duration update, Duration delete) {
        return new MwaaOptions(airflowVersions, defaultAirflowVersion, maxWorkersQuota, create, update, delete,
                pendingTimeout, stuckCreationDuration, defaultMaintenanceWindow);
    }
}
