package dev.mwaaprovisioner.common.request;

import java.util.Map;

/**
 * Every default of the request file, pinned in this one place. A request that leaves a field out
 * gets the value below, and the normalized request shows it: nothing is left for AWS to choose
 * (MWAA would otherwise pick the latest Airflow version, which changes under the user's feet).
 */
public final class RequestDefaults {

    /** Pinned, never "latest"; must be in {@link MwaaAllowLists#airflowVersions()}. */
    public static final String AIRFLOW_VERSION = "2.10.3";
    public static final String ENVIRONMENT_CLASS = "mw1.small";

    /** The smallest class runs exactly one worker, one scheduler and one web server. */
    public static final String MICRO_CLASS = "mw1.micro";
    public static final int MICRO_FIXED_COUNT = 1;

    public static final int MIN_WORKERS = 1;
    public static final int MAX_WORKERS = 10;
    public static final int SCHEDULERS = 2;
    public static final int MIN_WEBSERVERS = 2;
    public static final int MAX_WEBSERVERS = 2;

    public static final WebserverAccessMode WEBSERVER_ACCESS_MODE = WebserverAccessMode.PRIVATE_ONLY;
    public static final EndpointManagement ENDPOINT_MANAGEMENT = EndpointManagement.SERVICE;
    /** Every log module on, at INFO: the logs are what one reads when a DAG fails. */
    public static final ModuleLogging MODULE_LOGGING = new ModuleLogging(true, LogLevel.INFO);
    /**
     * Deleting the request file keeps the environment unless the request opts in to removal: an S3
     * delete may be accidental or automated (a lifecycle rule, {@code aws s3 sync --delete}), the
     * versioned bucket keeps the file, but nothing brings back a deleted environment's metadata.
     */
    public static final DeletionPolicy DELETION_POLICY = DeletionPolicy.RETAIN;
    /** A failed run removes what it created, as CloudFormation rolls back a failed stack. */
    public static final OnFailure ON_FAILURE = OnFailure.ROLLBACK;

    private RequestDefaults() {
    }

    /** The request with every defaulted field filled; fields given in the file are kept. */
    static ProvisioningRequest apply(ProvisioningRequest r) {
        String environmentClass = or(r.environmentClass(), ENVIRONMENT_CLASS);
        boolean micro = MICRO_CLASS.equals(environmentClass);
        return new ProvisioningRequest(
                r.name(),
                r.sourceBucketArn(),
                r.dagS3Path(),
                r.network(),
                or(r.airflowVersion(), AIRFLOW_VERSION),
                environmentClass,
                or(r.minWorkers(), micro ? MICRO_FIXED_COUNT : MIN_WORKERS),
                or(r.maxWorkers(), micro ? MICRO_FIXED_COUNT : MAX_WORKERS),
                or(r.schedulers(), micro ? MICRO_FIXED_COUNT : SCHEDULERS),
                or(r.minWebservers(), micro ? MICRO_FIXED_COUNT : MIN_WEBSERVERS),
                or(r.maxWebservers(), micro ? MICRO_FIXED_COUNT : MAX_WEBSERVERS),
                or(r.webserverAccessMode(), WEBSERVER_ACCESS_MODE),
                or(r.endpointManagement(), ENDPOINT_MANAGEMENT),
                logging(r.loggingConfiguration()),
                or(r.airflowConfigurationOptions(), Map.of()),
                r.requirementsS3Path(),
                r.requirementsS3ObjectVersion(),
                r.pluginsS3Path(),
                r.pluginsS3ObjectVersion(),
                r.startupScriptS3Path(),
                r.startupScriptS3ObjectVersion(),
                r.weeklyMaintenanceWindowStart(),
                r.tags(),
                r.kmsKey(),
                r.executionRoleArn(),
                or(r.deletionPolicy(), DELETION_POLICY),
                or(r.onFailure(), ON_FAILURE));
    }

    private static LoggingConfiguration logging(LoggingConfiguration given) {
        LoggingConfiguration l = given != null ? given : new LoggingConfiguration(null, null, null, null, null);
        return new LoggingConfiguration(
                module(l.dagProcessingLogs()),
                module(l.schedulerLogs()),
                module(l.webserverLogs()),
                module(l.workerLogs()),
                module(l.taskLogs()));
    }

    private static ModuleLogging module(ModuleLogging given) {
        if (given == null) {
            return MODULE_LOGGING;
        }
        return new ModuleLogging(or(given.enabled(), MODULE_LOGGING.enabled()),
                or(given.logLevel(), MODULE_LOGGING.logLevel()));
    }

    private static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }
}
