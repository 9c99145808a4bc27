package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which of two events for one Name a user sent last. Events of the same S3 key are ordered by
 * their {@code detail.sequencer} (S3 gives a later change of one key a greater hexadecimal
 * value); others by their {@code time}, whose one-second resolution cannot
 * order events of one second: then the later arrival counts as the later event.
 */
public final class EventOrder {

    private EventOrder() {
    }

    /** True when {@code candidate} is not older than {@code current} (null: nothing to compare with). */
    public static boolean notOlder(JsonNode candidate, JsonNode current) {
        if (current == null || current.isNull()) {
            return true;
        }
        String candidateKey = candidate.path("detail").path("object").path("key").asText(null);
        String currentKey = current.path("detail").path("object").path("key").asText(null);
        String candidateSequencer = candidate.path("detail").path("object").path("sequencer").asText(null);
        String currentSequencer = current.path("detail").path("object").path("sequencer").asText(null);
        if (candidateKey != null && candidateKey.equals(currentKey) && candidateSequencer != null && currentSequencer != null) {
            return compareSequencers(candidateSequencer, currentSequencer) >= 0;
        }
        return candidate.path("time").asText("").compareTo(current.path("time").asText("")) >= 0;
    }

    /** S3 sequencers compare by their hexadecimal value (the greater is the later change of the key). */
    static int compareSequencers(String a, String b) {
        int length = Math.max(a.length(), b.length());
        String left = ("0".repeat(length - a.length()) + a).toUpperCase();
        String right = ("0".repeat(length - b.length()) + b).toUpperCase();
        return left.compareTo(right);
    }

    /** The event's id, for records and messages. */
    public static String id(JsonNode event) {
        return event == null ? null : event.path("id").asText(null);
    }
}
