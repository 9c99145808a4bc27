package dev.mwaaprovisioner.functions.environment;

import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.PollingSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.EnvironmentStatus;
import software.amazon.awssdk.services.mwaa.model.ResourceNotFoundException;
import software.amazon.awssdk.services.mwaa.model.UpdateError;

/** What both environment handlers know: reading an environment and judging its status. */
final class Environments {

    /**
     * Statuses on the way to AVAILABLE (or to a reported failure): keep polling. ROLLING_BACK is a
     * failed update being restored; it ends UPDATE_FAILED, or AVAILABLE with a FAILED LastUpdate,
     * and either tells the cause in LastUpdate.Error.
     */
    static final Set<EnvironmentStatus> IN_PROGRESS = Set.of(EnvironmentStatus.CREATING, EnvironmentStatus.PENDING,
            EnvironmentStatus.UPDATING, EnvironmentStatus.CREATING_SNAPSHOT, EnvironmentStatus.MAINTENANCE,
            EnvironmentStatus.ROLLING_BACK);

    private final MwaaClient mwaa;

    Environments(MwaaClient mwaa) {
        this.mwaa = mwaa;
    }

    /**
     * The MWAA client of a function: on the Apache HTTP client, because MWAA's UpdateEnvironment
     * is an HTTP PATCH, which the URL-connection client cannot send.
     */
    static S3Client s3(FunctionClients clients) {
        return clients.create(S3Client.builder().forcePathStyle(clients.factory().endpointOverride(AwsService.S3).isPresent()),
                AwsService.S3, ApacheHttpClient.builder().build());
    }

    static MwaaClient client(FunctionClients clients) {
        return clients.create(MwaaClient.builder(), AwsService.MWAA, ApacheHttpClient.builder().build());
    }

    Optional<Environment> find(String name) {
        return AwsCalls.call("GetEnvironment " + name, () -> {
            try {
                return Optional.of(mwaa.getEnvironment(r -> r.name(name)).environment());
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** The state of an environment that is available or on its way; any other status is a failure. */
    EnvironmentState state(Environment environment, boolean createdByThisExecution, Instant startedAt, Instant now) {
        return state(environment, createdByThisExecution, startedAt, now, null);
    }

    /**
     * As {@link #state(Environment, boolean, Instant, Instant)}, for the operation this execution
     * awaits: {@link EnvironmentState#UPDATE} judges an update, which fails at once on
     * UPDATE_FAILED, or when MWAA rolled it back and reports the environment AVAILABLE with a
     * FAILED last update started since.
     */
    EnvironmentState state(Environment environment, boolean createdByThisExecution, Instant startedAt, Instant now,
            String operation) {
        EnvironmentStatus status = environment.status();
        boolean update = EnvironmentState.UPDATE.equals(operation);
        if (update && (status == EnvironmentStatus.UPDATE_FAILED || (status == EnvironmentStatus.AVAILABLE
                && failedSince(environment, startedAt)))) {
            throw new EnvironmentUpdateFailedException("The update of environment " + environment.name() + " failed ("
                    + environment.statusAsString() + "): " + error(environment) + ". MWAA keeps the previous settings; "
                    + "fix the cause and upload the request again.");
        }
        if (status == EnvironmentStatus.AVAILABLE) {
            return new EnvironmentState(environment.name(), environment.arn(), EnvironmentState.AVAILABLE,
                    environment.webserverUrl(), createdByThisExecution, startedAt.toString(), null, operation);
        }
        if (status == EnvironmentStatus.CREATE_FAILED) {
            throw new EnvironmentCreationFailedException("Environment " + environment.name() + " is CREATE_FAILED: "
                    + error(environment) + ". Fix the cause and send the request again: the rollback removes the "
                    + "environment (unless OnFailure: Keep). One that stays (kept, or the rollback could not remove it) "
                    + "is removed by deleting the request file or by a Deprovision Environment event, whatever the "
                    + "DeletionPolicy; then send the request again.");
        }
        if (!IN_PROGRESS.contains(status)) {
            throw new EnvironmentCreationFailedException("Environment " + environment.name() + " is "
                    + environment.statusAsString() + ", from which it does not become AVAILABLE"
                    + (environment.lastUpdate() != null && environment.lastUpdate().error() != null
                            ? " (last error: " + error(environment) + ")" : "")
                    + ". Wait until it is gone or available, then send the request again.");
        }
        Duration elapsed = Duration.between(startedAt, now);
        PollingSchedule schedule = PollingSchedule.ENVIRONMENT;
        if (schedule.isPastDeadline(elapsed)) {
            throw new EnvironmentCreationTimedOutException("Environment " + environment.name() + " is still "
                    + environment.statusAsString() + " after " + elapsed.toMinutes() + " minutes; the provisioner "
                    + "gives up after " + schedule.deadline().toHours() + " hours. Look at it in the MWAA console"
                    + (status == EnvironmentStatus.PENDING
                            ? " (PENDING with EndpointManagement CUSTOMER waits for the VPC endpoints you create)" : "")
                    + "; send the request again to resume waiting.");
        }
        return new EnvironmentState(environment.name(), environment.arn(), environment.statusAsString(), null,
                createdByThisExecution, startedAt.toString(), schedule.nextCheckSeconds(elapsed), operation);
    }

    /** LastUpdate is FAILED and began at or after the update this execution started (to the second). */
    private static boolean failedSince(Environment environment, Instant startedAt) {
        var last = environment.lastUpdate();
        return last != null && "FAILED".equals(last.statusAsString()) && last.createdAt() != null
                && !last.createdAt().isBefore(startedAt.minusSeconds(1));
    }

    /** {@code ErrorCode: ErrorMessage} of LastUpdate.Error, as MWAA reports why creation failed. */
    static String error(Environment environment) {
        UpdateError error = environment.lastUpdate() == null ? null : environment.lastUpdate().error();
        if (error == null) {
            return "MWAA reported no error details";
        }
        return error.errorCode() + ": " + error.errorMessage();
    }
}
