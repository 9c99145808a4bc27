package dev.mwaaprovisioner.functions.removalplan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.EnvironmentClaim;
import dev.mwaaprovisioner.common.workflow.EventOrder;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.RemovalState.Item;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.common.workflow.RequestObjects;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Steps "PlanRemoval" and "PlanRollback": decide what to remove, before anything is removed.
 *
 * <p><b>Deprovision</b> ({@code Purpose: Deprovision}, {@code State}: the EventBridge event). For
 * an S3 {@code Object Deleted} event the request can no longer be read, so what to remove comes
 * from what the workflow recorded: the claim {@code claims/<Name>.json} the deleted file owns
 * (looked up first under the file's own name, then among all claims), which the report step
 * fills after every success with what the provisioner created and the applied
 * {@code DeletionPolicy} — not the status document, which a later failed or refused run
 * replaces. A {@code Deprovision Environment} event names the environment in
 * {@code detail.Name}. The recorded {@code DeletionPolicy} decides: {@code Retain} (also when none
 * is recorded) keeps everything and only forgets the request; {@code Delete} removes the
 * environment and what the provisioner created for it, never what the request brought (a
 * role given as {@code ExecutionRoleArn}, existing subnets, the key itself). When the request file
 * still exists (only an older version was deleted), or nothing was ever recorded for it, there is
 * nothing to do.
 *
 * <p><b>Rollback</b> ({@code Purpose: Rollback}, {@code State}: the failed run's state document).
 * Removes what this run created: what its steps reported as {@code CreatedByThisExecution}, the
 * key-policy statement it added, and, for a step that failed half-way (its result is missing),
 * the resource of the derived name if it was created after the run started. With
 * {@code OnFailure: Keep} it removes nothing and lists what it keeps.
 *
 * <p>Output: the {@link RemovalState} ({@code $.Removal}).
 */
public final class PlanRemovalHandler extends WorkflowStep<PlanRemovalHandler.Input, RemovalState> {

    public static final String FUNCTION = "PlanRemovalFunction";
    static final String CONFIG_BUCKET = "CONFIG_BUCKET";
    static final String OBJECT_DELETED = "Object Deleted";
    static final String DEPROVISION_ENVIRONMENT = "Deprovision Environment";
    static final String DELETE = "Delete";
    static final String RETAIN = "Retain";
    /** Status document states after which the request is forgotten: a later delete finds nothing to do. */
    static final Set<String> FORGOTTEN_STATES = Set.of("DEPROVISIONED", "RETAINED");

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Purpose") String purpose,
                        @JsonProperty("State") JsonNode state,
                        @JsonProperty("ExecutionStartedAt") String executionStartedAt,
                        @JsonProperty("ExecutionArn") String executionArn) {

        public Input(String purpose, JsonNode state, String executionStartedAt) {
            this(purpose, state, executionStartedAt, null);
        }
    }

    private final S3Client s3;
    private final String configBucket;
    private final ClaimStore claims;
    private final SfnClient stepFunctions;

    /** Lambda's entry: clients built once per container from the process environment. */
    public PlanRemovalHandler() {
        this(FromProcessEnvironment.CLIENTS);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials, CONFIG_BUCKET). */
    public PlanRemovalHandler(Map<String, String> environment) {
        this(new FunctionClients(FUNCTION, environment));
    }

    private PlanRemovalHandler(FunctionClients clients) {
        this(clients.create(S3Client.builder()
                        .forcePathStyle(clients.factory().endpointOverride(AwsService.S3).isPresent()), AwsService.S3),
                clients.requiredVariable(CONFIG_BUCKET), clients.create(SfnClient.builder(), AwsService.SFN));
    }

    public PlanRemovalHandler(S3Client s3, String configBucket) {
        this(s3, configBucket, null);
    }

    /** @param stepFunctions tells whether the execution holding a Name still runs; null: no execution holds Names */
    public PlanRemovalHandler(S3Client s3, String configBucket, SfnClient stepFunctions) {
        super(FUNCTION, Input.class);
        this.stepFunctions = stepFunctions;
        this.s3 = s3;
        this.configBucket = configBucket;
        this.claims = new ClaimStore(s3, configBucket);
    }

    private static final class FromProcessEnvironment {
        static final FunctionClients CLIENTS = new FunctionClients(FUNCTION, System.getenv());
    }

    /**
     * The priming: returns the handler's output on the sample event (the resource is not there).
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("s3-object-deleted.json", List.of(
                SnapStartPriming.answer(404, null),
                SnapStartPriming.answer(404, "priming/no-such-key.xml", "Content-Type", "application/xml"),
                SnapStartPriming.answer(404, "priming/no-such-key.xml", "Content-Type", "application/xml"),
                SnapStartPriming.answer(200, "priming/list-status-empty.xml", "Content-Type", "application/xml")));
    }

    @Override
    public RemovalState handle(Input input) {
        if (RemovalState.ROLLBACK.equals(input.purpose())) {
            return Rollbacks.plan(input.state(), input.executionStartedAt());
        }
        if (!RemovalState.DEPROVISION.equals(input.purpose())) {
            throw new IllegalArgumentException("Purpose must be " + RemovalState.DEPROVISION + " or "
                    + RemovalState.ROLLBACK + ", not " + input.purpose());
        }
        return deprovision(input.state(), input.executionArn());
    }

    private RemovalState deprovision(JsonNode event, String executionArn) {
        String detailType = event.path("detail-type").asText("");
        JsonNode detail = event.path("detail");
        if (DEPROVISION_ENVIRONMENT.equals(detailType)) {
            String name = detail.path("Name").asText(null);
            if (name == null || !AwsIdentifiers.ENVIRONMENT_NAME.matcher(name).matches()) {
                throw new InvalidRemovalRequestException("detail.Name: " + (name == null ? "(missing)" : "'" + name + "'")
                        + " of the " + DEPROVISION_ENVIRONMENT + " event must be the name of an environment the "
                        + "provisioner made, e.g. {\"Name\": \"analytics-dev\"}.");
            }
            RequestSource source = new RequestSource(RequestSource.INLINE_EVENT, null, null, event.path("id").asText(null));
            Optional<ClaimStore.StoredClaim> claim = claims.read(name);
            if (claim.isPresent()) {
                Taken taken = take(name, event, executionArn, source);
                if (taken.state() != null) {
                    return taken.state();
                }
                if (taken.claim() != null) {
                    // Held now: whatever the answer, it names the Name, so the report hands the Name on.
                    return taken.claim().owner() != null ? fromClaim(taken.claim(), source, null, taken.ended())
                            : nothing(name, source, "No request owns environment " + name + ": nothing left to do.");
                }
            }
            JsonNode record = read(DerivedNames.statusKey(name)).orElseThrow(() -> new InvalidRemovalRequestException(
                    "detail.Name: the provisioner has no record of an environment '" + name + "' (no s3://" + configBucket
                    + "/" + ClaimStore.key(name) + " or " + DerivedNames.statusKey(name) + "); nothing was removed. "
                    + "Check the name."));
            return nothing(null, source, "No request owns environment " + name + " (its last status is "
                    + record.path("State").asText("unknown") + "): nothing left to do.");
        }
        if (!OBJECT_DELETED.equals(detailType)) {
            throw new IllegalArgumentException("The removal path takes " + OBJECT_DELETED + " and "
                    + DEPROVISION_ENVIRONMENT + " events, not '" + detailType + "'.");
        }
        String bucket = detail.path("bucket").path("name").asText();
        String key = detail.path("object").path("key").asText();
        String uri = "s3://" + bucket + "/" + key;
        RequestSource source = new RequestSource(RequestSource.S3_OBJECT, uri,
                detail.path("object").path("version-id").asText(null), event.path("id").asText(null));
        if (exists(bucket, key)) {
            return nothing(null, source, uri + " still exists (an older version was deleted, or it was written "
                    + "again): the request stands.");
        }
        Optional<EnvironmentClaim> claim = claimOwnedBy(source, key);
        if (claim.isEmpty()) {
            return nothing(null, source, "No environment was provisioned from " + uri + " (it owns no Name): nothing "
                    + "to remove.");
        }
        Taken taken = take(claim.get().name(), event, executionArn, source);
        if (taken.state() != null) {
            return taken.state();
        }
        EnvironmentClaim current = taken.claim() == null ? claim.get() : taken.claim();
        if (!current.ownedBy(EnvironmentClaim.Owner.of(source))) {
            String owner = current.owner() == null ? null : current.owner().describe();
            return new RemovalState(RemovalState.DEPROVISION, current.name(), null, source, List.of(),
                    "Environment " + current.name() + " is no longer " + uri + "'s: nothing to remove.", true, false,
                    null, null, owner == null ? "nobody" : owner);
        }
        Optional<RemovalState> moved = moveToContender(current, source, executionArn);
        return moved.orElseGet(() -> fromClaim(current, source, uri, taken.ended()));
    }

    /** What {@link #take} found: a state to return at once (queued), or the record as this execution holds it. */
    private record Taken(RemovalState state, EnvironmentClaim claim, EndedHolder ended) {

        Taken(RemovalState state, EnvironmentClaim claim) {
            this(state, claim, null);
        }
    }

    /**
     * The holder this removal took the Name from, which had ended without handing it on (timed
     * out, stopped, failed unreported): what it made after it started may not be on record.
     */
    private record EndedHolder(String executionArn, java.time.Instant startedAt) {
    }

    /**
     * Takes the Name for this removal (one writer per Name), or leaves the event in the Name's
     * record for the execution that holds it: then the removal is queued behind that execution.
     */
    private Taken take(String name, JsonNode event, String executionArn, RequestSource source) {
        if (executionArn == null || stepFunctions == null) {
            return new Taken(null, null);
        }
        EndedHolder[] ended = {null};
        ClaimStore.Acquisition taken = claims.acquire(name, null, false, event, executionArn, holder -> {
            Optional<DescribeExecutionResponse> described = describe(holder);
            boolean running = described.map(d -> d.status() == ExecutionStatus.RUNNING).orElse(false);
            if (!running && described.isPresent()) {
                ended[0] = new EndedHolder(holder, described.get().startDate());
            }
            return running;
        });
        return switch (taken.outcome()) {
            case QUEUED -> new Taken(new RemovalState(RemovalState.DEPROVISION, name, null, source, List.of(),
                    "Execution " + taken.holderArn() + " is changing environment " + name + "; this removal waits for "
                    + "it and is applied when it is done.", true, false, null, taken.holderArn(), null), null);
            case NO_RECORD -> new Taken(null, null);
            default -> new Taken(null, taken.claim().claim(), ended[0]);
        };
    }

    /**
     * A rename ({@code aws s3 mv a.yaml b.yaml}: b is written, then a deleted): when another request
     * file asked for this Name while the deleted file owned it, and that file still exists, the
     * Name passes to it and nothing is removed; its request is applied next, in this execution.
     */
    private Optional<RemovalState> moveToContender(EnvironmentClaim claim, RequestSource source, String executionArn) {
        if (executionArn == null) {
            return Optional.empty();
        }
        JsonNode contender = claim.contender();
        String bucket = contender == null ? "" : contender.path("detail").path("bucket").path("name").asText("");
        String key = contender == null ? "" : contender.path("detail").path("object").path("key").asText("");
        if (bucket.isEmpty() || key.isEmpty() || ("s3://" + bucket + "/" + key).equals(source.uri()) || !exists(bucket, key)) {
            Optional<JsonNode> copy = copyOfTheDeletedFile(source);
            if (copy.isEmpty()) {
                return Optional.empty();
            }
            contender = copy.get();
            bucket = configBucket;
            key = contender.path("detail").path("object").path("key").asText();
        }
        EnvironmentClaim.Owner next = new EnvironmentClaim.Owner(RequestSource.S3_OBJECT, "s3://" + bucket + "/" + key);
        String now = java.time.Instant.now().toString();
        JsonNode event = contender;
        claims.update(claim.name(), c -> {
            EnvironmentClaim moved = c.withOwner(next, EventOrder.id(event), now).withContender(null, now);
            return c.waiting() == null || EventOrder.notOlder(event, c.waiting()) ? moved.withWaiting(event, now) : moved;
        });
        return Optional.of(new RemovalState(RemovalState.DEPROVISION, claim.name(), null, source, List.of(),
                "Environment " + claim.name() + " now belongs to " + next.uri() + ", which names it: it is kept, and "
                + "that request is applied next.", true, false, null, null, next.uri()));
    }

    /**
     * {@code aws s3 mv a.yaml b.yaml} copies a, then deletes it: the copy has the deleted version's
     * ETag. When another request file holds exactly the bytes of the version just deleted, the file
     * was moved, whichever of the two events' executions got here first: an {@code Object Created}
     * event of the copy is returned, for the Name to pass to it. One ListObjectVersions of the
     * deleted key, and a listing of the request files under its first folder.
     */
    private Optional<JsonNode> copyOfTheDeletedFile(RequestSource source) {
        String key = source.uri().substring(("s3://" + configBucket + "/").length());
        var versions = AwsCalls.call("ListObjectVersions " + source.uri(), () -> s3.listObjectVersions(r -> r
                .bucket(configBucket).prefix(key).maxKeys(5))).versions();
        Optional<String> etag = versions.stream().filter(v -> v.key().equals(key)).findFirst().map(v -> v.eTag());
        if (etag.isEmpty()) {
            return Optional.empty();
        }
        String folder = key.contains("/") ? key.substring(0, key.indexOf('/') + 1) : "";
        for (S3Object object : AwsCalls.call("ListObjectsV2 s3://" + configBucket + "/" + folder,
                () -> s3.listObjectsV2Paginator(r -> r.bucket(configBucket).prefix(folder)).contents().stream().toList())) {
            if (!object.key().equals(key) && etag.get().equals(object.eTag())
                    && object.key().matches(".*\\.(ya?ml|json)$")) {
                ObjectNode event = WorkflowJson.MAPPER.createObjectNode();
                event.put("version", "0").put("id", "moved-" + source.eventId()).put("detail-type", "Object Created")
                        .put("source", "aws.s3").put("time", java.time.Instant.now().toString().replaceFirst("\\.\\d+Z$", "Z"));
                ObjectNode detail = event.putObject("detail");
                detail.putObject("bucket").put("name", configBucket);
                detail.putObject("object").put("key", object.key()).put("etag", object.eTag().replace("\"", ""));
                detail.put("reason", "CopyObject");
                return Optional.of(event);
            }
        }
        return Optional.empty();
    }

    /** The execution holding a Name, as Step Functions describes it; empty when it does not exist (it holds nothing). */
    private Optional<DescribeExecutionResponse> describe(String executionArn) {
        try {
            return Optional.of(AwsCalls.call("DescribeExecution " + executionArn,
                    () -> stepFunctions.describeExecution(r -> r.executionArn(executionArn))));
        } catch (ExecutionDoesNotExistException gone) {
            return Optional.empty();
        }
    }

    /**
     * What to remove for a Name that is claimed: what the provisioner recorded in the claim after
     * its last success, by the DeletionPolicy applied then. A claim with nothing applied yet (its
     * runs failed) falls back to the last status document, which lists what a rollback kept;
     * either way the Name is released when the removal is reported.
     *
     * @param ownerUri when set, the status document counts only if it is this file's
     */
    private RemovalState fromClaim(EnvironmentClaim claim, RequestSource source, String ownerUri, EndedHolder ended) {
        String name = claim.name();
        EnvironmentClaim.Created created = claim.created();
        boolean recorded = created != null && (created.network() != null || created.executionRole() != null
                || created.keyPolicy() != null || created.environment() != null);
        if (recorded || ended != null || (claim.leftByRollback() != null && !claim.leftByRollback().isEmpty())) {
            // Recorded as each step created it: a run still under way, stopped or failed is covered too.
            ObjectNode record = claim.created() == null ? WorkflowJson.MAPPER.createObjectNode()
                    : WorkflowJson.MAPPER.valueToTree(claim.created());
            record.put("State", "SUCCEEDED");
            if (claim.deletionPolicy() != null) {
                record.put("DeletionPolicy", claim.deletionPolicy());
            }
            return withUnrecorded(withLeftovers(fromRecord(name, record, source), claim.leftByRollback()), ended);
        }
        Optional<JsonNode> status = read(DerivedNames.statusKey(name)).filter(s -> ownerUri == null
                || ownerUri.equals(s.path("Source").path("Uri").asText()));
        if (status.isPresent() && !FORGOTTEN_STATES.contains(status.get().path("State").asText(""))) {
            return fromRecord(name, status.get(), source);
        }
        return new RemovalState(RemovalState.DEPROVISION, name, null, source, List.of(),
                "Nothing was provisioned for " + name + "; its Name is released.", true, false, null);
    }

    /** Removal order: the reverse of creation. */
    private static final List<String> REMOVAL_ORDER = List.of(RemovalState.ENVIRONMENT,
            RemovalState.KEY_POLICY_STATEMENT, RemovalState.EXECUTION_ROLE, RemovalState.NETWORK_STACK);

    /**
     * What a failed rollback could not remove (an environment left CREATE_FAILED, a role MWAA
     * still used) is removed by the next removal of the Name whatever its DeletionPolicy: no
     * request asked to keep it, its run failed.
     */
    private static RemovalState withLeftovers(RemovalState planned, List<Item> left) {
        if (left == null || left.isEmpty()) {
            return planned;
        }
        List<Item> items = new ArrayList<>(planned.items().stream().filter(i -> left.stream()
                .noneMatch(l -> l.kind().equals(i.kind()) && l.name().equals(i.name()))).toList());
        left.forEach(l -> items.add(Item.pending(l.kind(), l.name(), null)));
        return withItems(planned, items, "What an earlier rollback could not remove is removed now: "
                + String.join(", ", left.stream().map(l -> l.kind() + " " + l.name()).toList()) + ".");
    }

    /** The planned removal with these items, in removal order, and one more sentence in its note: something to remove. */
    private static RemovalState withItems(RemovalState planned, List<Item> items, String note) {
        List<Item> ordered = new ArrayList<>(items);
        ordered.sort(java.util.Comparator.comparingInt(i -> REMOVAL_ORDER.indexOf(i.kind())));
        return new RemovalState(planned.purpose(), planned.name(), planned.deletionPolicy(), planned.source(), ordered,
                planned.note() == null ? note : planned.note() + " " + note, false, false, null);
    }

    /**
     * A removal that took the Name from a holder that ended unreported: that run may have died
     * between a create call and the step that records it. With {@code DeletionPolicy: Delete}, what
     * carries the workflow's names for the Name and is not on record is removed too, but only if
     * it was made after that execution started (the teardown keeps anything older, as a rollback
     * does for a step that failed half-way); what is not there is reported absent.
     */
    private static RemovalState withUnrecorded(RemovalState planned, EndedHolder ended) {
        if (ended == null || !DELETE.equals(planned.deletionPolicy()) || ended.startedAt() == null) {
            return planned;
        }
        String name = planned.name();
        String since = ended.startedAt().toString();
        List<Item> items = new ArrayList<>(planned.items());
        for (Item derived : List.of(Item.pending(RemovalState.ENVIRONMENT, name, since),
                Item.pending(RemovalState.EXECUTION_ROLE, DerivedNames.executionRoleName(name), since),
                Item.pending(RemovalState.NETWORK_STACK, DerivedNames.networkStackName(name), since))) {
            if (items.stream().noneMatch(i -> i.kind().equals(derived.kind()))) {
                items.add(derived);
            }
        }
        return withItems(planned, items, "Execution " + ended.executionArn() + " ended before it could record all it "
                + "made: what carries the workflow's names for " + name + " and was made after it started is removed too.");
    }

    /**
     * The claim the deleted file owns: the Name its note names, then the claim of the file's own
     * name (requests are usually named after their environment), then every claim. A file owns at most one Name
     * (a rename is refused while it owns one).
     */
    private Optional<EnvironmentClaim> claimOwnedBy(RequestSource source, String key) {
        EnvironmentClaim.Owner owner = EnvironmentClaim.Owner.of(source);
        Optional<String> noted = claims.nameOwnedBy(owner);
        if (noted.isPresent()) {
            Optional<ClaimStore.StoredClaim> claim = claims.read(noted.get());
            if (claim.isPresent() && claim.get().claim().ownedBy(owner)) {
                return Optional.of(claim.get().claim());
            }
        }
        String file = key.substring(key.lastIndexOf('/') + 1).replaceFirst("\\.(ya?ml|json)$", "");
        if (AwsIdentifiers.ENVIRONMENT_NAME.matcher(file).matches()) {
            Optional<ClaimStore.StoredClaim> guess = claims.read(file);
            if (guess.isPresent() && guess.get().claim().ownedBy(owner)) {
                return Optional.of(guess.get().claim());
            }
        }
        String token = null;
        do {
            String next = token;
            var page = AwsCalls.call("ListObjectsV2 s3://" + configBucket + "/" + ClaimStore.PREFIX,
                    () -> s3.listObjectsV2(r -> r.bucket(configBucket).prefix(ClaimStore.PREFIX).continuationToken(next)));
            for (S3Object object : page.contents()) {
                String name = object.key().substring(ClaimStore.PREFIX.length()).replaceFirst("\\.json$", "");
                if (!AwsIdentifiers.ENVIRONMENT_NAME.matcher(name).matches() || name.equals(file)) {
                    continue;
                }
                Optional<ClaimStore.StoredClaim> claim = claims.read(name);
                if (claim.isPresent() && claim.get().claim().ownedBy(owner)) {
                    return Optional.of(claim.get().claim());
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return Optional.empty();
    }

    /** What to remove for an environment, from its status document. */
    private RemovalState fromRecord(String name, JsonNode record, RequestSource source) {
        String state = record.path("State").asText("");
        if (FORGOTTEN_STATES.contains(state)) {
            return nothing(null, source, "Environment " + name + " was already " + state.toLowerCase()
                    + ": nothing left to do.");
        }
        String policy = record.path("DeletionPolicy").asText(RETAIN);
        List<Item> items = new ArrayList<>();
        JsonNode environment = record.path("Environment");
        if (environment.isObject()) {
            items.add(Item.pending(RemovalState.ENVIRONMENT, environment.path("Name").asText(name), null));
        }
        JsonNode keyPolicy = record.path("KeyPolicy");
        if (keyPolicy.hasNonNull("KeyArn")) {
            items.add(Item.pending(RemovalState.KEY_POLICY_STATEMENT, keyPolicy.get("KeyArn").asText(), null));
        }
        JsonNode role = record.path("ExecutionRole");
        if (role.hasNonNull("RoleName") && !role.path("Provided").asBoolean(false)) {
            items.add(Item.pending(RemovalState.EXECUTION_ROLE, role.get("RoleName").asText(), null));
        }
        JsonNode network = record.path("Network");
        if (NetworkState.MODE_CREATE_STACK.equals(network.path("Mode").asText()) && network.hasNonNull("StackName")) {
            items.add(Item.pending(RemovalState.NETWORK_STACK, network.get("StackName").asText(), null));
        }
        if (!DELETE.equals(policy)) {
            List<Item> kept = items.stream().map(i -> i.with(RemovalState.KEPT, "DeletionPolicy: Retain")).toList();
            return new RemovalState(RemovalState.DEPROVISION, name, RETAIN, source, kept,
                    "DeletionPolicy is Retain: the environment and everything made for it stay; the request is forgotten.",
                    true, false, null);
        }
        return new RemovalState(RemovalState.DEPROVISION, name, DELETE, source, items, null,
                items.isEmpty(), false, null);
    }

    private static RemovalState nothing(String name, RequestSource source, String note) {
        return new RemovalState(RemovalState.DEPROVISION, name, null, source, List.of(), note, true, false, null);
    }

    private boolean exists(String bucket, String key) {
        return RequestObjects.currentVersion(s3, bucket, key).isPresent();
    }

    private Optional<JsonNode> read(String key) {
        byte[] body = AwsCalls.call("GetObject s3://" + configBucket + "/" + key, () -> {
            try {
                return s3.getObjectAsBytes(r -> r.bucket(configBucket).key(key)).asByteArray();
            } catch (NoSuchKeyException e) {
                return null;
            }
        });
        if (body == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(WorkflowJson.MAPPER.readTree(body));
        } catch (IOException e) {
            throw new IllegalStateException("s3://" + configBucket + "/" + key + " is not the JSON document the "
                    + "workflow writes: " + e.getMessage() + ". Delete it or restore an earlier version.", e);
        }
    }
}
