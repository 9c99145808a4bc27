package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code $.Source} of the state document: where the request came from. {@code Uri} and
 * {@code VersionId} for a request file (the exact version that was read), {@code EventId} for
 * the EventBridge event that started the workflow. {@code PreviousName} is the Name the file owns
 * already (absent for a file that owns none, and for an inline request): a version under another
 * Name is refused as a rename with it.
 */
public record RequestSource(
        @JsonProperty("Type") String type,
        @JsonProperty("Uri") String uri,
        @JsonProperty("VersionId") String versionId,
        @JsonProperty("EventId") String eventId,
        @JsonProperty("PreviousName") String previousName) {

    /** A source whose earlier versions are not (or not yet) known. */
    public RequestSource(String type, String uri, String versionId, String eventId) {
        this(type, uri, versionId, eventId, null);
    }

    /** This source, owning {@code name} already. */
    public RequestSource withPreviousName(String name) {
        return new RequestSource(type, uri, versionId, eventId, name);
    }

    public static final String S3_OBJECT = "S3Object";
    public static final String INLINE_EVENT = "InlineEvent";

    /** True for an inline request's stored copy (its owner is the event bus, not a file). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isInlineCopy() {
        return INLINE_EVENT.equals(type) && uri != null && uri.startsWith("s3://")
                && uri.indexOf('/', 5) > 0 && uri.substring(uri.indexOf('/', 5) + 1).startsWith(RequestObjects.INLINE_PREFIX);
    }

    /** The object and version read, for messages about the object itself. */
    public String describeObject() {
        return uri == null ? describe() : versionId == null ? uri : uri + " (version " + versionId + ")";
    }

    /** For messages: the URI and version, or the event. */
    public String describe() {
        if (uri == null || isInlineCopy()) {
            return "event " + eventId;
        }
        return versionId == null ? uri : uri + " (version " + versionId + ")";
    }
}
