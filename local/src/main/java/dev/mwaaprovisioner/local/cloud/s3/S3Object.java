package dev.mwaaprovisioner.local.cloud.s3;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One version of an object, or a delete marker.
 *
 * @param versionId    {@code "null"} for the null version (unversioned or suspended bucket), as S3 names it
 * @param etag         hex MD5 of the content, without quotes
 * @param headers      stored representation headers: Content-Type, Content-Encoding, Cache-Control,
 *                     Content-Disposition, Content-Language, Expires
 * @param userMetadata {@code x-amz-meta-*} values by lower-case name without the prefix
 */
public record S3Object(
        String bucket,
        String key,
        String versionId,
        boolean deleteMarker,
        byte[] content,
        String etag,
        Instant lastModified,
        Map<String, String> headers,
        Map<String, String> userMetadata) {

    public S3Object {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        userMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(userMetadata));
    }

    public long size() {
        return content == null ? 0 : content.length;
    }

    /** The ETag as S3 sends it, in double quotes. */
    public String quotedEtag() {
        return "\"" + etag + "\"";
    }

    public String contentType() {
        return headers.getOrDefault("Content-Type", "binary/octet-stream");
    }
}
