package dev.mwaaprovisioner.functions.environment;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.ProgressStatus;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WaitingEvents;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Step "CheckEnvironment": reads the environment's status. AVAILABLE: its webserver URL. Still
 * creating or updating: when to check next (PollingSchedule). CREATE_FAILED: at once
 * {@link EnvironmentCreationFailedException} with MWAA's LastUpdate.Error; an update that ends
 * UPDATE_FAILED: at once {@link EnvironmentUpdateFailedException}; past the 3-hour deadline:
 * {@link EnvironmentCreationTimedOutException}. Still waiting while a removal of the Name waits in
 * its record: {@link dev.mwaaprovisioner.common.workflow.NewerEventWaitingException}, and the
 * removal is applied at once ({@link WaitingEvents}).
 *
 * <p>Input {@code {"Environment": <$.Environment>, "Now": "<state entered time>"}}; output the
 * updated {@link EnvironmentState}.
 */
public final class CheckEnvironmentHandler extends WorkflowStep<CheckEnvironmentHandler.Input, EnvironmentState> {

    public static final String FUNCTION = "CheckEnvironmentFunction";

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Environment") EnvironmentState environment, @Required @JsonProperty("Now") String now) {
    }

    private final Environments environments;
    private final ProgressStatus progress;
    private final WaitingEvents waitingEvents;

    /** Lambda's entry: clients built once per container from the process environment. */
    public CheckEnvironmentHandler() {
        this(FromProcessEnvironment.CLIENTS);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials, CONFIG_BUCKET). */
    public CheckEnvironmentHandler(Map<String, String> environment) {
        this(new FunctionClients(FUNCTION, environment));
    }

    private CheckEnvironmentHandler(FunctionClients clients) {
        this(clients, Environments.s3(clients));
    }

    private CheckEnvironmentHandler(FunctionClients clients, S3Client s3) {
        this(Environments.client(clients), ProgressStatus.of(clients, s3), WaitingEvents.of(clients, s3));
    }

    public CheckEnvironmentHandler(MwaaClient mwaa) {
        this(mwaa, new ProgressStatus(null, null), new WaitingEvents(null, null));
    }

    public CheckEnvironmentHandler(MwaaClient mwaa, ProgressStatus progress, WaitingEvents waitingEvents) {
        super(FUNCTION, Input.class);
        this.environments = new Environments(mwaa);
        this.progress = progress;
        this.waitingEvents = waitingEvents;
    }

    private static final class FromProcessEnvironment {
        static final FunctionClients CLIENTS = new FunctionClients(FUNCTION, System.getenv());
    }

    /**
     * The priming: returns the handler's output on the sample event.
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(200, "priming/get-environment-creating.json", "Content-Type", "application/json")));
    }

    @Override
    public EnvironmentState handle(Input input) {
        EnvironmentState known = input.environment();
        EnvironmentState state = environments.find(known.name())
                .map(e -> environments.state(e, Boolean.TRUE.equals(known.createdByThisExecution()),
                        Instant.parse(known.startedAt()), Instant.parse(input.now()), known.operation()))
                .orElseThrow(() -> new EnvironmentCreationFailedException("Environment " + known.name()
                        + " no longer exists; someone deleted it while it was being created. Send the request again."));
        if (state.nextCheckSeconds() != null) {
            waitingEvents.stopIfRemovalWaits(known.name());
        }
        progress.waitingFor(state, Instant.parse(input.now()));
        return state;
    }
}
