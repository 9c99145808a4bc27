package dev.mwaaprovisioner.local.cloud.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.protocol.RestXmlProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.Timestamps;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.XmlReader;
import dev.mwaaprovisioner.local.cloud.protocol.XmlWriter;
import dev.mwaaprovisioner.local.cloud.s3.S3Bucket.PublicAccessBlock;
import dev.mwaaprovisioner.local.cloud.s3.S3Store.DeleteResult;
import dev.mwaaprovisioner.local.cloud.s3.S3Store.ListResult;
import dev.mwaaprovisioner.local.cloud.s3.S3Store.VersionListResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.w3c.dom.Element;

/**
 * Amazon S3 (REST-XML) for buckets and objects: path-style addressing ({@code /bucket/key}) and
 * virtual-hosted style on {@code <bucket>.localhost}. State lives in {@link S3Store}.
 */
public final class S3Service implements CloudService {

    public static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";
    /** Resource-fault kind: a bucket name taken by another account, answered with BucketAlreadyExists. */
    public static final String TAKEN_BUCKET_FAULT = "s3:bucket";

    /** Sub-resources that name a bucket operation, with the operation each names per method. */
    private static final Map<String, String> BUCKET_SUBRESOURCES = new LinkedHashMap<>();
    private static final Set<String> STORED_HEADERS = Set.of(
            "Content-Type", "Content-Encoding", "Cache-Control", "Content-Disposition", "Content-Language", "Expires");

    static {
        String[][] names = {
                {"versioning", "BucketVersioning"}, {"publicAccessBlock", "PublicAccessBlock"},
                {"notification", "BucketNotificationConfiguration"}, {"policy", "BucketPolicy"},
                {"encryption", "BucketEncryption"}, {"tagging", "BucketTagging"}, {"lifecycle", "BucketLifecycleConfiguration"},
                {"cors", "BucketCors"}, {"acl", "BucketAcl"}, {"ownershipControls", "BucketOwnershipControls"},
                {"website", "BucketWebsite"}, {"logging", "BucketLogging"}, {"replication", "BucketReplication"},
                {"object-lock", "ObjectLockConfiguration"}, {"accelerate", "BucketAccelerateConfiguration"},
                {"requestPayment", "BucketRequestPayment"}, {"analytics", "BucketAnalyticsConfiguration"},
                {"metrics", "BucketMetricsConfiguration"}, {"inventory", "BucketInventoryConfiguration"},
                {"intelligent-tiering", "BucketIntelligentTieringConfiguration"}, {"policyStatus", "BucketPolicyStatus"},
                {"location", "BucketLocation"}, {"versions", "ObjectVersions"}, {"uploads", "MultipartUploads"},
                {"delete", "Objects"}};
        for (String[] n : names) {
            BUCKET_SUBRESOURCES.put(n[0], n[1]);
        }
    }

    private final ServiceContext context;
    private final S3Store store;
    private final RestXmlProtocol protocol;

    public S3Service(ServiceContext context) {
        this.context = context;
        this.store = new S3Store(context.clock(), context.accountId(), context.eventBus());
        this.protocol = new RestXmlProtocol(NAMESPACE, this::operationOf);
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public String displayName() {
        return "S3";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public Collection<?> components() {
        return List.of(store);
    }

    public S3Store store() {
        return store;
    }

    /** Bucket and key a request addresses: virtual-hosted ({@code <bucket>.localhost}) or path-style. */
    record Address(String bucket, String key) {
        static Address of(CloudRequest request) {
            String host = request.host();
            String raw = request.rawPath();
            String path = raw.startsWith("/") ? raw.substring(1) : raw;
            if (host.endsWith(".localhost") && host.length() > ".localhost".length()) {
                String bucket = host.substring(0, host.length() - ".localhost".length());
                return new Address(bucket, path.isEmpty() ? null : CloudRequest.decodePathSegment(path));
            }
            if (path.isEmpty()) {
                return new Address(null, null);
            }
            int slash = path.indexOf('/');
            if (slash < 0 || slash == path.length() - 1) {
                String bucket = slash < 0 ? path : path.substring(0, slash);
                return new Address(CloudRequest.decodePathSegment(bucket), null);
            }
            return new Address(CloudRequest.decodePathSegment(path.substring(0, slash)),
                    CloudRequest.decodePathSegment(path.substring(slash + 1)));
        }
    }

    private String operationOf(CloudRequest request) {
        Address address = Address.of(request);
        String method = request.method();
        if (address.bucket() == null) {
            return method.equals("GET") ? "ListBuckets" : null;
        }
        if (address.key() == null) {
            String sub = BUCKET_SUBRESOURCES.keySet().stream().filter(request::hasQueryParam).findFirst().orElse(null);
            if (sub == null) {
                return switch (method) {
                    case "PUT" -> "CreateBucket";
                    case "HEAD" -> "HeadBucket";
                    case "DELETE" -> "DeleteBucket";
                    case "GET" -> "2".equals(request.queryParam("list-type")) ? "ListObjectsV2" : "ListObjects";
                    case "POST" -> null;
                    default -> null;
                };
            }
            String noun = BUCKET_SUBRESOURCES.get(sub);
            return switch (method) {
                case "GET" -> sub.equals("versions") || sub.equals("uploads") ? "List" + noun : "Get" + noun;
                case "PUT" -> "Put" + noun;
                case "DELETE" -> "Delete" + noun;
                case "POST" -> sub.equals("delete") ? "DeleteObjects" : null;
                default -> null;
            };
        }
        return switch (method) {
            case "PUT" -> request.header("x-amz-copy-source") != null ? "CopyObject"
                    : request.hasQueryParam("uploadId") ? "UploadPart"
                    : request.hasQueryParam("tagging") ? "PutObjectTagging"
                    : request.hasQueryParam("acl") ? "PutObjectAcl"
                    : request.hasQueryParam("retention") ? "PutObjectRetention"
                    : "PutObject";
            case "GET" -> request.hasQueryParam("tagging") ? "GetObjectTagging"
                    : request.hasQueryParam("acl") ? "GetObjectAcl"
                    : request.hasQueryParam("attributes") ? "GetObjectAttributes"
                    : request.hasQueryParam("uploadId") ? "ListParts"
                    : "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> request.hasQueryParam("uploadId") ? "AbortMultipartUpload"
                    : request.hasQueryParam("tagging") ? "DeleteObjectTagging"
                    : "DeleteObject";
            case "POST" -> request.hasQueryParam("uploads") ? "CreateMultipartUpload"
                    : request.hasQueryParam("uploadId") ? "CompleteMultipartUpload"
                    : request.hasQueryParam("restore") ? "RestoreObject"
                    : null;
            default -> null;
        };
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        Address address = Address.of(request);
        String bucket = address.bucket();
        String key = address.key();
        checkExpectedOwner(request);
        String op = request.operation();
        if (!op.equals("ListBuckets") && !op.equals("CreateBucket")) {
            checkRegion(request, bucket);
        }
        return switch (op) {
            case "ListBuckets" -> listBuckets(request);
            case "CreateBucket" -> createBucket(request, bucket);
            case "HeadBucket" -> {
                S3Bucket b = store.bucket(bucket);
                yield protocol.respondEmpty(request, 200).header("x-amz-bucket-region", b.region());
            }
            case "DeleteBucket" -> {
                store.deleteBucket(bucket);
                yield protocol.respondEmpty(request, 204);
            }
            case "GetBucketLocation" -> {
                S3Bucket b = store.bucket(bucket);
                yield xml(request, "LocationConstraint", x -> {
                    if (!b.region().equals("us-east-1")) {
                        x.text(b.region());
                    }
                });
            }
            case "PutBucketVersioning" -> {
                Element config = parse(request);
                String mfaDelete = XmlReader.childText(config, "MfaDelete");
                if ("Enabled".equals(mfaDelete)) {
                    throw protocol.unsupportedOperation(displayName(), "PutBucketVersioning with MfaDelete Enabled");
                }
                store.setVersioning(bucket, XmlReader.childText(config, "Status"));
                yield protocol.respondEmpty(request, 200);
            }
            case "GetBucketVersioning" -> {
                S3Bucket b = store.bucket(bucket);
                yield xml(request, "VersioningConfiguration", x -> x.element("Status", b.versioning()));
            }
            case "PutPublicAccessBlock" -> {
                Element config = parse(request);
                store.putPublicAccessBlock(bucket, new PublicAccessBlock(flag(config, "BlockPublicAcls"),
                        flag(config, "IgnorePublicAcls"), flag(config, "BlockPublicPolicy"), flag(config, "RestrictPublicBuckets")));
                yield protocol.respondEmpty(request, 200);
            }
            case "GetPublicAccessBlock" -> {
                PublicAccessBlock block = store.bucket(bucket).publicAccessBlock();
                if (block == null) {
                    throw new CloudException("NoSuchPublicAccessBlockConfiguration", 404,
                            "The public access block configuration was not found").with("BucketName", bucket);
                }
                yield xml(request, "PublicAccessBlockConfiguration", x -> x
                        .element("BlockPublicAcls", block.blockPublicAcls())
                        .element("IgnorePublicAcls", block.ignorePublicAcls())
                        .element("BlockPublicPolicy", block.blockPublicPolicy())
                        .element("RestrictPublicBuckets", block.restrictPublicBuckets()));
            }
            case "DeletePublicAccessBlock" -> {
                store.deletePublicAccessBlock(bucket);
                yield protocol.respondEmpty(request, 204);
            }
            case "PutBucketNotificationConfiguration" -> {
                store.setEventBridgeEnabled(bucket, eventBridgeConfigured(parse(request)));
                yield protocol.respondEmpty(request, 200);
            }
            case "GetBucketNotificationConfiguration" -> {
                boolean on = store.bucket(bucket).eventBridgeEnabled();
                yield xml(request, "NotificationConfiguration", x -> {
                    if (on) {
                        x.element("EventBridgeConfiguration", c -> { });
                    }
                });
            }
            case "PutBucketLifecycleConfiguration" -> {
                store.setLifecycle(bucket, LifecycleRule.fromXml(parse(request)));
                yield protocol.respondEmpty(request, 200);
            }
            case "GetBucketLifecycleConfiguration" -> {
                List<LifecycleRule> rules = store.bucket(bucket).lifecycle();
                if (rules.isEmpty()) {
                    throw new CloudException("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist")
                            .with("BucketName", bucket);
                }
                yield xml(request, "LifecycleConfiguration", x -> rules.forEach(rule -> rule.write(x)));
            }
            case "DeleteBucketLifecycleConfiguration" -> {
                store.setLifecycle(bucket, List.of());
                yield protocol.respondEmpty(request, 204);
            }
            case "PutBucketPolicy" -> {
                store.setPolicy(bucket, request.bodyText());
                yield protocol.respondEmpty(request, 204);
            }
            case "GetBucketPolicy" -> {
                String policy = store.bucket(bucket).policy();
                if (policy == null) {
                    throw new CloudException("NoSuchBucketPolicy", 404, "The bucket policy does not exist").with("BucketName", bucket);
                }
                yield RestXmlProtocol.withIds(CloudResponse.of(200, "application/json", policy), request);
            }
            case "DeleteBucketPolicy" -> {
                store.setPolicy(bucket, null);
                yield protocol.respondEmpty(request, 204);
            }
            case "ListObjectsV2" -> listObjectsV2(request, bucket);
            case "ListObjectVersions" -> listObjectVersions(request, bucket);
            case "PutObject" -> putObject(request, bucket, key);
            case "GetObject" -> getObject(request, bucket, key, false);
            case "HeadObject" -> getObject(request, bucket, key, true);
            case "DeleteObject" -> {
                DeleteResult result = store.deleteObject(bucket, key, request.queryParam("versionId"), request.requestId());
                CloudResponse response = protocol.respondEmpty(request, 204);
                if (result.versionId() != null) {
                    response.header("x-amz-version-id", result.versionId());
                }
                if (result.deleteMarker()) {
                    response.header("x-amz-delete-marker", "true");
                }
                yield response;
            }
            case "DeleteObjects" -> deleteObjects(request, bucket);
            default -> throw protocol.unsupportedOperation(displayName(), op);
        };
    }

    private CloudResponse listBuckets(CloudRequest request) {
        List<S3Bucket> buckets = store.listBuckets();
        return xml(request, "ListAllMyBucketsResult", x -> {
            x.element("Owner", o -> o.element("ID", context.accountId()).element("DisplayName", "local"));
            x.element("Buckets", list -> buckets.forEach(b -> list.element("Bucket", e -> e
                    .element("Name", b.name())
                    .element("CreationDate", b.creationDate())
                    .element("BucketRegion", b.region()))));
        });
    }

    private CloudResponse createBucket(CloudRequest request, String bucket) {
        String region = request.region();
        String constraint = null;
        if (request.body().length > 0) {
            constraint = XmlReader.childText(parse(request), "LocationConstraint");
            if (constraint != null && constraint.isEmpty()) {
                constraint = null;
            }
        }
        if (constraint == null && !region.equals("us-east-1")) {
            throw new CloudException("IllegalLocationConstraintException", 400, "The unspecified location constraint is "
                    + "incompatible for the region specific endpoint this request was sent to. Give LocationConstraint " + region
                    + " in CreateBucketConfiguration.");
        }
        if (constraint != null && !constraint.equals(region)) {
            throw new CloudException("IllegalLocationConstraintException", 400, "The " + constraint
                    + " location constraint is incompatible for the region specific endpoint this request was sent to ("
                    + region + ").");
        }
        S3Store.checkBucketName(bucket);
        if (store.findBucket(bucket).isEmpty()) {
            FaultInjector.ResourceFault taken = context.faults().takeResourceFault(TAKEN_BUCKET_FAULT, bucket).orElse(null);
            if (taken != null) {
                throw new CloudException("BucketAlreadyExists", 409, "The requested bucket name is not available. The bucket "
                        + "namespace is shared by all users of the system. Please select a different name and try again.")
                        .with("BucketName", bucket);
            }
        }
        store.createBucket(bucket, region);
        return protocol.respondEmpty(request, 200).header("Location", "/" + bucket);
    }

    private CloudResponse putObject(CloudRequest request, String bucket, String key) {
        byte[] content = request.body();
        String md5 = request.header("Content-MD5");
        if (md5 != null) {
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(md5.trim());
            } catch (IllegalArgumentException e) {
                expected = new byte[0];
            }
            if (expected.length != 16) {
                throw new CloudException("InvalidDigest", 400, "The Content-MD5 you specified was invalid.").with("Content-MD5", md5);
            }
            if (!Arrays.equals(expected, java.util.HexFormat.of().parseHex(S3Store.md5Hex(content)))) {
                throw new CloudException("BadDigest", 400, "The Content-MD5 you specified did not match what we received.");
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : STORED_HEADERS) {
            String value = request.header(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith("x-amz-meta-") && !values.isEmpty()) {
                metadata.put(name.substring("x-amz-meta-".length()).toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        S3Store.WriteCondition condition = writeCondition(request);
        S3Object stored;
        if (condition.isConditional()) {
            // Checked when the request arrives (412), then again at commit: a write that
            // committed in between is S3's 409 ConditionalRequestConflict.
            java.util.Optional<S3Object> seen = store.currentVersion(bucket, key);
            S3Store.checkCondition(key, condition, seen.orElse(null));
            stored = store.putObject(bucket, key, content, headers, metadata, request.requestId(), condition, seen);
        } else {
            stored = store.putObject(bucket, key, content, headers, metadata, request.requestId());
        }
        CloudResponse response = protocol.respondEmpty(request, 200).header("ETag", stored.quotedEtag());
        if (store.bucket(bucket).versioning() != null) {
            response.header("x-amz-version-id", stored.versionId());
        }
        return response;
    }

    /** PutObject's conditional-write headers; If-None-Match takes only {@code *}, as in S3. */
    private static S3Store.WriteCondition writeCondition(CloudRequest request) {
        String ifNoneMatch = request.header("If-None-Match");
        String ifMatch = request.header("If-Match");
        if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
            throw new CloudException("NotImplemented", 501,
                    "A header you provided implies functionality that is not implemented").with("Header", "If-None-Match");
        }
        String etag = ifMatch == null ? null : ifMatch.trim().replace("\"", "");
        return new S3Store.WriteCondition(ifNoneMatch != null, etag);
    }

    private CloudResponse getObject(CloudRequest request, String bucket, String key, boolean head) {
        S3Object object = store.getObject(bucket, key, request.queryParam("versionId"));
        byte[] content = object.content();
        int status = 200;
        String contentRange = null;
        String range = request.header("Range");
        if (range != null && !head) {
            long[] span = parseRange(range, content.length);
            if (span != null) {
                content = Arrays.copyOfRange(content, (int) span[0], (int) span[1] + 1);
                status = 206;
                contentRange = "bytes " + span[0] + "-" + span[1] + "/" + object.size();
            }
        }
        CloudResponse response = RestXmlProtocol.withIds(
                head ? CloudResponse.empty(200) : CloudResponse.of(status, null, content), request);
        object.headers().forEach(response::header);
        response.header("Content-Type", object.contentType());
        response.header("ETag", object.quotedEtag());
        response.header("Last-Modified", Timestamps.http(object.lastModified()));
        response.header("Accept-Ranges", "bytes");
        if (head) {
            response.header("Content-Length", Long.toString(object.size()));
        }
        if (contentRange != null) {
            response.header("Content-Range", contentRange);
        }
        if (store.bucket(bucket).versioning() != null) {
            response.header("x-amz-version-id", object.versionId());
        }
        object.userMetadata().forEach((name, value) -> response.header("x-amz-meta-" + name, value));
        return response;
    }

    /** A single {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} range; null when the header is not one. */
    private static long[] parseRange(String header, long size) {
        String h = header.trim();
        if (!h.startsWith("bytes=") || h.contains(",")) {
            return null;
        }
        String spec = h.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            long start;
            long end;
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(spec.substring(0, dash));
                end = dash == spec.length() - 1 ? size - 1 : Math.min(size - 1, Long.parseLong(spec.substring(dash + 1)));
            }
            if (start >= size || start > end) {
                throw new CloudException("InvalidRange", 416, "The requested range is not satisfiable")
                        .with("RangeRequested", header).with("ActualObjectSize", Long.toString(size));
            }
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private CloudResponse listObjectsV2(CloudRequest request, String bucket) {
        String prefix = request.queryParam("prefix");
        String delimiter = request.queryParam("delimiter");
        String startAfter = request.queryParam("start-after");
        String token = request.queryParam("continuation-token");
        int maxKeys = maxKeys(request);
        boolean url = encodingType(request);
        ListResult result = store.listObjects(bucket, prefix, delimiter, maxKeys, startAfter, token);
        Function<String, String> enc = url ? S3Service::urlEncode : Function.identity();
        return xml(request, "ListBucketResult", x -> {
            x.element("Name", bucket);
            x.element("Prefix", prefix == null ? "" : enc.apply(prefix));
            if (delimiter != null) {
                x.element("Delimiter", enc.apply(delimiter));
            }
            x.element("MaxKeys", maxKeys);
            x.element("KeyCount", result.keyCount());
            x.element("IsTruncated", result.truncated());
            if (url) {
                x.element("EncodingType", "url");
            }
            x.element("ContinuationToken", token);
            x.element("NextContinuationToken", result.nextContinuationToken());
            if (startAfter != null) {
                x.element("StartAfter", enc.apply(startAfter));
            }
            for (S3Object o : result.contents()) {
                x.element("Contents", c -> c
                        .element("Key", enc.apply(o.key()))
                        .element("LastModified", o.lastModified())
                        .element("ETag", o.quotedEtag())
                        .element("Size", o.size())
                        .element("StorageClass", "STANDARD"));
            }
            for (String p : result.commonPrefixes()) {
                x.element("CommonPrefixes", c -> c.element("Prefix", enc.apply(p)));
            }
        });
    }

    private CloudResponse listObjectVersions(CloudRequest request, String bucket) {
        String prefix = request.queryParam("prefix");
        if (request.queryParam("delimiter") != null) {
            throw protocol.unsupportedOperation(displayName(), "ListObjectVersions with a delimiter");
        }
        int maxKeys = maxKeys(request);
        boolean url = encodingType(request);
        Function<String, String> enc = url ? S3Service::urlEncode : Function.identity();
        String keyMarker = request.queryParam("key-marker");
        String versionIdMarker = request.queryParam("version-id-marker");
        VersionListResult result = store.listVersions(bucket, prefix, maxKeys, keyMarker, versionIdMarker);
        return xml(request, "ListVersionsResult", x -> {
            x.element("Name", bucket);
            x.element("Prefix", prefix == null ? "" : enc.apply(prefix));
            x.element("KeyMarker", keyMarker == null ? "" : enc.apply(keyMarker));
            x.element("VersionIdMarker", versionIdMarker == null ? "" : versionIdMarker);
            x.element("MaxKeys", maxKeys);
            if (url) {
                x.element("EncodingType", "url");
            }
            x.element("IsTruncated", result.truncated());
            if (result.truncated()) {
                x.element("NextKeyMarker", enc.apply(result.nextKeyMarker()));
                x.element("NextVersionIdMarker", result.nextVersionIdMarker());
            }
            for (int i = 0; i < result.versions().size(); i++) {
                S3Object v = result.versions().get(i);
                boolean latest = result.latest().get(i);
                if (v.deleteMarker()) {
                    x.element("DeleteMarker", m -> m
                            .element("Key", enc.apply(v.key()))
                            .element("VersionId", v.versionId())
                            .element("IsLatest", latest)
                            .element("LastModified", v.lastModified())
                            .element("Owner", o -> o.element("ID", context.accountId())));
                } else {
                    x.element("Version", m -> m
                            .element("Key", enc.apply(v.key()))
                            .element("VersionId", v.versionId())
                            .element("IsLatest", latest)
                            .element("LastModified", v.lastModified())
                            .element("ETag", v.quotedEtag())
                            .element("Size", v.size())
                            .element("StorageClass", "STANDARD")
                            .element("Owner", o -> o.element("ID", context.accountId())));
                }
            }
        });
    }

    private CloudResponse deleteObjects(CloudRequest request, String bucket) {
        Element delete = parse(request);
        boolean quiet = "true".equals(XmlReader.childText(delete, "Quiet"));
        List<Element> objects = XmlReader.children(delete, "Object");
        if (objects.size() > 1000) {
            throw new CloudException("MalformedXML", 400, "DeleteObjects takes at most 1000 keys, not " + objects.size());
        }
        store.bucket(bucket);
        return xml(request, "DeleteResult", x -> {
            for (Element o : objects) {
                String key = XmlReader.childText(o, "Key");
                String versionId = XmlReader.childText(o, "VersionId");
                try {
                    DeleteResult r = store.deleteObject(bucket, key, versionId, request.requestId());
                    if (!quiet) {
                        x.element("Deleted", d -> {
                            d.element("Key", key);
                            d.element("VersionId", versionId);
                            if (r.deleteMarker()) {
                                d.element("DeleteMarker", true);
                                d.element("DeleteMarkerVersionId", r.versionId());
                            }
                        });
                    }
                } catch (CloudException e) {
                    x.element("Error", d -> d.element("Key", key).element("VersionId", versionId)
                            .element("Code", e.code()).element("Message", e.getMessage()));
                }
            }
        });
    }

    private static boolean eventBridgeConfigured(Element config) {
        boolean eventBridge = false;
        for (Element child : XmlReader.children(config, null)) {
            String name = XmlReader.name(child);
            if (name.equals("EventBridgeConfiguration")) {
                eventBridge = true;
            } else {
                throw new CloudException("NotImplemented", 501, "S3 notification " + name + " is not supported by the local "
                        + "cloud: only EventBridgeConfiguration is (topics, queues and Lambda functions are not emulated).");
            }
        }
        return eventBridge;
    }

    private void checkRegion(CloudRequest request, String bucket) {
        if (request.signingName() == null || bucket == null) {
            return;
        }
        store.findBucket(bucket).ifPresent(b -> {
            if (!b.region().equals(request.region())) {
                throw new CloudException("AuthorizationHeaderMalformed", 400, "The authorization header is malformed; the region '"
                        + request.region() + "' is wrong; expecting '" + b.region() + "'")
                        .with("Region", b.region())
                        .withHeader("x-amz-bucket-region", b.region());
            }
        });
    }

    private void checkExpectedOwner(CloudRequest request) {
        String expected = request.header("x-amz-expected-bucket-owner");
        if (expected != null && !expected.equals(context.accountId())) {
            throw new CloudException("AccessDenied", 403, "Access Denied: the bucket owner is " + context.accountId()
                    + ", not the expected " + expected);
        }
    }

    private static int maxKeys(CloudRequest request) {
        String value = request.queryParam("max-keys");
        if (value == null) {
            return 1000;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.min(n, 1000);
        } catch (NumberFormatException e) {
            throw new CloudException("InvalidArgument", 400, "Provided max-keys not an integer or within integer range")
                    .with("ArgumentName", "max-keys").with("ArgumentValue", value);
        }
    }

    private static boolean encodingType(CloudRequest request) {
        String type = request.queryParam("encoding-type");
        if (type == null) {
            return false;
        }
        if (!type.equals("url")) {
            throw new CloudException("InvalidArgument", 400, "Invalid Encoding Method specified in Request")
                    .with("ArgumentName", "encoding-type").with("ArgumentValue", type);
        }
        return true;
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static boolean flag(Element config, String name) {
        return "true".equalsIgnoreCase(XmlReader.childText(config, name));
    }

    private static Element parse(CloudRequest request) {
        try {
            return XmlReader.parse(request.body());
        } catch (IllegalArgumentException e) {
            throw new CloudException("MalformedXML", 400, "The XML you provided was not well-formed or did not validate "
                    + "against our published schema: " + e.getMessage());
        }
    }

    private CloudResponse xml(CloudRequest request, String root, java.util.function.Consumer<XmlWriter> body) {
        return protocol.respond(request, root, body);
    }

    @Override
    public JsonNode inventory() {
        ArrayNode buckets = Json.MAPPER.createArrayNode();
        for (S3Bucket b : store.listBuckets()) {
            ObjectNode node = buckets.addObject();
            node.put("Name", b.name());
            node.put("Region", b.region());
            node.put("Versioning", b.versioning());
            node.put("EventBridge", b.eventBridgeEnabled());
            ArrayNode keys = node.putArray("Keys");
            store.listObjects(b.name(), null, null, 1000, null, null).contents().forEach(o -> keys.add(o.key()));
        }
        return Json.object().set("Buckets", buckets);
    }
}
