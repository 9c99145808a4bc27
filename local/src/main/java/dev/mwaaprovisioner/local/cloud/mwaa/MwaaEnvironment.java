package dev.mwaaprovisioner.local.cloud.mwaa;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One environment and its lifecycle. Status changes are due at instants of the cloud clock and are
 * applied when the environment is next looked at ({@link #advance}), so no thread is needed and a
 * faster clock makes every transition faster alike.
 *
 * <pre>
 * create:  CREATING ──► AVAILABLE              (LastUpdate SUCCESS)
 *                  └──► CREATE_FAILED          (planted failure; LastUpdate FAILED with Error)
 *                  └──► PENDING ──72 h──► CREATE_FAILED   (EndpointManagement CUSTOMER)
 * update:  UPDATING ──► AVAILABLE
 *                  └──► ROLLING_BACK ──► UPDATE_FAILED   (planted failure, found 3/4 of the way;
 *                                                         settings restored, LastUpdate FAILED with Error)
 * delete:  DELETING ──► gone (GetEnvironment answers 404)
 * </pre>
 *
 * Not thread-safe by itself: {@link MwaaEnvironments} guards every access.
 */
final class MwaaEnvironment {

    private enum Step { CREATED, PENDING_TIMED_OUT, UPDATE_FAILING, UPDATED, DELETED }

    private record Transition(Instant due, Step step, LastUpdate.Failure failure) {}

    final String name;
    final String arn;
    final Instant createdAt;
    final String serviceRoleArn;
    final String celeryExecutorQueue;
    final String webserverHost;
    final String databaseVpcEndpointService;
    final String webserverVpcEndpointService;
    final String region;
    final String account;
    final String partition;

    private EnvironmentSettings settings;
    private EnvironmentSettings settingsBeforeUpdate;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private EnvironmentStatus status;
    private LastUpdate lastUpdate;
    private Transition pending;
    private Duration rollback = Duration.ZERO;
    private boolean everAvailable;
    private final Duration pendingTimeout;

    MwaaEnvironment(Identity identity, EnvironmentSettings settings, Map<String, String> tags, Instant now,
            Duration createDuration, Duration pendingTimeout, LastUpdate.Failure plantedFailure) {
        this.name = identity.name();
        this.arn = identity.arn();
        this.region = identity.region();
        this.account = identity.account();
        this.partition = identity.partition();
        this.serviceRoleArn = identity.serviceRoleArn();
        this.celeryExecutorQueue = identity.celeryExecutorQueue();
        this.webserverHost = identity.webserverHost();
        boolean customerEndpoints = "CUSTOMER".equals(settings.endpointManagement());
        this.databaseVpcEndpointService = customerEndpoints ? identity.databaseVpcEndpointService() : null;
        this.webserverVpcEndpointService = customerEndpoints ? identity.webserverVpcEndpointService() : null;
        this.createdAt = now;
        this.settings = settings;
        this.pendingTimeout = pendingTimeout;
        if (tags != null) {
            this.tags.putAll(tags);
        }
        this.status = EnvironmentStatus.CREATING;
        this.lastUpdate = LastUpdate.pending(now, null);
        this.pending = new Transition(now.plus(createDuration), Step.CREATED, plantedFailure);
    }

    /** What is fixed for the life of an environment: its name and the identifiers MWAA assigns it. */
    record Identity(String name, String arn, String region, String account, String partition,
            String serviceRoleArn, String celeryExecutorQueue, String webserverHost,
            String databaseVpcEndpointService, String webserverVpcEndpointService) {}

    /**
     * Applies every transition due by {@code now}.
     *
     * @return false once the environment is deleted and must be forgotten
     */
    boolean advance(Instant now) {
        while (pending != null && !now.isBefore(pending.due())) {
            Transition t = pending;
            pending = null;
            switch (t.step()) {
                case CREATED -> finishCreate(t);
                case PENDING_TIMED_OUT -> {
                    status = EnvironmentStatus.CREATE_FAILED;
                    lastUpdate = lastUpdate.failed(new LastUpdate.Failure("INCORRECT_CONFIGURATION",
                            "The VPC endpoints for this environment were not created within "
                                    + pendingTimeout.toHours() + " hours. Delete the environment and create it again."));
                }
                case UPDATE_FAILING -> {
                    // MWAA restores the previous settings before it reports the update failed.
                    status = EnvironmentStatus.ROLLING_BACK;
                    pending = new Transition(t.due().plus(rollback), Step.UPDATED, t.failure());
                }
                case UPDATED -> finishUpdate(t);
                case DELETED -> {
                    status = EnvironmentStatus.DELETED;
                    return false;
                }
            }
        }
        return true;
    }

    private void finishCreate(Transition t) {
        if (t.failure() != null) {
            status = EnvironmentStatus.CREATE_FAILED;
            lastUpdate = lastUpdate.failed(t.failure());
        } else if ("CUSTOMER".equals(settings.endpointManagement())) {
            // MWAA waits for the customer's VPC endpoints; the local EC2 has none to offer, so it waits.
            status = EnvironmentStatus.PENDING;
            pending = new Transition(t.due().plus(pendingTimeout), Step.PENDING_TIMED_OUT, null);
        } else {
            status = EnvironmentStatus.AVAILABLE;
            everAvailable = true;
            lastUpdate = lastUpdate.succeeded();
        }
    }

    private void finishUpdate(Transition t) {
        if (t.failure() != null) {
            status = EnvironmentStatus.UPDATE_FAILED;
            settings = settingsBeforeUpdate;
            lastUpdate = lastUpdate.failed(t.failure());
        } else {
            status = EnvironmentStatus.AVAILABLE;
            everAvailable = true;
            lastUpdate = lastUpdate.succeeded();
        }
        settingsBeforeUpdate = null;
    }

    /** Starts an update; the caller has checked that the status allows one. */
    void startUpdate(EnvironmentSettings newSettings, Instant now, Duration duration,
            String workerReplacementStrategy, LastUpdate.Failure plantedFailure) {
        settingsBeforeUpdate = settings;
        settings = newSettings;
        status = EnvironmentStatus.UPDATING;
        lastUpdate = LastUpdate.pending(now, workerReplacementStrategy);
        if (plantedFailure == null) {
            pending = new Transition(now.plus(duration), Step.UPDATED, null);
        } else {
            rollback = duration.dividedBy(4);
            pending = new Transition(now.plus(duration.minus(rollback)), Step.UPDATE_FAILING, plantedFailure);
        }
    }

    /** Starts the deletion; the caller has checked that the status allows one. */
    void startDelete(Instant now, Duration duration) {
        status = EnvironmentStatus.DELETING;
        pending = new Transition(now.plus(duration), Step.DELETED, null);
    }

    EnvironmentStatus status() {
        return status;
    }

    EnvironmentSettings settings() {
        return settings;
    }

    LastUpdate lastUpdate() {
        return lastUpdate;
    }

    Map<String, String> tags() {
        return tags;
    }

    /** The web server host name, once the environment has come up (MWAA has none to give before). */
    String webserverUrl() {
        return everAvailable ? webserverHost : null;
    }
}
