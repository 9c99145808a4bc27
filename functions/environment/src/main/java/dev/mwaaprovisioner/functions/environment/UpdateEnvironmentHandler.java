package dev.mwaaprovisioner.functions.environment;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.request.ExistingNetwork;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.ImmutableChangeException;
import dev.mwaaprovisioner.common.workflow.PollingSchedule;
import dev.mwaaprovisioner.common.workflow.ProgressStatus;
import dev.mwaaprovisioner.common.workflow.RequestObjects;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.EnvironmentStatus;
import software.amazon.awssdk.services.mwaa.model.UpdateEnvironmentRequest;
import software.amazon.awssdk.services.mwaa.model.ValidationException;

/**
 * Step "UpdateEnvironment": applies to an existing environment what the request changes and
 * MWAA can change in place. It reads the environment as it is and sends UpdateEnvironment with
 * only the members that still differ, then removes (UntagResource) and puts (TagResource) the
 * tags that differ, since UpdateEnvironment has no Tags. A re-run after a failure sends only what
 * is left; an update already under way (UPDATING) is waited for, not sent again.
 *
 * <p>Input {@code {"Request", "Source", "ExecutionRoleArn", "SecurityGroupIds", "Now"}}; output the
 * {@link EnvironmentState} with {@code Operation: Update}: UPDATING with when to check next, or
 * AVAILABLE when only tags changed.
 */
public final class UpdateEnvironmentHandler extends WorkflowStep<UpdateEnvironmentHandler.Input, EnvironmentState> {

    public static final String FUNCTION = "UpdateEnvironmentFunction";

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Request") ProvisioningRequest request,
                        @JsonProperty("Source") RequestSource source,
                        @JsonProperty("ExecutionRoleArn") String executionRoleArn,
                        @JsonProperty("SecurityGroupIds") List<String> securityGroupIds,
                        @Required @JsonProperty("Now") String now) {
    }

    private final MwaaClient mwaa;
    private final S3Client s3;
    private final Environments environments;
    private final ProgressStatus progress;

    /** Lambda's entry: clients built once per container from the process environment. */
    public UpdateEnvironmentHandler() {
        this(FromProcessEnvironment.MWAA, FromProcessEnvironment.S3,
                ProgressStatus.of(FromProcessEnvironment.CLIENTS, FromProcessEnvironment.S3));
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public UpdateEnvironmentHandler(Map<String, String> environment) {
        this(new FunctionClients(FUNCTION, environment));
    }

    private UpdateEnvironmentHandler(FunctionClients clients) {
        this(clients, Environments.s3(clients));
    }

    private UpdateEnvironmentHandler(FunctionClients clients, S3Client s3) {
        this(Environments.client(clients), s3, ProgressStatus.of(clients, s3));
    }

    /** A handler for requests without Airflow configuration options (it reads no request object). */
    public UpdateEnvironmentHandler(MwaaClient mwaa) {
        this(mwaa, null);
    }

    public UpdateEnvironmentHandler(MwaaClient mwaa, S3Client s3) {
        this(mwaa, s3, new ProgressStatus(null, null));
    }

    public UpdateEnvironmentHandler(MwaaClient mwaa, S3Client s3, ProgressStatus progress) {
        super(FUNCTION, Input.class);
        this.mwaa = mwaa;
        this.s3 = s3;
        this.environments = new Environments(mwaa);
        this.progress = progress;
    }

    private static final class FromProcessEnvironment {
        static final FunctionClients CLIENTS = new FunctionClients(FUNCTION, System.getenv());
        static final MwaaClient MWAA = Environments.client(CLIENTS);
        static final S3Client S3 = Environments.s3(CLIENTS);
    }

    /**
     * The priming: returns the handler's output on the sample event, which changes the class,
     * removes a tag and adds one.
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(200, "priming/get-environment-available.json", "Content-Type", "application/json"),
                SnapStartPriming.answer(200, "priming/update-environment.json", "Content-Type", "application/json"),
                SnapStartPriming.answer(200, "priming/empty.json", "Content-Type", "application/json"),
                SnapStartPriming.answer(200, "priming/empty.json", "Content-Type", "application/json")));
    }

    @Override
    public EnvironmentState handle(Input input) {
        EnvironmentState state = apply(input);
        progress.waitingFor(state, Instant.parse(input.now()));
        return state;
    }

    private EnvironmentState apply(Input input) {
        ProvisioningRequest request = input.request();
        Instant now = Instant.parse(input.now());
        Environment environment = environments.find(request.name()).orElseThrow(() -> new EnvironmentUpdateFailedException(
                "Environment " + request.name() + " no longer exists; someone deleted it after the request was compared "
                        + "with it. Upload the request again to create it."));
        if (environment.status() == EnvironmentStatus.UPDATING) {
            // A previous attempt of this step started the update: wait for it rather than send it again.
            Instant started = environment.lastUpdate() != null && environment.lastUpdate().createdAt() != null
                    ? environment.lastUpdate().createdAt() : now;
            return environments.state(environment, false, started, now, EnvironmentState.UPDATE);
        }
        if (!PlanChangesHandler.SETTLED.contains(environment.status())) {
            throw new EnvironmentBusyException("Environment " + request.name() + " is " + environment.statusAsString()
                    + "; it is updated once it is AVAILABLE again (the step is retried).");
        }
        // Compared with the option values themselves, read from the request object's validated version.
        ProvisioningRequest withValues = RequestObjects.withOptionValues(s3, input.source(), request);
        EnvironmentChanges changes = EnvironmentChanges.compare(withValues, environment, input.executionRoleArn(),
                request.network() instanceof ExistingNetwork ? input.securityGroupIds() : null);
        if (!changes.refused().isEmpty()) {
            // The planning step refuses these; an environment changed by someone else since is refused the same way.
            throw new ImmutableChangeException(request.name(), "the request", changes.refused());
        }
        String arn = environment.arn();
        boolean updating = false;
        if (changes.updatesEnvironment()) {
            UpdateEnvironmentRequest update = changes.updateRequest();
            try {
                AwsCalls.run("UpdateEnvironment " + request.name(), () -> mwaa.updateEnvironment(update));
            } catch (ValidationException e) {
                String message = RequestObjects.withoutOptionValues(String.valueOf(e.awsErrorDetails().errorMessage()), withValues);
            // MWAA's own exception may quote an option value: it is not kept as the cause when there are options.
            Throwable cause = withValues.hasOptions() ? null : e;
                if (update.executionRoleArn() != null && CreateEnvironmentHandler.isRoleNotAssumableYet(message)) {
                    throw new ExecutionRoleNotAssumableYetException("MWAA cannot assume " + update.executionRoleArn()
                            + " yet (" + message + "); IAM changes take a few seconds to reach MWAA.", cause);
                }
                if (CreateEnvironmentHandler.isPermissionNotEffectiveYet(message)) {
                    throw new ExecutionRolePermissionsNotYetEffectiveException("MWAA says the execution role lacks a "
                            + "permission (" + message + "). Right after its policy is written that is IAM propagating, "
                            + "and UpdateEnvironment is retried; if this persists, add the permission to the role's "
                            + "policy.", e);
                }
                throw new EnvironmentUpdateFailedException("MWAA refused to update environment " + request.name()
                        + ": " + message);
            }
            updating = true;
        }
        // UpdateEnvironment has no Tags: removed first, so a full set of 50 never overflows.
        if (!changes.tagsToRemove().isEmpty()) {
            AwsCalls.run("UntagResource " + arn, () -> mwaa.untagResource(r -> r.resourceArn(arn)
                    .tagKeys(changes.tagsToRemove())));
        }
        if (!changes.tagsToPut().isEmpty()) {
            AwsCalls.run("TagResource " + arn, () -> mwaa.tagResource(r -> r.resourceArn(arn).tags(changes.tagsToPut())));
        }
        if (!updating) {
            return new EnvironmentState(environment.name(), arn, EnvironmentState.AVAILABLE, environment.webserverUrl(),
                    false, now.toString(), null, EnvironmentState.UPDATE);
        }
        return new EnvironmentState(environment.name(), arn, EnvironmentStatus.UPDATING.toString(), null, false,
                now.toString(), PollingSchedule.ENVIRONMENT.nextCheckSeconds(Duration.ZERO), EnvironmentState.UPDATE);
    }
}
