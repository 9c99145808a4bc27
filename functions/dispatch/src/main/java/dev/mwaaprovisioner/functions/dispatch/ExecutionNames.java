package dev.mwaaprovisioner.functions.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.workflow.EnvironmentClaim;
import java.util.regex.Pattern;

/**
 * The execution name of an event: the same for every delivery of one event, different for
 * different events, and valid for Step Functions (at most 80 characters of
 * {@code [A-Za-z0-9-_]}; Step Functions allows more, but these also work in CloudWatch metrics
 * and log streams).
 *
 * <ul>
 *   <li>S3 {@code Object Created} / {@code Object Deleted}: the key's file name, made readable
 *       ({@code requests/analytics-dev.yaml} → {@code analytics-dev-yaml}), then the first 20 hex
 *       characters of the SHA-256 of detail-type, bucket, key and version id (the sequencer when
 *       the bucket is not versioned). A new version of a file, or its deletion, is a new name;
 *       the same object version delivered twice is the same name.</li>
 *   <li>{@code source: mwaa-provisioner} events: the event {@code id}, which EventBridge keeps
 *       on every delivery of one PutEvents entry.</li>
 * </ul>
 */
public final class ExecutionNames {

    static final int MAX_LENGTH = 80;
    static final int HASH_LENGTH = 20;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private ExecutionNames() {
    }

    /**
     * @throws IllegalArgumentException for an event the dispatch does not handle, or one without
     *                                  what its name is made from
     */
    public static String of(JsonNode event) {
        String source = event.path("source").asText("");
        String detailType = event.path("detail-type").asText("");
        if ("aws.s3".equals(source)) {
            if (!DispatchHandler.S3_EVENTS.contains(detailType)) {
                throw refused(source, detailType);
            }
            return ofObjectEvent(detailType, event.path("detail"));
        }
        if (DispatchHandler.CUSTOM_SOURCE.equals(source)) {
            if (!DispatchHandler.CUSTOM_EVENTS.contains(detailType)) {
                throw refused(source, detailType);
            }
            String id = event.path("id").asText("");
            if (id.isEmpty()) {
                throw new IllegalArgumentException("The " + detailType + " event has no id; EventBridge gives every event "
                        + "one, which names its execution. Send it with PutEvents rather than invoking the function with it.");
            }
            return VALID.matcher(id).matches() ? id : "event-" + hash(id);
        }
        throw refused(source, detailType);
    }

    private static String ofObjectEvent(String detailType, JsonNode detail) {
        String bucket = detail.path("bucket").path("name").asText("");
        String key = detail.path("object").path("key").asText("");
        if (bucket.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("The S3 " + detailType + " event names no bucket.name and object.key "
                    + "in its detail; it is not an S3 event EventBridge delivered.");
        }
        String version = detail.path("object").path("version-id").asText(
                "sequencer:" + detail.path("object").path("sequencer").asText(""));
        String hash = hash(String.join("\n", detailType, bucket, key, version));
        String file = key.substring(key.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9_-]+", "-")
                .replaceAll("^-+|-+$", "");
        int room = MAX_LENGTH - HASH_LENGTH - 1;
        if (file.length() > room) {
            file = file.substring(0, room);
        }
        return file.isEmpty() ? hash : file + "-" + hash;
    }

    private static String hash(String text) {
        return EnvironmentClaim.sha256Hex(text).substring(0, HASH_LENGTH);
    }

    private static IllegalArgumentException refused(String source, String detailType) {
        return new IllegalArgumentException("The dispatch starts executions for S3 " + DispatchHandler.S3_EVENTS
                + " events and " + DispatchHandler.CUSTOM_SOURCE + " " + DispatchHandler.CUSTOM_EVENTS + " events, not "
                + (source.isEmpty() ? "an input without source" : "source " + source + ", detail-type " + detailType)
                + "; check the EventBridge rules of the DispatchFunction in template.yaml.");
    }
}
