package dev.mwaaprovisioner.functions.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.Partition;
import dev.mwaaprovisioner.common.request.DeploymentRules;
import dev.mwaaprovisioner.common.request.InvalidRequestException;
import dev.mwaaprovisioner.common.request.Problem;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.request.RequestParser;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.EnvironmentClaim;
import dev.mwaaprovisioner.common.workflow.ExecutionRoleState;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.NameOwnedByAnotherRequestException;
import dev.mwaaprovisioner.common.workflow.NotARequestException;
import dev.mwaaprovisioner.common.workflow.Plan;
import dev.mwaaprovisioner.common.workflow.RequestObjects;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.RequestValidationException;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Step "ValidateRequest", the first one: reads the request, validates it and plans the workflow.
 * Nothing is created before this step passes.
 *
 * <p>Input: the EventBridge event that started the execution, either
 * <ul>
 *   <li>S3 {@code Object Created} in the config bucket: the object is read at the event's
 *       version, so a later overwrite cannot change what this execution provisions; or</li>
 *   <li>{@code source: mwaa-provisioner}, {@code detail-type: Provision Environment}, with the
 *       request inline in {@code detail.Request} or as {@code detail.RequestUri}
 *       ({@code s3://<config bucket>/<request prefix>...}).</li>
 * </ul>
 * Output: {@link Output}, the state document the rest of the workflow reads.
 *
 * <p>The state machine passes the event as {@code Event} with the execution's ARN as
 * {@code ExecutionArn}: once the request is valid, the execution takes its Name (one writer per
 * Name, {@link ClaimStore#acquire}); while another execution holds it, the event is left in the
 * Name's record for that execution and the output says {@code QueuedBehind}.
 *
 * <p>Refused without side effects ({@link NotARequestException}): other events, objects outside
 * the request prefix or without a .yaml/.yml/.json suffix, objects over the size limit or not
 * text. Refused with a report ({@link RequestValidationException}): everything else that is
 * wrong, every problem at once as {@code Path: message}.
 */
public final class ValidateRequestHandler extends WorkflowStep<JsonNode, ValidateRequestHandler.Output> {

    public static final String FUNCTION = "ValidateRequestFunction";
    static final String CONFIG_BUCKET = "CONFIG_BUCKET";
    static final String REQUEST_PREFIX = "REQUEST_PREFIX";
    static final String DEFAULT_REQUEST_PREFIX = "requests/";
    static final List<String> SUFFIXES = List.of(".yaml", ".yml", ".json");
    /** {@code detail.RequestCopy}: where the dispatch function stored an inline request ({@code Uri}, {@code VersionId}). */
    public static final String INLINE_COPY = "RequestCopy";

    /** The state document after this step. */
    public record Output(@JsonProperty("Request") ProvisioningRequest request,
                         @JsonProperty("Source") RequestSource source,
                         @JsonProperty("Account") String account,
                         @JsonProperty("Region") String region,
                         @JsonProperty("Partition") String partition,
                         @JsonProperty("Plan") Plan plan,
                         @JsonProperty("ExecutionRole") ExecutionRoleState executionRole,
                         @JsonProperty("QueuedBehind") @JsonInclude(JsonInclude.Include.NON_NULL) String queuedBehind,
                         @JsonProperty("SupersededBy") @JsonInclude(JsonInclude.Include.NON_NULL) String supersededBy,
                         @JsonProperty("HeldName") @JsonInclude(JsonInclude.Include.NON_NULL) String heldName) {

        /** A request file event whose version is no longer the file's current one: nothing to apply. */
        static Output superseded(RequestSource source, String by, String heldName) {
            return new Output(null, source, null, null, null, null, null, null, by, heldName);
        }
    }

    /** The Name this execution holds while it goes on with an event that waited for it ({@code ClaimStore#handOver}). */
    public static final String HELD_NAME = "HeldName";

    private final S3Client s3;
    private final StsClient sts;
    private final String region;
    private final String configBucket;
    private final String requestPrefix;
    private final RequestParser parser = RequestParser.standard();
    private final ClaimStore claims;
    private final SfnClient stepFunctions;

    /** Lambda's entry: clients built once per container from the process environment. */
    public ValidateRequestHandler() {
        this(FromProcessEnvironment.CLIENTS);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials, CONFIG_BUCKET, REQUEST_PREFIX). */
    public ValidateRequestHandler(Map<String, String> environment) {
        this(new FunctionClients(FUNCTION, environment));
    }

    private ValidateRequestHandler(FunctionClients clients) {
        this(clients.create(S3Client.builder()
                        .forcePathStyle(clients.factory().endpointOverride(AwsService.S3).isPresent()), AwsService.S3),
                clients.create(StsClient.builder(), AwsService.STS),
                clients.factory().region().id(),
                clients.requiredVariable(CONFIG_BUCKET),
                clients.variable(REQUEST_PREFIX) == null ? DEFAULT_REQUEST_PREFIX : clients.variable(REQUEST_PREFIX),
                clients.create(SfnClient.builder(), AwsService.SFN));
    }

    public ValidateRequestHandler(S3Client s3, StsClient sts, String region, String configBucket, String requestPrefix) {
        this(s3, sts, region, configBucket, requestPrefix, null);
    }

    /** @param stepFunctions tells whether the execution holding a Name still runs; null: no execution holds Names */
    public ValidateRequestHandler(S3Client s3, StsClient sts, String region, String configBucket, String requestPrefix,
                                  SfnClient stepFunctions) {
        super(FUNCTION, JsonNode.class);
        this.stepFunctions = stepFunctions;
        this.s3 = s3;
        this.sts = sts;
        this.region = region;
        this.configBucket = configBucket;
        this.requestPrefix = requestPrefix;
        this.claims = new ClaimStore(s3, configBucket);
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
        // The sample S3 event, moved into this function's config bucket and request prefix.
        byte[] event;
        try {
            ObjectNode sample = (ObjectNode) WorkflowJson.MAPPER.readTree(
                    SnapStartPriming.sampleEvent(FUNCTION, "s3-object-created.json"));
            ((ObjectNode) sample.path("detail").path("bucket")).put("name", configBucket);
            ((ObjectNode) sample.path("detail").path("object")).put("key", requestPrefix + "analytics-dev.yaml");
            // The version the canned answers know; the sample event leaves it to `invoke` to fill.
            ((ObjectNode) sample.path("detail").path("object")).put("version-id", "Z1zD3Lm0bPGbMNA2TQNtrbT7kN.wmJNz");
            event = WorkflowJson.MAPPER.writeValueAsBytes(sample);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return prime(event, List.of(
                // The event's version is the file's current one.
                SnapStartPriming.answer(200, null, "x-amz-version-id", "Z1zD3Lm0bPGbMNA2TQNtrbT7kN.wmJNz"),
                SnapStartPriming.answer(200, "priming/request.yaml", "Content-Type", "application/x-yaml",
                        "ETag", "\"b1946ac92492d2347c6235b4d2611184\"", "x-amz-version-id", "Z1zD3Lm0bPGbMNA2TQNtrbT7kN.wmJNz"),
                SnapStartPriming.answer(200, "priming/get-caller-identity.xml", "Content-Type", "text/xml"),
                // The file owns no Name yet; the claim is created and the file's Name noted.
                SnapStartPriming.answer(404, "priming/no-such-key.xml", "Content-Type", "application/xml"),
                SnapStartPriming.answer(200, null, "ETag", "\"9a0364b9e99bb480dd25e1f0284c8555\""),
                SnapStartPriming.answer(200, null, "ETag", "\"0cc175b9c0f1b6a831c399e269772661\"")));
    }

    @Override
    public Output handle(JsonNode input) {
        boolean wrapped = input.has("Event") && input.has("ExecutionArn");
        JsonNode event = wrapped ? input.get("Event") : input;
        String executionArn = wrapped ? input.get("ExecutionArn").asText(null) : null;
        String source = event.path("source").asText("");
        String detailType = event.path("detail-type").asText("");
        String eventId = event.path("id").asText(null);
        String heldName = event.path(HELD_NAME).asText(null);
        Read read;
        if ("aws.s3".equals(source) && "Object Created".equals(detailType)) {
            requireRequestObject(event.path("detail"));
            Optional<String> newer = newerThan(event.path("detail"));
            if (newer.isPresent()) {
                return Output.superseded(new RequestSource(RequestSource.S3_OBJECT, "s3://" + configBucket + "/"
                        + event.path("detail").path("object").path("key").asText(), event.path("detail").path("object")
                        .path("version-id").asText(null), eventId), newer.get(), heldName);
            }
            read = fromObjectCreated(event.path("detail"), eventId);
        } else if ("mwaa-provisioner".equals(source) && "Provision Environment".equals(detailType)) {
            read = fromProvisionEvent(event.path("detail"), eventId);
        } else {
            throw new NotARequestException("The workflow starts from an S3 \"Object Created\" event of the config "
                    + "bucket or a \"Provision Environment\" event of source mwaa-provisioner, not from "
                    + (source.isEmpty() ? "an input without source" : "source " + source + ", detail-type " + detailType) + ".");
        }
        Checked checked = checked(read.content(), read.source());
        Output output = checked.output();
        String name = output.request().name();
        String queuedBehind = null;
        if (executionArn == null || stepFunctions == null) {
            claims.claim(name, output.source(), eventId);
        } else {
            queuedBehind = take(name, output.source(), event, executionArn);
        }
        if (queuedBehind == null && !checked.owned().equals(Optional.of(name))) {
            claims.noteOwnership(checked.owner(), name);
        }
        return new Output(output.request(), output.source(), output.account(), output.region(), output.partition(),
                output.plan(), output.executionRole(), queuedBehind, null, heldName);
    }

    /** What {@link #check} decides, and the Name the request's file owned before (read, never written). */
    private record Checked(Output output, EnvironmentClaim.Owner owner, Optional<String> owned) {
    }

    /**
     * Everything this step decides about a request read from {@code source}, without writing
     * anything: parsing, the deployment's rules, the rename check; only the claim of the Name is
     * left to {@link #handle}. {@code plan} runs it on a local file as if it were uploaded there
     * (a source without version, whose {@code PreviousName} the caller found).
     *
     * @throws RequestValidationException when the request is refused
     */
    public Output check(byte[] content, RequestSource source) {
        return checked(content, source).output();
    }

    private Checked checked(byte[] content, RequestSource source) {
        Read read = new Read(content, source);
        ProvisioningRequest request;
        try {
            request = parser.parse(read.content(), read.source().describe());
        } catch (InvalidRequestException e) {
            throw new RequestValidationException(read.source().describe(), e.environmentName().orElse(null),
                    e.problems().stream().map(Problem::toString).toList());
        }
        var identity = AwsCalls.call("GetCallerIdentity", () -> sts.getCallerIdentity());
        String account = identity.account();
        Partition partition = Partition.fromId(identity.arn().split(":", 3)[1]);
        List<String> problems = DeploymentRules.problems(request, region, partition).stream()
                .map(Problem::toString).toList();
        if (!problems.isEmpty()) {
            throw new RequestValidationException(read.source().describe(), request.name(), problems);
        }
        EnvironmentClaim.Owner owner = EnvironmentClaim.Owner.of(read.source());
        Optional<String> owned = claims.nameOwnedBy(owner);
        RequestSource requestSource = owned.map(read.source()::withPreviousName).orElse(read.source());
        refuseRename(request, requestSource);
        Plan plan = new Plan(request.createsNetwork(), request.createsExecutionRole(), request.usesCustomerManagedKey());
        ExecutionRoleState role = request.createsExecutionRole() ? null
                : ExecutionRoleState.provided(request.executionRoleArn());
        // The state document carries option digests only; the values stay in the request object.
        return new Checked(new Output(request.withOptionDigests(), requestSource, account, region, partition.id(), plan,
                role, null, null, null), owner, owned);
    }

    /**
     * What replaced the event's version of a request file, when it is no longer the file's
     * current version: {@code version <id>} of a newer upload, or {@code deleted}. The newer
     * upload's (or the delete's) own event applies it; an older version is never applied after it,
     * whatever order the executions run in. Empty for an event of the current version (or without one).
     */
    private Optional<String> newerThan(JsonNode detail) {
        String bucket = detail.path("bucket").path("name").asText("");
        String key = detail.path("object").path("key").asText("");
        String versionId = detail.path("object").path("version-id").asText(null);
        if (versionId == null || !bucket.equals(configBucket) || !key.startsWith(requestPrefix)) {
            return Optional.empty();
        }
        Optional<String> current = RequestObjects.currentVersion(s3, bucket, key);
        if (current.isEmpty()) {
            return Optional.of("deleted");
        }
        return versionId.equals(current.get()) ? Optional.empty() : Optional.of("version " + current.get());
    }

    /**
     * Takes the Name for this execution, or leaves the event for the execution that holds it
     * (returns that execution's ARN). A Name another file owns is refused, unless that file no
     * longer exists: then its removal has not run yet, and this file takes the Name over (a rename,
     * {@code aws s3 mv}), keeping the environment.
     */
    private String take(String name, RequestSource source, JsonNode event, String executionArn) {
        EnvironmentClaim.Owner owner = EnvironmentClaim.Owner.of(source);
        ClaimStore.Acquisition taken = claims.acquire(name, owner, false, event, executionArn, this::running);
        if (taken.outcome() == ClaimStore.Outcome.OWNED_BY_ANOTHER) {
            EnvironmentClaim.Owner current = taken.claim().claim().owner();
            if (RequestSource.S3_OBJECT.equals(current.type()) && !exists(current.uri())) {
                taken = claims.acquire(name, owner, true, event, executionArn, this::running);
            } else {
                throw new NameOwnedByAnotherRequestException(taken.claim().claim(), source);
            }
        }
        return taken.outcome() == ClaimStore.Outcome.QUEUED ? taken.holderArn() : null;
    }

    /** Whether an execution still runs; one that ended (or is unknown) holds nothing. */
    private boolean running(String executionArn) {
        try {
            return AwsCalls.call("DescribeExecution " + executionArn,
                    () -> stepFunctions.describeExecution(r -> r.executionArn(executionArn))).status() == ExecutionStatus.RUNNING;
        } catch (ExecutionDoesNotExistException gone) {
            return false;
        }
    }

    /** Whether the request file {@code s3://bucket/key} exists (its current version is not a delete marker). */
    private boolean exists(String uri) {
        String path = uri.substring("s3://".length());
        String bucket = path.substring(0, path.indexOf('/'));
        String key = path.substring(path.indexOf('/') + 1);
        return RequestObjects.currentVersion(s3, bucket, key).isPresent();
    }

    /**
     * A new version of a request file under another Name while the file still owns the Name it
     * had is a rename, which MWAA cannot do: refused before the new Name is claimed, so nothing
     * changes. The file stops owning its old Name only when it is deleted (the removal releases
     * the claim), so "delete, then upload under the new Name" is the way to move.
     */
    private void refuseRename(ProvisioningRequest request, RequestSource source) {
        String previous = source.previousName();
        if (previous == null || previous.equals(request.name())) {
            return;
        }
        Optional<ClaimStore.StoredClaim> old = claims.read(previous);
        if (old.isPresent() && old.get().claim().ownedBy(EnvironmentClaim.Owner.of(source))) {
            throw new RequestValidationException(source.describe(), request.name(), List.of("Name: '" + request.name()
                    + "' renames environment " + previous + ", which " + source.uri() + " named before; MWAA cannot "
                    + "rename an environment. Put back Name: " + previous + ", or delete the request file first (its "
                    + "DeletionPolicy decides what happens to " + previous + ") and upload it again with the new Name."));
        }
    }

    private Read fromObjectCreated(JsonNode detail, String eventId) {
        requireRequestObject(detail);
        return read(detail.path("bucket").path("name").asText(""), detail.path("object").path("key").asText(""),
                detail.path("object").path("version-id").asText(null), eventId);
    }

    /** An object of the config bucket under the request prefix, with a request suffix, not too big. */
    private void requireRequestObject(JsonNode detail) {
        String bucket = detail.path("bucket").path("name").asText("");
        String key = detail.path("object").path("key").asText("");
        long size = detail.path("object").path("size").asLong(-1);
        if (!bucket.equals(configBucket)) {
            throw new NotARequestException("s3://" + bucket + "/" + key + " is not in the config bucket " + configBucket
                    + "; only requests under s3://" + configBucket + "/" + requestPrefix + " are provisioned.");
        }
        requireRequestKey(bucket, key);
        if (size > RequestParser.MAX_BYTES) {
            throw tooBig("s3://" + bucket + "/" + key, size);
        }
    }

    private Read fromProvisionEvent(JsonNode detail, String eventId) {
        JsonNode inline = detail.get("Request");
        JsonNode uri = detail.get("RequestUri");
        JsonNode copy = detail.get(INLINE_COPY);
        String where = "event " + eventId;
        if (copy != null && inline == null && uri == null) {
            return fromInlineCopy(copy, eventId);
        }
        if ((inline == null) == (uri == null) || copy != null) {
            throw new RequestValidationException(where, null, List.of("detail: give either Request (the request "
                    + "itself, as JSON) or RequestUri (s3://" + configBucket + "/" + requestPrefix + "<file>), not "
                    + (inline == null ? "neither" : "both") + "."));
        }
        if (inline != null) {
            byte[] content;
            try {
                content = WorkflowJson.MAPPER.writeValueAsBytes(inline);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            if (inline.has("AirflowConfigurationOptions")) {
                // Already in this execution's input, and so in its history: refused, without a value in the message.
                throw new RequestValidationException(where, null, List.of("detail.Request.AirflowConfigurationOptions: "
                        + "option values must not travel in an execution's input, where its history keeps them; send "
                        + "the event to the event bus (the dispatch function stores the request in the config bucket "
                        + "and starts the workflow with a reference), or put the file under s3://" + configBucket + "/"
                        + requestPrefix + "."));
            }
            return new Read(content, new RequestSource(RequestSource.INLINE_EVENT, null, null, eventId));
        }
        String text = uri.asText("");
        if (!text.startsWith("s3://") || text.indexOf('/', 5) < 0) {
            throw new RequestValidationException(where, null, List.of("detail.RequestUri: '" + text
                    + "' is not an s3://bucket/key URI; give s3://" + configBucket + "/" + requestPrefix + "<file>."));
        }
        String bucket = text.substring(5, text.indexOf('/', 5));
        String key = text.substring(text.indexOf('/', 5) + 1);
        if (!bucket.equals(configBucket) || !key.startsWith(requestPrefix)) {
            throw new RequestValidationException(where, null, List.of("detail.RequestUri: " + text + " is outside "
                    + "s3://" + configBucket + "/" + requestPrefix + ", the only place the provisioner reads requests "
                    + "from; put the file there."));
        }
        requireRequestKey(bucket, key);
        return read(bucket, key, null, eventId);
    }

    /**
     * The copy of an inline request that the dispatch function wrote for this very event: only
     * {@code s3://<config bucket>/}{@link RequestObjects#inlineKey inline-requests/<event id>.json}
     * is read, at the version the dispatch recorded, so an event cannot point at another event's
     * request.
     */
    private Read fromInlineCopy(JsonNode copy, String eventId) {
        String where = "event " + eventId;
        String uri = copy.path("Uri").asText("");
        String versionId = copy.path("VersionId").asText(null);
        String expected = "s3://" + configBucket + "/" + RequestObjects.inlineKey(eventId);
        if (eventId == null || !uri.equals(expected)) {
            throw new RequestValidationException(where, null, List.of("detail." + INLINE_COPY + ".Uri: '" + uri
                    + "' is not this event's stored request " + expected + "; send the request inline in detail.Request "
                    + "to the event bus, or name a request file with detail.RequestUri."));
        }
        Read read = read(configBucket, RequestObjects.inlineKey(eventId), versionId, eventId);
        return new Read(read.content(), new RequestSource(RequestSource.INLINE_EVENT, read.source().uri(),
                read.source().versionId(), eventId));
    }

    private void requireRequestKey(String bucket, String key) {
        if (!key.startsWith(requestPrefix) || SUFFIXES.stream().noneMatch(key::endsWith)) {
            throw new NotARequestException("s3://" + bucket + "/" + key + " is not a request: requests are files under "
                    + requestPrefix + " ending in " + String.join(", ", SUFFIXES) + ".");
        }
    }

    /** The object's bytes at the given version (or the current one), refused if too big or not text. */
    private Read read(String bucket, String key, String versionId, String eventId) {
        String uri = "s3://" + bucket + "/" + key;
        return AwsCalls.call("GetObject " + uri, () -> {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key).versionId(versionId))) {
                byte[] content = in.readNBytes(RequestParser.MAX_BYTES + 1);
                if (content.length > RequestParser.MAX_BYTES) {
                    throw tooBig(uri, in.response().contentLength());
                }
                if (isBinary(content)) {
                    throw new NotARequestException(uri + " is not a request: it is binary, not UTF-8 text.");
                }
                return new Read(content, new RequestSource(RequestSource.S3_OBJECT, uri, in.response().versionId(), eventId));
            } catch (NoSuchKeyException e) {
                throw new NotARequestException(uri + (versionId == null ? "" : " version " + versionId)
                        + " no longer exists; nothing to provision.");
            } catch (S3Exception e) {
                if ("NoSuchVersion".equals(e.awsErrorDetails().errorCode())) {
                    throw new NotARequestException(uri + " version " + versionId + " no longer exists; nothing to provision.");
                }
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException("Reading " + uri + " failed", e);
            }
        });
    }

    private static NotARequestException tooBig(String uri, long size) {
        return new NotARequestException(uri + " is not a request: it has " + size + " bytes, and requests are at most "
                + RequestParser.MAX_BYTES + " bytes.");
    }

    /**
     * Whether the content is binary: it has a NUL byte and is not UTF-8, as images and archives
     * are, and no text file. Text that is damaged (a stray control character) or in another
     * encoding is left to the parser, whose refusal names the character or byte and where it is,
     * so the status file tells the user what to fix.
     */
    static boolean isBinary(byte[] content) {
        boolean nul = false;
        for (byte b : content) {
            if (b == 0) {
                nul = true;
                break;
            }
        }
        if (!nul) {
            return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content));
            return false;
        } catch (CharacterCodingException e) {
            return true;
        }
    }

    private record Read(byte[] content, RequestSource source) {
    }
}
