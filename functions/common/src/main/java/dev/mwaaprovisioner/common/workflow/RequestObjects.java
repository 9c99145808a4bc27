package dev.mwaaprovisioner.common.workflow;

import dev.mwaaprovisioner.common.request.InvalidRequestException;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.request.RequestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Where the Airflow option values are: in the request object, never in the state document. The
 * state document carries the request with option digests ({@link ProvisioningRequest#withOptionDigests})
 * and its {@link RequestSource} (bucket, key, version id); a step that sends options to MWAA reads
 * that exact version again, parses it, and checks that it is the request the execution validated
 * (every field, options by digest) before it uses a value.
 *
 * <p>Inline {@code Provision Environment} requests are stored by the dispatch function under
 * {@value #INLINE_PREFIX} of the config bucket, so they have a version to read too.
 */
public final class RequestObjects {

    /** The config bucket's private prefix for copies of inline requests, one per event: {@code <prefix><event id>.json}. */
    public static final String INLINE_PREFIX = "inline-requests/";

    private RequestObjects() {
    }

    /**
     * The current version id of {@code s3://bucket/key} ({@code "null"} in a bucket that never
     * had versioning), or empty when the object is gone: no such key, or a delete marker on top.
     * One HeadObject (authorised as s3:GetObject); HEAD answers carry no error code, so a 404 is
     * "no such key". Other errors propagate as {@link AwsCalls} sorts them.
     */
    public static java.util.Optional<String> currentVersion(S3Client s3, String bucket, String key) {
        return AwsCalls.call("HeadObject s3://" + bucket + "/" + key, () -> {
            try {
                String version = s3.headObject(r -> r.bucket(bucket).key(key)).versionId();
                return java.util.Optional.of(version == null ? "null" : version);
            } catch (NoSuchKeyException e) {
                return java.util.Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return java.util.Optional.empty();
                }
                throw e;
            }
        });
    }

    /** The key of the copy of the inline request of an event. */
    public static String inlineKey(String eventId) {
        return INLINE_PREFIX + eventId + ".json";
    }

    /**
     * The request with its option values, read from the version of the request object the source
     * names; the request as the state document has it when it has no options (nothing to read).
     *
     * @param validated the request as the state document carries it (options as digests)
     * @throws RequestObjectChangedException when the object or version is gone or holds another request
     */
    public static ProvisioningRequest withOptionValues(S3Client s3, RequestSource source, ProvisioningRequest validated) {
        if (!validated.hasOptions()) {
            return validated;
        }
        if (source == null || source.uri() == null || !source.uri().startsWith("s3://") || source.uri().indexOf('/', 5) < 0) {
            throw new RequestObjectChangedException("The request for " + validated.name() + " has Airflow configuration "
                    + "options, but the state names no request object to read their values from ("
                    + (source == null ? "no source" : source.describeObject()) + "); option values never travel in the "
                    + "state document. Send the request as a file in the config bucket or as a Provision Environment event.");
        }
        if (s3 == null) {
            throw new IllegalStateException("this handler was built without an S3 client, so it cannot read the option values of "
                    + source.describeObject());
        }
        if (source.versionId() == null || source.versionId().isEmpty() || "null".equals(source.versionId())) {
            throw new RequestObjectChangedException(source.describeObject() + " has no version id, so the request for "
                    + validated.name() + " cannot be read again exactly as it was validated; its Airflow configuration "
                    + "option values are read only by version. Enable versioning on the config bucket (the template "
                    + "does) and upload the request again.");
        }
        String uri = source.uri();
        String bucket = uri.substring(5, uri.indexOf('/', 5));
        String key = uri.substring(uri.indexOf('/', 5) + 1);
        String version = source.versionId();
        byte[] content = AwsCalls.call("GetObject " + source.describeObject(), () -> {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key).versionId(version))) {
                return in.readNBytes(RequestParser.MAX_BYTES + 1);
            } catch (NoSuchKeyException e) {
                throw gone(source, validated);
            } catch (S3Exception e) {
                if ("NoSuchVersion".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())
                        || e.statusCode() == 404) {
                    throw gone(source, validated);
                }
                throw e;
            } catch (IOException e) {
                throw new UncheckedIOException("Reading " + source.describeObject() + " failed", e);
            }
        });
        ProvisioningRequest read;
        try {
            read = RequestParser.standard().parse(content, source.describeObject());
        } catch (InvalidRequestException e) {
            throw changed(source, validated);
        }
        if (!read.withOptionDigests().equals(validated)) {
            throw changed(source, validated);
        }
        return read;
    }

    /**
     * {@code text} (an AWS error message, say) with every option value of {@code request} (at least
     * four characters) replaced: MWAA may quote a value it refuses, and its message reaches the
     * status file and the outcome event.
     */
    public static String withoutOptionValues(String text, ProvisioningRequest request) {
        if (text == null || !request.hasOptions()) {
            return text;
        }
        String out = text;
        for (String value : request.airflowConfigurationOptions().values().stream()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList()) {
            if (value.length() >= 4) {
                out = out.replace(value, "(value not shown)");
            }
        }
        return out;
    }

    private static RequestObjectChangedException gone(RequestSource source, ProvisioningRequest validated) {
        return new RequestObjectChangedException(source.describeObject() + " is gone: the request for " + validated.name()
                + " was validated from it, and its Airflow configuration option values are read from that exact "
                + "version, which someone deleted before they were sent to MWAA. Nothing was sent; upload the request again.");
    }

    private static RequestObjectChangedException changed(RequestSource source, ProvisioningRequest validated) {
        return new RequestObjectChangedException(source.describeObject() + " no longer holds the request for "
                + validated.name() + " that this execution validated (it was replaced in a bucket without versioning, "
                + "or the version was rewritten); its Airflow configuration option values are not used. Nothing was "
                + "sent; upload the request again.");
    }
}
