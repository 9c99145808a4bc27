package dev.mwaaprovisioner.functions.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.ChangePlan;
import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.EnvironmentClaim;
import dev.mwaaprovisioner.common.workflow.EventOrder;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.ExecutionRoleState;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.ImmutableChangeException;
import dev.mwaaprovisioner.common.workflow.KeyPolicyState;
import dev.mwaaprovisioner.common.workflow.NameOwnedByAnotherRequestException;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.NotARequestException;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.RequestValidationException;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.StepLog;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Steps "ReportSuccess" and "ReportFailure": record the outcome where the user looks for it.
 * Writes {@code status/<Name>.json} to the config bucket ({@link StatusDocument}; a request
 * refused because another request owns its Name gets {@code status/<Name>.conflict-<hash>.json}
 * instead, so the owner's status stays the owner's) and puts an
 * EventBridge event {@code source: mwaa-provisioner}, {@code detail-type: Environment Provisioned},
 * {@code Environment Updated}, {@code Environment Unchanged} or {@code Environment Provisioning
 * Failed}, with the same document as detail. Steps "ReportRemoval" and "ReportRemovalFailure" do
 * the same at the end of a removal, with {@code Environment Deprovisioned} or
 * {@code Environment Deprovisioning Failed}.
 *
 * <p>Input {@code {"Outcome": "SUCCEEDED"|"UPDATED"|"UNCHANGED"|"FAILED"|"DEPROVISIONED"|"DEPROVISIONING_FAILED",
 * "State": <the state document, with $.Error or $.RemovalError on failure>, "ExecutionArn",
 * "ExecutionStartedAt", "Now"}}; output {@link Result}, whose
 * {@code Error} and {@code Cause} the final Fail state shows as the execution's error.
 *
 * <p>Something that is not a request ({@link NotARequestException}) is reported nowhere: it has
 * no environment, and writing a status for every stray file would be a side effect of its own.
 */
public final class ReportHandler extends WorkflowStep<ReportHandler.Input, ReportHandler.Result> {

    public static final String FUNCTION = "ReportFunction";
    public static final String EVENT_SOURCE = "mwaa-provisioner";
    public static final String PROVISIONED = "Environment Provisioned";
    public static final String PROVISIONING_FAILED = "Environment Provisioning Failed";
    public static final String UPDATED = "Environment Updated";
    public static final String UNCHANGED = "Environment Unchanged";
    public static final String DEPROVISIONED = "Environment Deprovisioned";
    public static final String DEPROVISIONING_FAILED = "Environment Deprovisioning Failed";
    public static final String QUEUED = "Environment Queued";
    public static final String SUPERSEDED = "Environment Request Superseded";
    /** Outcome of an execution that only hands on the Name it holds. */
    static final String RELEASE = "RELEASE";
    /** Not an outcome: what the run created so far goes into the Name's record ({@link ProgressRecord}). */
    static final String PROGRESS = "PROGRESS";
    /** A run stopped at a step boundary for a newer event ({@code $.Stopped}); the execution goes on with it. */
    static final String STOPPED = "STOPPED";
    /** The Name an execution holds while it goes on with an event that waited ({@link ClaimStore#handOver}). */
    static final String HELD_NAME = "HeldName";
    static final String CONFIG_BUCKET = "CONFIG_BUCKET";
    static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";

    private static final Pattern JAVA_CLASS_NAME = Pattern.compile("([a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*");

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Outcome") String outcome,
                        @JsonProperty("State") JsonNode state,
                        @JsonProperty("ExecutionArn") String executionArn,
                        @JsonProperty("ExecutionStartedAt") String executionStartedAt,
                        @JsonProperty("Now") String now) {
    }

    /** What the step returns ({@code $.Report}). */
    public record Result(@JsonProperty("Outcome") String outcome,
                         @JsonProperty("StatusUri") String statusUri,
                         @JsonProperty("Recorded") boolean recorded,
                         @JsonProperty("Error") String error,
                         @JsonProperty("Cause") String cause,
                         @JsonProperty("Next") JsonNode next) {

        public Result(String outcome, String statusUri, boolean recorded, String error, String cause) {
            this(outcome, statusUri, recorded, error, cause, null);
        }

        /** This result, and the event that waited for the Name, which the execution goes on with. */
        Result then(Optional<JsonNode> waiting) {
            return new Result(outcome, statusUri, recorded, error, cause, waiting.orElse(null));
        }
    }

    private final S3Client s3;
    private final EventBridgeClient events;
    private final String configBucket;
    private final String eventBusName;
    private final ClaimStore claims;
    private final ProgressRecord progress;

    /** Lambda's entry: clients built once per container from the process environment. */
    public ReportHandler() {
        this(FromProcessEnvironment.CLIENTS);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials, CONFIG_BUCKET, EVENT_BUS_NAME). */
    public ReportHandler(Map<String, String> environment) {
        this(new FunctionClients(FUNCTION, environment));
    }

    private ReportHandler(FunctionClients clients) {
        this(clients.create(S3Client.builder()
                        .forcePathStyle(clients.factory().endpointOverride(AwsService.S3).isPresent()), AwsService.S3),
                clients.create(EventBridgeClient.builder(), AwsService.EVENTBRIDGE),
                clients.requiredVariable(CONFIG_BUCKET),
                clients.variable(EVENT_BUS_NAME) == null ? "default" : clients.variable(EVENT_BUS_NAME));
    }

    public ReportHandler(S3Client s3, EventBridgeClient events, String configBucket, String eventBusName) {
        super(FUNCTION, Input.class);
        this.s3 = s3;
        this.events = events;
        this.configBucket = configBucket;
        this.eventBusName = eventBusName;
        this.claims = new ClaimStore(s3, configBucket);
        this.progress = new ProgressRecord(s3, claims);
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
        return prime("succeeded.json", List.of(
                // The claim, read and changed...
                SnapStartPriming.answer(200, "priming/claim.json", "Content-Type", "application/json",
                        "ETag", "\"5d41402abc4b2a76b9719d911017c592\""),
                SnapStartPriming.answer(200, null, "ETag", "\"7d793037a0760186574b0282f2f435e7\""),
                // ...the first success of the owner drops a conflict status it may have...
                SnapStartPriming.answer(204, null),
                // ...the status document and the event.
                SnapStartPriming.answer(200, null, "ETag", "\"b1946ac92492d2347c6235b4d2611184\""),
                SnapStartPriming.answer(200, "priming/put-events.json", "Content-Type", "application/x-amz-json-1.1"),
                // ...and the last look at the Name's record (the sample holds no Name).
                SnapStartPriming.answer(404, "priming/no-such-key.xml", "Content-Type", "application/xml")));
    }

    @Override
    public Result handle(Input input) {
        String outcome = String.valueOf(input.outcome());
        if (StatusDocument.DEPROVISIONED.equals(outcome) || StatusDocument.DEPROVISIONING_FAILED.equals(outcome)) {
            return handleRemoval(input);
        }
        if (StatusDocument.QUEUED.equals(outcome)) {
            return handleQueued(input);
        }
        if (RELEASE.equals(outcome)) {
            return handleRelease(input);
        }
        if (PROGRESS.equals(outcome)) {
            progress.record(input.state(), input.executionArn(), input.now());
            return new Result("RECORDED", null, true, null, null);
        }
        if (STOPPED.equals(outcome)) {
            return handleStopped(input);
        }
        String detailType = switch (outcome) {
            case StatusDocument.SUCCEEDED -> PROVISIONED;
            case StatusDocument.UPDATED -> UPDATED;
            case StatusDocument.UNCHANGED -> UNCHANGED;
            case StatusDocument.FAILED -> PROVISIONING_FAILED;
            default -> throw new IllegalArgumentException("Outcome must be SUCCEEDED, UPDATED, UNCHANGED, FAILED, "
                    + "DEPROVISIONED or DEPROVISIONING_FAILED, not " + input.outcome());
        };
        boolean succeeded = !StatusDocument.FAILED.equals(outcome);
        JsonNode state = input.state();
        StatusDocument.Failure failure = succeeded ? null : failure(state.path("Error"));
        if (failure != null && NotARequestException.class.getName().equals(state.path("Error").path("Error").asText())) {
            // Nothing to report for what is no request; the Name this execution may hold is handed on.
            return new Result(StatusDocument.FAILED, null, false, failure.error(), failure.cause(),
                    handOver(null, state, input.executionArn(), false).orElse(null));
        }
        Optional<NameOwnedByAnotherRequestException> conflict = failure == null ? Optional.empty()
                : NameOwnedByAnotherRequestException.parse(failure.cause());
        String name = conflict.map(NameOwnedByAnotherRequestException::environmentName)
                .orElseGet(() -> environmentName(state, failure));
        if (succeeded) {
            recordApplied(name, state, input.now(), StatusDocument.UNCHANGED.equals(input.outcome()));
        } else if (conflict.isEmpty()) {
            recordRollback(name, state, input.executionArn(), input.now());
        }
        JsonNode request = state.path("Request");
        StatusDocument status = new StatusDocument(name, input.outcome(), input.executionStartedAt(), input.now(),
                input.executionArn(),
                source(state),
                changes(state, input.outcome()),
                environment(state),
                read(state, "Network", NetworkState.class),
                read(state, "ExecutionRole", ExecutionRoleState.class),
                read(state, "KeyPolicy", KeyPolicyState.class),
                failure,
                request.path("DeletionPolicy").asText(null),
                request.path("OnFailure").asText(null),
                read(state, "Removal", RemovalState.class),
                state.hasNonNull("RemovalError") ? failure(state.path("RemovalError")) : null, null);
        // A request refused for another owner's Name must not overwrite the owner's status.
        String key = conflict.map(NameOwnedByAnotherRequestException::statusKey)
                .orElseGet(() -> failure == null ? DerivedNames.statusKey(name) : failureStatusKey(name, status.source()));
        Result result = record(status, detailType, failure, key, true);
        return result.then(handOver(name, state, input.executionArn(), false));
    }

    /**
     * The execution's last look at the Name's record, after its outcome is on record: goes on with
     * the event that waited (returned as {@code Next}) or releases the Name.
     */
    private Optional<JsonNode> handOver(String name, String executionArn, boolean forget) {
        if (executionArn == null || name == null || !AwsIdentifiers.ENVIRONMENT_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        // The Name goes with the event, so that the next pass hands it on whatever that event turns out to be.
        return claims.handOver(name, executionArn, forget).map(event -> {
            ObjectNode next = event.deepCopy();
            next.put(HELD_NAME, name);
            return next;
        });
    }

    /** As {@link #handOver}, for the Name of the outcome and the Name this execution held when it took the event. */
    private Optional<JsonNode> handOver(String name, JsonNode state, String executionArn, boolean forget) {
        Optional<JsonNode> next = handOver(name, executionArn, forget);
        String held = state.path(HELD_NAME).asText(null);
        if (next.isEmpty() && held != null && !held.equals(name)) {
            next = handOver(held, executionArn, false);
        }
        return next;
    }

    /**
     * An execution that ends without an outcome of its own: its event's request file version was
     * replaced before it ran ({@code SupersededBy}: the newer version's event applies it), or its
     * removal found nothing on record. The event says so; the status stays the one of the event
     * that applies; the Name this execution held is handed on.
     */
    private Result handleRelease(Input input) {
        JsonNode state = input.state();
        String superseded = state.path("SupersededBy").asText(null);
        if (superseded != null) {
            ObjectNode detail = WorkflowJson.MAPPER.createObjectNode();
            detail.put("State", "SUPERSEDED");
            detail.set("Source", state.path("Source"));
            detail.put("SupersededBy", superseded);
            detail.put("ExecutionArn", input.executionArn());
            AwsCalls.call("PutEvents " + eventBusName, () -> events.putEvents(r -> r.entries(e -> e
                    .eventBusName(eventBusName).source(EVENT_SOURCE).detailType(SUPERSEDED).detail(detail.toString()))));
        }
        String held = state.path(HELD_NAME).asText(null);
        return new Result(superseded != null ? "SUPERSEDED" : "RELEASED", null, false, null, null,
                handOver(held, input.executionArn(), false).orElse(null));
    }

    /**
     * A run that stopped at a step boundary because a newer event for its Name waits
     * ({@code $.Stopped}, the {@code NewerEventWaitingException} the state machine caught): the
     * {@code Environment Request Superseded} event says where and for which event; the status is
     * left to that event's run, which comes next in this execution.
     */
    private Result handleStopped(Input input) {
        JsonNode state = input.state();
        String name = state.path("Request").path("Name").asText(null);
        if (name == null) {
            throw new IllegalArgumentException("A STOPPED outcome needs the validated $.Request with its Name.");
        }
        String waiting = claims.read(name).filter(c -> c.claim().heldBy(input.executionArn()))
                .map(c -> EventOrder.id(c.claim().waiting())).orElse(null);
        ObjectNode detail = WorkflowJson.MAPPER.createObjectNode();
        detail.put("Name", name);
        detail.put("State", "SUPERSEDED");
        detail.set("Source", state.path("Source"));
        detail.put("SupersededBy", waiting);
        detail.put("ExecutionArn", input.executionArn());
        detail.put("Note", failure(state.path("Stopped")).cause());
        AwsCalls.call("PutEvents " + eventBusName, () -> events.putEvents(r -> r.entries(e -> e
                .eventBusName(eventBusName).source(EVENT_SOURCE).detailType(SUPERSEDED).detail(detail.toString()))));
        return new Result("SUPERSEDED", null, false, null, null,
                handOver(name, state, input.executionArn(), false).orElse(null));
    }

    /**
     * An event that arrived while another execution held its Name: it waits in the Name's record.
     * The status says so, naming that execution, unless the holder took the event already (then
     * the holder's report of it comes, and must not be overwritten) or a newer event replaced it.
     */
    private Result handleQueued(Input input) {
        JsonNode state = input.state();
        RemovalState removal = read(state, "Removal", RemovalState.class);
        String name = removal != null ? removal.name() : state.path("Request").path("Name").asText(null);
        RequestSource source = removal != null ? removal.source() : source(state);
        String holder = removal != null ? removal.queuedBehind() : state.path("QueuedBehind").asText(null);
        if (name == null || holder == null) {
            throw new IllegalArgumentException("A QUEUED outcome needs the Name and QueuedBehind of the execution it waits for.");
        }
        String eventId = source == null ? null : source.eventId();
        boolean stillWaiting = claims.read(name).map(c -> c.claim().waiting() != null
                && java.util.Objects.equals(EventOrder.id(c.claim().waiting()), eventId)).orElse(false);
        StatusDocument status = new StatusDocument(name, StatusDocument.QUEUED, input.executionStartedAt(), input.now(),
                input.executionArn(), source, null, null, null, null, null, null,
                removal != null ? null : state.path("Request").path("DeletionPolicy").asText(null), null, null, null, holder);
        return record(status, QUEUED, null, DerivedNames.statusKey(name), stillWaiting);
    }

    /**
     * Where a failure is filed: {@code status/<Name>.json} when the request's source owns the
     * Name or nobody does; a Name another request owns keeps its owner's status, and the failure
     * goes next to it as {@code status/<Name>.conflict-<hash>.json} (an invalid file that names
     * another team's environment must not overwrite that environment's status).
     */
    private String failureStatusKey(String name, RequestSource source) {
        if (source == null || !AwsIdentifiers.ENVIRONMENT_NAME.matcher(name).matches()) {
            return DerivedNames.statusKey(name);
        }
        EnvironmentClaim.Owner owner = EnvironmentClaim.Owner.of(source);
        return claims.read(name).filter(c -> !c.claim().ownedBy(owner))
                .map(c -> ClaimStore.conflictStatusKey(name, owner))
                .orElseGet(() -> DerivedNames.statusKey(name));
    }

    /**
     * After a removal (or a Retain that forgets the environment), the Name is free for any request
     * again. A deleted file releases only a claim it owns; a {@code Deprovision Environment} event
     * removes by Name, so it releases the Name whoever owned it. Done before the status is written,
     * so a retried report finds it released and nothing half-done.
     */
    private void releaseClaim(RemovalState removal) {
        RequestSource source = removal.source();
        if (source != null && RequestSource.S3_OBJECT.equals(source.type())) {
            try {
                claims.release(removal.name(), source);
            } catch (NameOwnedByAnotherRequestException ownedByAnother) {
                StepLog.warn("Not releasing " + removal.name() + ": " + ownedByAnother.getMessage());
            }
        } else {
            claims.forget(removal.name());
        }
    }

    /**
     * The end of a removal ({@code $.Removal}): filed under the environment's name, with what was
     * removed or retained, or the error that stopped it ({@code $.RemovalError}).
     */
    private Result handleRemoval(Input input) {
        JsonNode state = input.state();
        RemovalState removal = read(state, "Removal", RemovalState.class);
        boolean succeeded = StatusDocument.DEPROVISIONED.equals(input.outcome());
        StatusDocument.Failure failure = succeeded ? null : failure(state.path("RemovalError"));
        if (removal == null || removal.name() == null) {
            if (succeeded) {
                throw new IllegalArgumentException("A removal outcome needs $.Removal with the environment's Name.");
            }
            // The plan itself failed: file it under the name the event gives.
            String named = state.path("detail").path("Name").asText("");
            String name = AwsIdentifiers.ENVIRONMENT_NAME.matcher(named).matches() ? named
                    : environmentName(state, failure);
            removal = new RemovalState(null, name, null, source(state), List.of(), null, null, null, null);
        }
        // Retain keeps what it lists; when it kept nothing but what a failed rollback left was
        // removed, nothing of the environment remains: deprovisioned.
        boolean kept = removal.items().isEmpty() || removal.items().stream().anyMatch(i -> RemovalState.KEPT.equals(i.status()));
        String shown = !succeeded ? StatusDocument.DEPROVISIONING_FAILED
                : removal.movedTo() != null || ("Retain".equals(removal.deletionPolicy()) && kept)
                ? StatusDocument.RETAINED : StatusDocument.DEPROVISIONED;
        StatusDocument status = new StatusDocument(removal.name(), shown, input.executionStartedAt(), input.now(),
                input.executionArn(), removal.source(), null, null, null, null, null, failure, removal.deletionPolicy(),
                null, removal, null, null);
        // The Name passed to another file: its status is that file's to write, next in this execution.
        Result result = record(status, succeeded ? DEPROVISIONED : DEPROVISIONING_FAILED, failure,
                DerivedNames.statusKey(removal.name()), removal.movedTo() == null);
        Optional<JsonNode> next;
        boolean forget = succeeded && removal.movedTo() == null;
        boolean held = input.executionArn() != null && claims.read(removal.name())
                .map(c -> c.claim().heldBy(input.executionArn())).orElse(false);
        if (held) {
            next = handOver(removal.name(), state, input.executionArn(), forget);
        } else {
            if (forget) {
                releaseClaim(removal);
            }
            next = handOver(null, state, input.executionArn(), false);
        }
        return result.then(next);
    }

    /** Writes the status document and puts the event; the result carries the failure for the Fail state. */
    private Result record(StatusDocument status, String detailType, StatusDocument.Failure failure, String key,
                          boolean writeStatus) {
        String name = status.name();
        byte[] body;
        String detail;
        try {
            body = WorkflowJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(status);
            detail = WorkflowJson.MAPPER.writeValueAsString(status);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (writeStatus) {
            AwsCalls.run("PutObject s3://" + configBucket + "/" + key, () -> s3.putObject(r -> r
                    .bucket(configBucket).key(key).contentType("application/json"), RequestBody.fromBytes(body)));
        }
        PutEventsResponse put = AwsCalls.call("PutEvents " + eventBusName, () -> events.putEvents(r -> r.entries(e -> e
                .eventBusName(eventBusName)
                .source(EVENT_SOURCE)
                .detailType(detailType)
                .resources(status.environment() != null && status.environment().arn() != null
                        ? List.of(status.environment().arn()) : List.of())
                .detail(detail))));
        if (put.failedEntryCount() != null && put.failedEntryCount() > 0) {
            throw new IllegalStateException("EventBridge refused the outcome event for " + name + ": "
                    + put.entries().get(0).errorCode() + " " + put.entries().get(0).errorMessage()
                    + " (the status document s3://" + configBucket + "/" + key + " was written)");
        }
        return new Result(status.state(), "s3://" + configBucket + "/" + key, true,
                failure == null ? null : failure.error(), failure == null ? null : failure.cause());
    }

    /**
     * After a provisioning or an update, records in the Name's claim ({@link EnvironmentClaim}) what was applied (the
     * digest of the normalized request, its DeletionPolicy) and what the provisioner manages for
     * it, for the update and removal paths. Only the owner's execution changes the claim; a
     * deployment's claims made before this step existed are left alone.
     */
    private void recordApplied(String name, JsonNode state, String now, boolean unchanged) {
        RequestSource source = source(state);
        JsonNode request = state.get("Request");
        if (source == null || request == null) {
            return;
        }
        EnvironmentClaim.Owner owner = EnvironmentClaim.Owner.of(source);
        JsonNode plan = state.path("Plan");
        EnvironmentClaim.Created seen = ProgressRecord.created(state);
        if (seen.environment() == null) {
            seen = new EnvironmentClaim.Created(seen.network(), seen.executionRole(), seen.keyPolicy(), environment(state));
        }
        EnvironmentClaim.Created applied = seen;
        String digest = EnvironmentClaim.sha256Hex(request.toString());
        String deletionPolicy = request.path("DeletionPolicy").asText(null);
        boolean[] firstForOwner = {false};
        try {
            claims.update(name, claim -> {
                if (!claim.ownedBy(owner)) {
                    return claim;
                }
                firstForOwner[0] = claim.appliedRequestDigest() == null;
                EnvironmentClaim.Created what = unchanged ? adopted(name, applied, claim.created(), plan, request) : applied;
                return claim.withApplied(digest, deletionPolicy, what, now)
                        .withCreated(what, ProgressRecord.stillLeft(claim.leftByRollback(), what), now);
            });
        } catch (IllegalStateException noClaim) {
            StepLog.warn("Not recording what was applied for " + name + ": " + noClaim.getMessage());
        }
        if (firstForOwner[0] && RequestSource.S3_OBJECT.equals(owner.type())) {
            // A file that takes a Name over (a rename) was refused while the old file owned it: its
            // conflict status is stale now that the Name's own status is its.
            String stale = ClaimStore.conflictStatusKey(name, owner);
            AwsCalls.run("DeleteObject s3://" + configBucket + "/" + stale,
                    () -> s3.deleteObject(r -> r.bucket(configBucket).key(stale)));
        }
    }

    /**
     * After a failed run: what its rollback removed leaves the Name's record, and what the
     * rollback could not remove stays on it as {@code LeftByRollback}, for the next removal of the
     * Name to finish ({@link ProgressRecord#afterRollback}). Only the owner's execution that holds
     * the Name changes the record.
     */
    private void recordRollback(String name, JsonNode state, String executionArn, String now) {
        RemovalState rollback = read(state, "Removal", RemovalState.class);
        RequestSource source = source(state);
        if (rollback == null || !RemovalState.ROLLBACK.equals(rollback.purpose()) || source == null
                || !AwsIdentifiers.ENVIRONMENT_NAME.matcher(name).matches()) {
            return;
        }
        EnvironmentClaim.Owner owner = EnvironmentClaim.Owner.of(source);
        boolean failed = state.hasNonNull("RemovalError");
        try {
            claims.update(name, claim -> claim.ownedBy(owner) && (claim.holder() == null || claim.heldBy(executionArn))
                    ? ProgressRecord.afterRollback(claim, rollback, failed, now) : claim);
        } catch (IllegalStateException noClaim) {
            StepLog.warn("Not recording what the rollback left for " + name + ": " + noClaim.getMessage());
        }
    }

    /**
     * What an unchanged run found: no step ran, so what the record lists stays, and what it does
     * not list (an environment found, not created: after a retained delete and a new upload, or
     * after a run whose record write failed) is recorded under the names the workflow gives it.
     */
    private static EnvironmentClaim.Created adopted(String name, EnvironmentClaim.Created seen,
                                                    EnvironmentClaim.Created recorded, JsonNode plan, JsonNode request) {
        EnvironmentClaim.Created known = recorded == null ? new EnvironmentClaim.Created(null, null, null, null) : recorded;
        NetworkState network = known.network() != null ? known.network()
                : plan.path("CreateNetworkStack").asBoolean(false)
                ? new NetworkState(NetworkState.MODE_CREATE_STACK, DerivedNames.networkStackName(name), null, null, null,
                        null, null, null, null, null, null)
                : null;
        ExecutionRoleState role = known.executionRole() != null ? known.executionRole()
                : plan.path("CreateExecutionRole").asBoolean(false)
                ? new ExecutionRoleState(null, DerivedNames.executionRoleName(name), DerivedNames.executionPolicyName(name),
                        null, false, null)
                : null;
        KeyPolicyState key = known.keyPolicy() != null ? known.keyPolicy()
                : plan.path("UpdateKeyPolicy").asBoolean(false) && request.hasNonNull("KmsKey")
                ? new KeyPolicyState(request.get("KmsKey").asText(), null, null)
                : null;
        EnvironmentState environment = seen.environment() != null ? seen.environment() : known.environment();
        return new EnvironmentClaim.Created(network, role, key, environment);
    }

    /**
     * Under which name the status is filed: the validated request's Name; for a refused request,
     * its Name when that is valid; otherwise the request file's name (or the event id).
     */
    static String environmentName(JsonNode state, StatusDocument.Failure failure) {
        String validated = state.path("Request").path("Name").asText(null);
        if (validated != null) {
            return validated;
        }
        if (failure != null) {
            Optional<String> named = RequestValidationException.parse(failure.cause())
                    .flatMap(RequestValidationException::environmentName);
            if (named.isPresent()) {
                return named.get();
            }
        }
        String key = state.path("detail").path("object").path("key").asText(
                state.path("detail").path("RequestUri").asText(""));
        String file = key.substring(key.lastIndexOf('/') + 1).replaceFirst("\\.(ya?ml|json)$", "");
        if (AwsIdentifiers.ENVIRONMENT_NAME.matcher(file).matches()) {
            return file;
        }
        String eventId = state.path("id").asText("unknown");
        return "unnamed-" + eventId.replaceAll("[^0-9A-Za-z-]", "");
    }

    /**
     * The error the state machine caught: {@code {"Error": name, "Cause": ...}}. A Lambda error's
     * cause is a JSON document whose errorMessage is the message; the error name is shortened to
     * the exception's simple name.
     */
    static StatusDocument.Failure failure(JsonNode error) {
        String name = error.path("Error").asText("States.Unknown");
        String cause = error.path("Cause").asText("");
        try {
            JsonNode lambdaError = WorkflowJson.MAPPER.readTree(cause);
            if (lambdaError != null && lambdaError.hasNonNull("errorMessage")) {
                cause = lambdaError.get("errorMessage").asText();
            }
        } catch (JsonProcessingException notJson) {
            // A plain-text cause (States.Timeout, Lambda service errors) is shown as it is.
        }
        String shortName = JAVA_CLASS_NAME.matcher(name).matches() ? name.substring(name.lastIndexOf('.') + 1) : name;
        String message = cause;
        List<StatusDocument.FieldProblem> problems = RequestValidationException.parse(message)
                .map(RequestValidationException::problems)
                .or(() -> ImmutableChangeException.parse(message))
                .map(lines -> lines.stream().map(StatusDocument.FieldProblem::of).toList())
                .orElse(null);
        return new StatusDocument.Failure(shortName, cause, problems);
    }

    /** What an update changed ({@code $.Changes.Changed}); only for an update, which has changed something. */
    static List<String> changes(JsonNode state, String outcome) {
        ChangePlan plan = read(state, "Changes", ChangePlan.class);
        if (plan == null || !StatusDocument.UPDATED.equals(outcome)) {
            return null;
        }
        return plan.changed();
    }

    /** The environment the steps saw; when no step touched it (nothing changed), as the planning step found it. */
    static EnvironmentState environment(JsonNode state) {
        EnvironmentState environment = read(state, "Environment", EnvironmentState.class);
        if (environment != null) {
            return environment;
        }
        ChangePlan plan = read(state, "Changes", ChangePlan.class);
        return plan == null ? null : plan.environment();
    }

    /** The validated request's source, or for a request refused at validation, the event's object. */
    static RequestSource source(JsonNode state) {
        RequestSource validated = read(state, "Source", RequestSource.class);
        if (validated != null) {
            return validated;
        }
        JsonNode object = state.path("detail").path("object");
        if (object.has("key")) {
            return new RequestSource(RequestSource.S3_OBJECT, "s3://" + state.path("detail").path("bucket").path("name")
                    .asText() + "/" + object.get("key").asText(), object.path("version-id").asText(null),
                    state.path("id").asText(null));
        }
        return state.has("id") ? new RequestSource(RequestSource.INLINE_EVENT, state.path("detail").path("RequestUri")
                .asText(null), null, state.path("id").asText()) : null;
    }

    private static <T> T read(JsonNode state, String field, Class<T> type) {
        JsonNode node = state.get(field);
        if (node == null || node.isNull() || !node.isObject()) {
            return null;
        }
        return WorkflowJson.MAPPER.convertValue(node, type);
    }
}
