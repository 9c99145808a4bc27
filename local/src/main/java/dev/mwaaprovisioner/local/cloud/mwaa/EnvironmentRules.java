package dev.mwaaprovisioner.local.cloud.mwaa;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The rules MWAA applies beyond the API model's constraints, and the defaults it fills in:
 * environment classes, the Airflow version allow-list, scheduler/web-server/worker ranges
 * (mw1.micro is fixed at one of each), relative S3 paths, key IDs rather than aliases.
 * Pure functions of the request and {@link MwaaOptions}; references to other resources are
 * checked by {@link ReferenceChecks}.
 */
final class EnvironmentRules {

    static final List<String> ENVIRONMENT_CLASSES =
            List.of("mw1.micro", "mw1.small", "mw1.medium", "mw1.large", "mw1.xlarge", "mw1.2xlarge");
    static final String MICRO = "mw1.micro";
    static final String DEFAULT_CLASS = "mw1.small";
    private static final int DEFAULT_MAX_WORKERS = 10;

    private EnvironmentRules() {}

    /** The resolved settings of a new environment, or a {@code ValidationException}. */
    static EnvironmentSettings forCreate(EnvironmentInput in, MwaaOptions options) {
        if (in.subnetIds == null) {
            throw MwaaException.validation("NetworkConfiguration.SubnetIds is required: give two private subnets"
                    + " in different Availability Zones.");
        }
        if (in.securityGroupIds == null) {
            throw MwaaException.validation("NetworkConfiguration.SecurityGroupIds is required: give 1 to 5"
                    + " security groups of the subnets' VPC.");
        }
        if (in.subnetIds.get(0).equals(in.subnetIds.get(1))) {
            throw MwaaException.validation("NetworkConfiguration.SubnetIds names subnet " + in.subnetIds.get(0)
                    + " twice: give two different private subnets in different Availability Zones.");
        }
        if (in.kmsKey != null && in.kmsKey.contains("alias/")) {
            throw MwaaException.validation("KmsKey '" + in.kmsKey + "' is a key alias: MWAA needs the key ID or"
                    + " key ARN of a customer managed key (arn:aws:kms:<region>:<account>:key/<key-id>).");
        }
        String environmentClass = orDefault(in.environmentClass, DEFAULT_CLASS);
        checkEnvironmentClass(environmentClass);
        boolean micro = MICRO.equals(environmentClass);
        int smallest = micro ? 1 : 2;

        Map<LoggingModule, LoggingModule.Setting> logging = new EnumMap<>(LoggingModule.class);
        for (LoggingModule m : LoggingModule.values()) {
            logging.put(m, new LoggingModule.Setting(false, "INFO"));
        }
        if (in.loggingConfiguration != null) {
            logging.putAll(in.loggingConfiguration);
        }
        EnvironmentSettings settings = new EnvironmentSettings(
                in.executionRoleArn,
                in.sourceBucketArn,
                in.dagS3Path,
                in.subnetIds,
                in.securityGroupIds,
                in.pluginsS3Path,
                in.pluginsS3ObjectVersion,
                in.requirementsS3Path,
                in.requirementsS3ObjectVersion,
                in.startupScriptS3Path,
                in.startupScriptS3ObjectVersion,
                in.airflowConfigurationOptions == null ? Map.of() : in.airflowConfigurationOptions,
                environmentClass,
                orDefault(in.maxWorkers, micro ? 1 : DEFAULT_MAX_WORKERS),
                orDefault(in.minWorkers, 1),
                orDefault(in.schedulers, smallest),
                orDefault(in.minWebservers, smallest),
                orDefault(in.maxWebservers, smallest),
                in.kmsKey,
                orDefault(in.airflowVersion, options.defaultAirflowVersion()),
                logging,
                orDefault(in.weeklyMaintenanceWindowStart, options.defaultMaintenanceWindow()),
                orDefault(in.webserverAccessMode, "PRIVATE_ONLY"),
                orDefault(in.endpointManagement, "SERVICE"));
        check(settings, options);
        return settings;
    }

    /** The settings after an update: members sent replace the current ones; the result is checked whole. */
    static EnvironmentSettings forUpdate(EnvironmentSettings current, EnvironmentInput in, MwaaOptions options) {
        if (in.environmentClass != null) {
            checkEnvironmentClass(in.environmentClass);
        }
        Map<LoggingModule, LoggingModule.Setting> logging = new EnumMap<>(current.logging());
        if (in.loggingConfiguration != null) {
            logging.putAll(in.loggingConfiguration);
        }
        EnvironmentSettings settings = new EnvironmentSettings(
                orDefault(in.executionRoleArn, current.executionRoleArn()),
                orDefault(in.sourceBucketArn, current.sourceBucketArn()),
                orDefault(in.dagS3Path, current.dagS3Path()),
                current.subnetIds(),
                orDefault(in.securityGroupIds, current.securityGroupIds()),
                orDefault(in.pluginsS3Path, current.pluginsS3Path()),
                orDefault(in.pluginsS3ObjectVersion, current.pluginsS3ObjectVersion()),
                orDefault(in.requirementsS3Path, current.requirementsS3Path()),
                orDefault(in.requirementsS3ObjectVersion, current.requirementsS3ObjectVersion()),
                orDefault(in.startupScriptS3Path, current.startupScriptS3Path()),
                orDefault(in.startupScriptS3ObjectVersion, current.startupScriptS3ObjectVersion()),
                orDefault(in.airflowConfigurationOptions, current.airflowConfigurationOptions()),
                orDefault(in.environmentClass, current.environmentClass()),
                orDefault(in.maxWorkers, current.maxWorkers()),
                orDefault(in.minWorkers, current.minWorkers()),
                orDefault(in.schedulers, current.schedulers()),
                orDefault(in.minWebservers, current.minWebservers()),
                orDefault(in.maxWebservers, current.maxWebservers()),
                current.kmsKey(),
                orDefault(in.airflowVersion, current.airflowVersion()),
                logging,
                orDefault(in.weeklyMaintenanceWindowStart, current.weeklyMaintenanceWindowStart()),
                orDefault(in.webserverAccessMode, current.webserverAccessMode()),
                current.endpointManagement());
        check(settings, options);
        checkVersionChange(current.airflowVersion(), settings.airflowVersion());
        return settings;
    }

    /**
     * MWAA changes the Airflow version in place within a major version (up or down, x.4 to x.5
     * and back) and across major versions only from the latest 2.x (2.11) to 3.x and from 3.x
     * back to 2.11; other changes need a new environment, as its user guide states.
     */
    private static void checkVersionChange(String from, String to) {
        if (from.equals(to)) {
            return;
        }
        String fromMajor = from.substring(0, from.indexOf('.'));
        String toMajor = to.substring(0, to.indexOf('.'));
        if (fromMajor.equals(toMajor)
                || (fromMajor.equals("2") && toMajor.equals("3") && from.startsWith("2.11."))
                || (fromMajor.equals("3") && toMajor.equals("2") && to.startsWith("2.11."))) {
            return;
        }
        throw MwaaException.validation("Updating the Apache Airflow version from " + from + " to " + to
                + " is not supported. A major version upgrade is possible only from Apache Airflow 2.11; to move from "
                + from + " to " + to + ", create a new environment and migrate your resources.");
    }

    private static void check(EnvironmentSettings s, MwaaOptions options) {
        if (!options.airflowVersions().contains(s.airflowVersion())) {
            throw MwaaException.validation("Airflow version '" + s.airflowVersion() + "' is not supported."
                    + " Supported versions: " + String.join(", ", options.airflowVersions()) + ".");
        }
        checkRelativePath("DagS3Path", s.dagS3Path());
        checkRelativePath("PluginsS3Path", s.pluginsS3Path());
        checkRelativePath("RequirementsS3Path", s.requirementsS3Path());
        checkRelativePath("StartupScriptS3Path", s.startupScriptS3Path());
        checkVersionHasPath("PluginsS3ObjectVersion", s.pluginsS3ObjectVersion(), "PluginsS3Path", s.pluginsS3Path());
        checkVersionHasPath("RequirementsS3ObjectVersion", s.requirementsS3ObjectVersion(),
                "RequirementsS3Path", s.requirementsS3Path());
        checkVersionHasPath("StartupScriptS3ObjectVersion", s.startupScriptS3ObjectVersion(),
                "StartupScriptS3Path", s.startupScriptS3Path());
        if (new HashSet<>(s.securityGroupIds()).size() != s.securityGroupIds().size()) {
            throw MwaaException.validation("NetworkConfiguration.SecurityGroupIds " + s.securityGroupIds()
                    + " names a security group more than once.");
        }
        checkCapacity(s, options);
        if ("PUBLIC_AND_PRIVATE".equals(s.webserverAccessMode()) && compareVersions(s.airflowVersion(), "3.2") < 0) {
            throw MwaaException.validation("WebserverAccessMode PUBLIC_AND_PRIVATE needs Apache Airflow 3.2 or"
                    + " later; AirflowVersion is " + s.airflowVersion()
                    + ". Use PRIVATE_ONLY or PUBLIC_ONLY.");
        }
    }

    private static void checkCapacity(EnvironmentSettings s, MwaaOptions options) {
        if (MICRO.equals(s.environmentClass())) {
            Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            counts.put("Schedulers", s.schedulers());
            counts.put("MinWebservers", s.minWebservers());
            counts.put("MaxWebservers", s.maxWebservers());
            counts.put("MinWorkers", s.minWorkers());
            counts.put("MaxWorkers", s.maxWorkers());
            for (Map.Entry<String, Integer> c : counts.entrySet()) {
                if (c.getValue() != 1) {
                    throw MwaaException.validation("Environment class mw1.micro runs exactly 1 scheduler, 1 web"
                            + " server and 1 worker, but " + c.getKey() + " is " + c.getValue()
                            + ". Leave Schedulers, MinWebservers, MaxWebservers, MinWorkers and MaxWorkers unset"
                            + " or set them to 1.");
                }
            }
            return;
        }
        if (s.schedulers() < 2 || s.schedulers() > 5) {
            throw MwaaException.validation("Schedulers must be between 2 and 5 for environment class "
                    + s.environmentClass() + ", not " + s.schedulers() + ".");
        }
        if (s.minWebservers() < 2 || s.minWebservers() > 5 || s.maxWebservers() < 2 || s.maxWebservers() > 5) {
            throw MwaaException.validation("MinWebservers and MaxWebservers must be between 2 and 5 for"
                    + " environment class " + s.environmentClass() + ", not " + s.minWebservers() + " and "
                    + s.maxWebservers() + ".");
        }
        if (s.minWebservers() > s.maxWebservers()) {
            throw MwaaException.validation("MinWebservers (" + s.minWebservers()
                    + ") must not be greater than MaxWebservers (" + s.maxWebservers() + ").");
        }
        if (s.minWorkers() > s.maxWorkers()) {
            throw MwaaException.validation("MinWorkers (" + s.minWorkers() + ") must not be greater than MaxWorkers ("
                    + s.maxWorkers() + ").");
        }
        if (s.maxWorkers() > options.maxWorkersQuota()) {
            throw MwaaException.validation("MaxWorkers (" + s.maxWorkers() + ") exceeds the account's quota of "
                    + options.maxWorkersQuota() + " workers per environment. Ask for a quota increase or lower"
                    + " MaxWorkers.");
        }
    }

    private static void checkEnvironmentClass(String environmentClass) {
        if (!ENVIRONMENT_CLASSES.contains(environmentClass)) {
            throw MwaaException.validation("Invalid environment class '" + environmentClass + "'. Valid values: "
                    + String.join(", ", ENVIRONMENT_CLASSES) + ".");
        }
    }

    private static void checkRelativePath(String member, String path) {
        if (path == null) {
            return;
        }
        if (path.startsWith("s3://") || path.startsWith("/") || path.startsWith("arn:")) {
            throw MwaaException.validation(member + " '" + path + "' must be a path relative to the source bucket"
                    + " (for example 'dags' or 'requirements.txt'), not an S3 URI, ARN or absolute path.");
        }
    }

    private static void checkVersionHasPath(String versionMember, String version, String pathMember, String path) {
        if (version != null && path == null) {
            throw MwaaException.validation(versionMember + " is set but " + pathMember
                    + " is not: give the path of the object the version belongs to.");
        }
    }

    /** Compares dotted numeric versions ("2.10.3" &gt; "2.9.2"); a missing part counts as 0. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? parse(x[i]) : 0;
            int yi = i < y.length ? parse(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }

    private static int parse(String part) {
        try {
            return Integer.parseInt(part);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
