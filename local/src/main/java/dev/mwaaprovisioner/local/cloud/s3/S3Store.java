package dev.mwaaprovisioner.local.cloud.s3;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.Arns;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.EventBus;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.s3.S3Bucket.PublicAccessBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ThreadLocalRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The buckets and objects of the local account. Bucket names are global, as in S3. Writes and
 * deletes in a bucket with EventBridge notifications on put {@code Object Created} /
 * {@code Object Deleted} events, in S3's shape, on the event bus — whether they came over HTTP or
 * in-process. Thread-safe; every method either completes or throws the {@link CloudException} S3
 * answers with.
 */
public final class S3Store {

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final char[] VERSION_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._".toCharArray();
    private static final String NULL_VERSION = "null";

    private final CloudClock clock;
    private final String accountId;
    private final EventBus eventBus;
    private final AtomicLong sequencer = new AtomicLong();
    private final TreeMap<String, Bucket> buckets = new TreeMap<>();

    private static final class Bucket {
        String name;
        String region;
        Instant creationDate;
        String versioning;
        PublicAccessBlock publicAccessBlock;
        boolean eventBridge;
        String policy;
        List<LifecycleRule> lifecycle = List.of();
        /** key → versions, newest first */
        final TreeMap<String, List<S3Object>> objects = new TreeMap<>();

        S3Bucket snapshot() {
            return new S3Bucket(name, region, creationDate, versioning, publicAccessBlock, eventBridge, policy, lifecycle);
        }

        boolean isEmpty() {
            return objects.isEmpty();
        }

        boolean versioningEnabled() {
            return "Enabled".equals(versioning);
        }
    }

    /** What a delete did: the version it removed or the delete marker it created. */
    public record DeleteResult(String versionId, boolean deleteMarker) {}

    /** One page of ListObjectsV2. */
    public record ListResult(List<S3Object> contents, List<String> commonPrefixes, boolean truncated, String nextContinuationToken) {
        public int keyCount() {
            return contents.size() + commonPrefixes.size();
        }
    }

    /** One page of ListObjectVersions: versions and delete markers, by key, newest first. */
    public record VersionListResult(List<S3Object> versions, List<Boolean> latest, boolean truncated,
                                    String nextKeyMarker, String nextVersionIdMarker) {}

    public S3Store(CloudClock clock, String accountId, EventBus eventBus) {
        this.clock = clock;
        this.accountId = accountId;
        this.eventBus = eventBus;
        // Sequencers increase over time, as S3's do for a key.
        this.sequencer.set(clock.now().toEpochMilli() * 1000);
    }

    /**
     * Creates a bucket in a region. As in S3, creating a bucket you already own answers
     * BucketAlreadyOwnedByYou — except in us-east-1, where S3 answers 200 and changes nothing.
     */
    public synchronized S3Bucket createBucket(String name, String region) {
        checkBucketName(name);
        Bucket existing = buckets.get(name);
        if (existing != null) {
            if (region.equals("us-east-1") && existing.region.equals("us-east-1")) {
                return existing.snapshot();
            }
            throw new CloudException("BucketAlreadyOwnedByYou", 409,
                    "Your previous request to create the named bucket succeeded and you already own it.").with("BucketName", name);
        }
        Bucket bucket = new Bucket();
        bucket.name = name;
        bucket.region = region;
        bucket.creationDate = clock.now();
        // Since April 2023 every new bucket starts with all four Block Public Access settings on.
        bucket.publicAccessBlock = new PublicAccessBlock(true, true, true, true);
        buckets.put(name, bucket);
        return bucket.snapshot();
    }

    public synchronized Optional<S3Bucket> findBucket(String name) {
        Bucket bucket = name == null ? null : buckets.get(name);
        return Optional.ofNullable(bucket).map(Bucket::snapshot);
    }

    public synchronized S3Bucket bucket(String name) {
        return require(name).snapshot();
    }

    public synchronized List<S3Bucket> listBuckets() {
        return buckets.values().stream().map(Bucket::snapshot).toList();
    }

    public synchronized void deleteBucket(String name) {
        Bucket bucket = require(name);
        if (!bucket.isEmpty()) {
            throw new CloudException("BucketNotEmpty", 409, bucket.versioning == null
                    ? "The bucket you tried to delete is not empty"
                    : "The bucket you tried to delete is not empty. You must delete all versions in the bucket.")
                    .with("BucketName", name);
        }
        buckets.remove(name);
    }

    /** Sets versioning to {@code Enabled} or {@code Suspended}; a bucket can never go back to unversioned. */
    public synchronized void setVersioning(String name, String status) {
        if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
            throw new CloudException("MalformedXML", 400, "Versioning Status must be Enabled or Suspended, not " + status);
        }
        require(name).versioning = status;
    }

    public synchronized void putPublicAccessBlock(String name, PublicAccessBlock block) {
        require(name).publicAccessBlock = block;
    }

    public synchronized void deletePublicAccessBlock(String name) {
        require(name).publicAccessBlock = null;
    }

    /** Turns EventBridge notifications of the bucket on or off. */
    public synchronized void setEventBridgeEnabled(String name, boolean enabled) {
        require(name).eventBridge = enabled;
    }

    /** Sets the lifecycle configuration's rules; an empty list deletes it. */
    public synchronized void setLifecycle(String name, List<LifecycleRule> rules) {
        require(name).lifecycle = rules.isEmpty() ? List.of() : LifecycleRule.checked(rules);
    }

    /** Sets the bucket policy (JSON); null deletes it. */
    public synchronized void setPolicy(String name, String policy) {
        Bucket bucket = require(name);
        if (policy != null) {
            try {
                if (!Json.parse(policy).isObject()) {
                    throw new IOException("not a JSON object");
                }
            } catch (IOException e) {
                throw new CloudException("MalformedPolicy", 400, "Policies must be valid JSON and the first byte must be '{'");
            }
        }
        bucket.policy = policy;
    }

    /** Stores an object; in a versioned bucket as a new version. */
    public S3Object putObject(String bucketName, String key, byte[] content, Map<String, String> headers,
                              Map<String, String> userMetadata, String requestId) {
        return putObjectChecked(bucketName, key, content, headers, userMetadata, requestId, WriteCondition.NONE, null);
    }

    /**
     * A conditional write's headers, checked as S3 does: {@code If-None-Match: *} writes only when
     * the key has no current object, {@code If-Match: <etag>} only when the current object has
     * that ETag. A failed condition answers 412 PreconditionFailed (404 NoSuchKey for If-Match on
     * a missing key); a write that commits between the check and this write's commit makes it
     * answer 409 ConditionalRequestConflict, so the caller reads again and retries.
     */
    public record WriteCondition(boolean ifNoneMatchAny, String ifMatchEtag) {
        public static final WriteCondition NONE = new WriteCondition(false, null);

        public boolean isConditional() {
            return ifNoneMatchAny || ifMatchEtag != null;
        }
    }

    /**
     * The current (not deleted) version of a key, or empty; what a conditional write compares
     * with before it reads the body.
     */
    public synchronized Optional<S3Object> currentVersion(String bucketName, String key) {
        List<S3Object> versions = require(bucketName).objects.get(key);
        if (versions == null || versions.isEmpty() || versions.get(0).deleteMarker()) {
            return Optional.empty();
        }
        return Optional.of(versions.get(0));
    }

    /** Checks a write condition against the current version; throws S3's answer when it fails. */
    public static void checkCondition(String key, WriteCondition condition, S3Object current) {
        if (condition.ifNoneMatchAny() && current != null) {
            throw preconditionFailed(current.etag());
        }
        if (condition.ifMatchEtag() != null) {
            if (current == null) {
                throw noSuchKey(key);
            }
            String wanted = condition.ifMatchEtag();
            if (!wanted.equals("*") && !wanted.equals(current.etag())) {
                throw preconditionFailed(wanted);
            }
        }
    }

    private static CloudException preconditionFailed(String condition) {
        return new CloudException("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold")
                .with("Condition", condition.equals("*") ? "If-None-Match" : "If-Match");
    }

    /**
     * Stores an object if the condition holds; {@code seen} is the current version the caller
     * checked the condition against when the request arrived (null: none). Another write that
     * committed since answers 409 ConditionalRequestConflict, as S3 does for concurrent
     * conditional writes.
     */
    public S3Object putObject(String bucketName, String key, byte[] content, Map<String, String> headers,
                              Map<String, String> userMetadata, String requestId, WriteCondition condition,
                              Optional<S3Object> seen) {
        return putObjectChecked(bucketName, key, content, headers, userMetadata, requestId, condition, seen);
    }

    private S3Object putObjectChecked(String bucketName, String key, byte[] content, Map<String, String> headers,
                                      Map<String, String> userMetadata, String requestId, WriteCondition condition,
                                      Optional<S3Object> seen) {
        checkKey(key);
        S3Object stored;
        S3Bucket snapshot;
        long seq;
        synchronized (this) {
            Bucket bucket = require(bucketName);
            if (condition.isConditional()) {
                List<S3Object> existing = bucket.objects.get(key);
                S3Object current = existing == null || existing.isEmpty() || existing.get(0).deleteMarker()
                        ? null : existing.get(0);
                if (seen != null && current != seen.orElse(null)) {
                    throw new CloudException("ConditionalRequestConflict", 409,
                            "A conflicting conditional operation is currently in progress against this resource. Try again.")
                            .with("Key", key);
                }
                checkCondition(key, condition, current);
            }
            String versionId = bucket.versioningEnabled() ? newVersionId() : NULL_VERSION;
            stored = new S3Object(bucketName, key, versionId, false, content.clone(), md5Hex(content), clock.now(),
                    headers, userMetadata);
            List<S3Object> versions = bucket.objects.computeIfAbsent(key, k -> new ArrayList<>());
            if (!bucket.versioningEnabled()) {
                versions.removeIf(v -> v.versionId().equals(NULL_VERSION));
            }
            versions.add(0, stored);
            snapshot = bucket.snapshot();
            seq = sequencer.incrementAndGet();
        }
        if (snapshot.eventBridgeEnabled()) {
            ObjectNode object = Json.object();
            object.put("key", key);
            object.put("size", stored.size());
            object.put("etag", stored.etag());
            if (snapshot.versioning() != null) {
                object.put("version-id", stored.versionId());
            }
            object.put("sequencer", sequencerText(seq));
            putEvent(snapshot, "Object Created", object, requestId, "PutObject", null);
        }
        return stored;
    }

    /**
     * The object's current version, or the given version.
     *
     * @throws CloudException NoSuchKey (also when the current version is a delete marker),
     *                        NoSuchVersion, or MethodNotAllowed for a delete marker's version id
     */
    public synchronized S3Object getObject(String bucketName, String key, String versionId) {
        Bucket bucket = require(bucketName);
        List<S3Object> versions = bucket.objects.get(key);
        if (versionId == null) {
            if (versions == null || versions.isEmpty() || versions.get(0).deleteMarker()) {
                CloudException e = noSuchKey(key);
                if (versions != null && !versions.isEmpty()) {
                    e.withHeader("x-amz-delete-marker", "true");
                }
                throw e;
            }
            return versions.get(0);
        }
        if (versions != null) {
            for (S3Object v : versions) {
                if (v.versionId().equals(versionId)) {
                    if (v.deleteMarker()) {
                        throw new CloudException("MethodNotAllowed", 405, "The specified method is not allowed against this resource.")
                                .with("Method", "GET").with("ResourceType", "DeleteMarker");
                    }
                    return v;
                }
            }
        }
        throw new CloudException("NoSuchVersion", 404, "The specified version does not exist.")
                .with("Key", key).with("VersionId", versionId);
    }

    /**
     * Deletes an object: in a versioned bucket without a version id by adding a delete marker;
     * with a version id by removing that version for good.
     */
    public DeleteResult deleteObject(String bucketName, String key, String versionId, String requestId) {
        DeleteResult result;
        S3Bucket snapshot;
        long seq;
        synchronized (this) {
            Bucket bucket = require(bucketName);
            List<S3Object> versions = bucket.objects.get(key);
            if (versionId != null) {
                S3Object removed = null;
                if (versions != null) {
                    for (Iterator<S3Object> it = versions.iterator(); it.hasNext(); ) {
                        S3Object v = it.next();
                        if (v.versionId().equals(versionId)) {
                            it.remove();
                            removed = v;
                            break;
                        }
                    }
                    if (versions.isEmpty()) {
                        bucket.objects.remove(key);
                    }
                }
                if (removed == null) {
                    // S3 answers 204 for a version that is not there; nothing happened, so no event.
                    return new DeleteResult(versionId, false);
                }
                result = new DeleteResult(versionId, removed.deleteMarker());
            } else if (bucket.versioning == null) {
                if (versions == null) {
                    return new DeleteResult(null, false);
                }
                bucket.objects.remove(key);
                result = new DeleteResult(null, false);
            } else {
                String markerId = bucket.versioningEnabled() ? newVersionId() : NULL_VERSION;
                S3Object marker = new S3Object(bucketName, key, markerId, true, null, "", clock.now(), Map.of(), Map.of());
                List<S3Object> list = bucket.objects.computeIfAbsent(key, k -> new ArrayList<>());
                if (!bucket.versioningEnabled()) {
                    list.removeIf(v -> v.versionId().equals(NULL_VERSION));
                }
                list.add(0, marker);
                result = new DeleteResult(markerId, true);
            }
            snapshot = bucket.snapshot();
            seq = sequencer.incrementAndGet();
        }
        if (snapshot.eventBridgeEnabled()) {
            ObjectNode object = Json.object();
            object.put("key", key);
            if (result.versionId() != null) {
                object.put("version-id", result.versionId());
            }
            object.put("sequencer", sequencerText(seq));
            boolean markerCreated = versionId == null && result.deleteMarker();
            putEvent(snapshot, "Object Deleted", object, requestId, "DeleteObject",
                    markerCreated ? "Delete Marker Created" : "Permanently Deleted");
        }
        return result;
    }

    /**
     * One page of the current objects under a prefix, keys and common prefixes in UTF-8 binary
     * order, as ListObjectsV2 returns them.
     *
     * @param continuationToken a token a previous page returned, or null
     * @param startAfter        list keys after this one, or null
     */
    public synchronized ListResult listObjects(String bucketName, String prefix, String delimiter, int maxKeys,
                                               String startAfter, String continuationToken) {
        Bucket bucket = require(bucketName);
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        String after = startAfter;
        String skipPrefix = null;
        if (continuationToken != null) {
            String token = decodeToken(continuationToken);
            if (token.startsWith("P:")) {
                skipPrefix = token.substring(2);
                after = skipPrefix;
            } else {
                after = token.substring(2);
            }
        }
        List<S3Object> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String lastToken = null;
        boolean truncated = false;
        for (Map.Entry<String, List<S3Object>> e : bucket.objects.tailMap(p, true).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(p)) {
                break;
            }
            if (after != null && key.compareTo(after) <= 0) {
                continue;
            }
            if (skipPrefix != null && key.startsWith(skipPrefix)) {
                continue;
            }
            S3Object latest = e.getValue().get(0);
            if (latest.deleteMarker()) {
                continue;
            }
            String commonPrefix = null;
            if (d != null) {
                int at = key.indexOf(d, p.length());
                if (at >= 0) {
                    commonPrefix = key.substring(0, at + d.length());
                }
            }
            if (commonPrefix != null && !prefixes.isEmpty() && prefixes.get(prefixes.size() - 1).equals(commonPrefix)) {
                continue;
            }
            if (contents.size() + prefixes.size() >= maxKeys) {
                truncated = true;
                break;
            }
            if (commonPrefix != null) {
                prefixes.add(commonPrefix);
                skipPrefix = commonPrefix;
                lastToken = "P:" + commonPrefix;
            } else {
                contents.add(latest);
                lastToken = "K:" + key;
            }
        }
        String next = truncated && lastToken != null
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(lastToken.getBytes(StandardCharsets.UTF_8)) : null;
        return new ListResult(contents, prefixes, truncated, next);
    }

    /** Every version and delete marker under a prefix, by key then newest first, paged by max-keys. */
    public synchronized VersionListResult listVersions(String bucketName, String prefix, int maxKeys, String keyMarker,
                                                       String versionIdMarker) {
        Bucket bucket = require(bucketName);
        String p = prefix == null ? "" : prefix;
        List<S3Object> versions = new ArrayList<>();
        List<Boolean> latest = new ArrayList<>();
        boolean skipping = keyMarker != null;
        for (Map.Entry<String, List<S3Object>> e : bucket.objects.tailMap(p, true).entrySet()) {
            if (!e.getKey().startsWith(p)) {
                break;
            }
            List<S3Object> list = e.getValue();
            for (int i = 0; i < list.size(); i++) {
                S3Object v = list.get(i);
                if (skipping) {
                    int cmp = v.key().compareTo(keyMarker);
                    if (cmp < 0) {
                        continue;
                    }
                    if (cmp == 0) {
                        if (versionIdMarker == null || versionIdMarker.isEmpty()) {
                            continue;
                        }
                        if (v.versionId().equals(versionIdMarker)) {
                            skipping = false;
                        }
                        continue;
                    }
                    skipping = false;
                }
                if (versions.size() >= maxKeys) {
                    S3Object last = versions.get(versions.size() - 1);
                    return new VersionListResult(versions, latest, true, last.key(), last.versionId());
                }
                versions.add(v);
                latest.add(i == 0);
            }
        }
        return new VersionListResult(versions, latest, false, null, null);
    }

    private void putEvent(S3Bucket bucket, String detailType, ObjectNode object, String requestId, String reason,
                          String deletionType) {
        ObjectNode detail = Json.object();
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket.name());
        detail.set("object", object);
        detail.put("request-id", requestId == null || requestId.isEmpty() ? UUID.randomUUID().toString() : requestId);
        detail.put("requester", accountId);
        detail.put("source-ip-address", "127.0.0.1");
        detail.put("reason", reason);
        if (deletionType != null) {
            detail.put("deletion-type", deletionType);
        }
        String bucketArn = "arn:" + Arns.partition(bucket.region()) + ":s3:::" + bucket.name();
        eventBus.putEvent(CloudEvent.of("aws.s3", detailType, detail, List.of(bucketArn), clock.now(), bucket.region(), accountId));
    }

    private Bucket require(String name) {
        Bucket bucket = name == null ? null : buckets.get(name);
        if (bucket == null) {
            throw new CloudException("NoSuchBucket", 404, "The specified bucket does not exist").with("BucketName", name);
        }
        return bucket;
    }

    /** The bucket naming rules of S3 for general purpose buckets. */
    static void checkBucketName(String name) {
        String why = null;
        if (name == null || name.length() < 3 || name.length() > 63) {
            why = "it must be 3 to 63 characters long";
        } else if (!BUCKET_NAME.matcher(name).matches()) {
            why = "it may hold only lower-case letters, digits, dots and hyphens, and must begin and end with a letter or digit";
        } else if (name.contains("..")) {
            why = "it must not contain two adjacent dots";
        } else if (IP_ADDRESS.matcher(name).matches()) {
            why = "it must not be formatted as an IP address";
        } else if (name.startsWith("xn--") || name.startsWith("sthree-") || name.startsWith("amzn-s3-demo-")) {
            why = "it must not begin with xn--, sthree- or amzn-s3-demo-";
        } else if (name.endsWith("-s3alias") || name.endsWith("--ol-s3") || name.endsWith(".mrap")
                || name.endsWith("--x-s3") || name.endsWith("--table-s3")) {
            why = "it must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3";
        }
        if (why != null) {
            throw new CloudException("InvalidBucketName", 400, "The specified bucket is not valid: " + why + ".")
                    .with("BucketName", name);
        }
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new CloudException("InvalidArgument", 400, "An object key must not be empty.");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new CloudException("KeyTooLongError", 400, "Your key is too long").with("Key", key);
        }
    }

    static CloudException noSuchKey(String key) {
        return new CloudException("NoSuchKey", 404, "The specified key does not exist.").with("Key", key);
    }

    private static String decodeToken(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("K:") || decoded.startsWith("P:")) {
                return decoded;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CloudException("InvalidArgument", 400, "The continuation token provided is incorrect")
                .with("ArgumentName", "continuation-token");
    }

    private String newVersionId() {
        StringBuilder id = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            id.append(VERSION_CHARS[ThreadLocalRandom.current().nextInt(VERSION_CHARS.length)]);
        }
        return id.toString();
    }

    private static String sequencerText(long seq) {
        return String.format("%016X", seq);
    }

    static String md5Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
