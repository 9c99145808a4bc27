package dev.mwaaprovisioner.functions.validate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.KmsKeyArn;
import dev.mwaaprovisioner.common.documents.Partition;
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
    /** How many earlier versions of a request file are read to find the Name it had. */
    static final int PREVIOUS_VERSIONS = 5;

    /**
     * Roles the deployed functions may pass to MWAA (template.yaml, PassExecutionRolesToMwaa): the
     * ones the workflow creates, and those under this path for requests that bring their own.
     */
    public static final String PROVIDED_ROLE_PATH = "/mwaa-provisioner/";

    /** The state document after this step. */
    public record Output(@JsonProperty("Request") ProvisioningRequest request,
                         @JsonProperty("Source") RequestSource source,
                         @JsonProperty("Account") String account,
                         @JsonProperty("Region") String region,
                         @JsonProperty("Partition") String partition,
                         @JsonProperty("Plan") Plan plan,
                         @JsonProperty("ExecutionRole") ExecutionRoleState executionRole) {
    }

    private final S3Client s3;
    private final StsClient sts;
    private final String region;
    private final String configBucket;
    private final String requestPrefix;
    private final RequestParser parser = RequestParser.standard();
    private final ClaimStore claims;

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
                clients.variable(REQUEST_PREFIX) == null ? DEFAULT_REQUEST_PREFIX : clients.variable(REQUEST_PREFIX));
    }

    public ValidateRequestHandler(S3Client s3, StsClient sts, String region, String configBucket, String requestPrefix) {
        super(FUNCTION, JsonNode.class);
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
            event = WorkflowJson.MAPPER.writeValueAsBytes(sample);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return prime(event, List.of(
                SnapStartPriming.answer(200, "priming/request.yaml", "Content-Type", "application/x-yaml",
                        "ETag", "\"b1946ac92492d2347c6235b4d2611184\"", "x-amz-version-id", "Z1zD3Lm0bPGbMNA2TQNtrbT7kN.wmJNz"),
                SnapStartPriming.answer(200, "priming/get-caller-identity.xml", "Content-Type", "text/xml"),
                SnapStartPriming.answer(200, "priming/list-request-versions.xml", "Content-Type", "application/xml"),
                SnapStartPriming.answer(200, "priming/previous-request.yaml", "Content-Type", "application/x-yaml",
                        "x-amz-version-id", "Lv4FMPdH3yq1tC7oAYwvqgkXpYdQ5tYF"),
                SnapStartPriming.answer(200, null, "ETag", "\"9a0364b9e99bb480dd25e1f0284c8555\"")));
    }

    @Override
    public Output handle(JsonNode event) {
        String source = event.path("source").asText("");
        String detailType = event.path("detail-type").asText("");
        String eventId = event.path("id").asText(null);
        Read read;
        if ("aws.s3".equals(source) && "Object Created".equals(detailType)) {
            read = fromObjectCreated(event.path("detail"), eventId);
        } else if ("mwaa-provisioner".equals(source) && "Provision Environment".equals(detailType)) {
            read = fromProvisionEvent(event.path("detail"), eventId);
        } else {
            throw new NotARequestException("The workflow starts from an S3 \"Object Created\" event of the config "
                    + "bucket or a \"Provision Environment\" event of source mwaa-provisioner, not from "
                    + (source.isEmpty() ? "an input without source" : "source " + source + ", detail-type " + detailType) + ".");
        }
        Output output = check(read.content(), read.source());
        claims.claim(output.request().name(), output.source(), eventId);
        return output;
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
        List<String> problems = deploymentProblems(request, partition);
        if (!problems.isEmpty()) {
            throw new RequestValidationException(read.source().describe(), request.name(), problems);
        }
        RequestSource requestSource = withPreviousName(read.source());
        refuseRename(request, requestSource);
        Plan plan = new Plan(request.createsNetwork(), request.createsExecutionRole(), request.usesCustomerManagedKey());
        ExecutionRoleState role = request.createsExecutionRole() ? null
                : ExecutionRoleState.provided(request.executionRoleArn());
        // The state document carries option digests only; the values stay in the request object.
        return new Output(request.withOptionDigests(), requestSource, account, region, partition.id(), plan, role);
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

    /**
     * The source with the Name the request file's previous version asked for: the newest earlier
     * version that parses (one that does not, or is too big, is skipped; at most
     * {@value #PREVIOUS_VERSIONS} are read). Only earlier versions count, never a later upload.
     */
    private RequestSource withPreviousName(RequestSource source) {
        if (!RequestSource.S3_OBJECT.equals(source.type()) || source.uri() == null || source.versionId() == null) {
            return source;
        }
        String path = source.uri().substring("s3://".length());
        String bucket = path.substring(0, path.indexOf('/'));
        String key = path.substring(path.indexOf('/') + 1);
        // Every page, until the event's version and the few before it are in: a file with more
        // versions than a page holds (1,000) has its earlier versions on the next pages. Keys that
        // merely start with this one sort after it, so the listing stops at the first of them.
        List<ObjectVersion> versions = AwsCalls.call("ListObjectVersions " + source.uri(), () -> {
            List<ObjectVersion> found = new ArrayList<>();
            int afterCurrent = -1;
            for (ObjectVersion v : s3.listObjectVersionsPaginator(r -> r.bucket(bucket).prefix(key)).versions()) {
                if (!v.key().equals(key) || afterCurrent > PREVIOUS_VERSIONS) {
                    break;
                }
                found.add(v);
                if (afterCurrent >= 0 || source.versionId().equals(v.versionId())) {
                    afterCurrent++;
                }
            }
            return found;
        });
        int current = -1;
        for (int i = 0; i < versions.size(); i++) {
            if (source.versionId().equals(versions.get(i).versionId())) {
                current = i;
                break;
            }
        }
        if (current < 0) {
            return source;
        }
        int read = 0;
        for (ObjectVersion older : versions.subList(current + 1, versions.size())) {
            if (read++ == PREVIOUS_VERSIONS) {
                break;
            }
            if (older.size() == null || older.size() > RequestParser.MAX_BYTES) {
                continue;
            }
            byte[] content = AwsCalls.call("GetObject " + source.uri() + " version " + older.versionId(),
                    () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key).versionId(older.versionId())).asByteArray());
            try {
                String name = parser.parse(content, source.uri() + " (version " + older.versionId() + ")").name();
                return new RequestSource(source.type(), source.uri(), source.versionId(), source.eventId(), name);
            } catch (InvalidRequestException notARequest) {
                // An earlier version that was refused named no environment; look further back.
            }
        }
        return source;
    }

    /** What the request file cannot know but this deployment decides: Region and passable roles. */
    private List<String> deploymentProblems(ProvisioningRequest request, Partition partition) {
        List<String> problems = new ArrayList<>();
        if (request.kmsKey() != null && request.kmsKey().startsWith("arn:")) {
            KmsKeyArn key = KmsKeyArn.parse(request.kmsKey());
            if (!key.region().equals(region)) {
                problems.add("KmsKey: the key is in " + key.region() + ", but the environment is created in " + region
                        + "; MWAA needs a key of its own Region.");
            }
        }
        String role = request.executionRoleArn();
        if (role != null) {
            String resource = role.substring(role.indexOf(":role/") + ":role".length());
            if (!resource.startsWith(PROVIDED_ROLE_PATH) && !resource.matches("/mwaa-[^/]+-execution")) {
                problems.add("ExecutionRoleArn: the provisioner may pass to MWAA only roles under the path "
                        + PROVIDED_ROLE_PATH + " (or the mwaa-<name>-execution roles it creates); create the role with "
                        + "--path " + PROVIDED_ROLE_PATH + ", or leave ExecutionRoleArn out to have one created.");
            }
        }
        if (!request.sourceBucketArn().startsWith("arn:" + partition.id() + ":")) {
            problems.add("SourceBucketArn: the bucket ARN is not in this account's partition " + partition.id() + ".");
        }
        return problems;
    }

    private Read fromObjectCreated(JsonNode detail, String eventId) {
        String bucket = detail.path("bucket").path("name").asText("");
        String key = detail.path("object").path("key").asText("");
        String versionId = detail.path("object").path("version-id").asText(null);
        long size = detail.path("object").path("size").asLong(-1);
        if (!bucket.equals(configBucket)) {
            throw new NotARequestException("s3://" + bucket + "/" + key + " is not in the config bucket " + configBucket
                    + "; only requests under s3://" + configBucket + "/" + requestPrefix + " are provisioned.");
        }
        requireRequestKey(bucket, key);
        if (size > RequestParser.MAX_BYTES) {
            throw tooBig("s3://" + bucket + "/" + key, size);
        }
        return read(bucket, key, versionId, eventId);
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
