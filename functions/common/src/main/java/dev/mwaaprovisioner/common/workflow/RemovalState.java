package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code $.Removal} of the state document: what the workflow removes, and how far it got. Two
 * purposes share it: {@link #DEPROVISION} (the request file was deleted, or a
 * {@code Deprovision Environment} event names the environment) and {@link #ROLLBACK} (provisioning
 * failed and removes what that run created). The items are in removal order, the reverse of
 * creation: environment, key-policy statement, execution role, network stack. Each removal step
 * handles the items of its kind and returns the whole state; while one waits for AWS to finish,
 * {@code Waiting} is true and the state machine sleeps {@code NextCheckSeconds}.
 *
 * <p>{@code QueuedBehind}: another execution holds the Name, and this removal waits in the Name's
 * record for it. {@code MovedTo}: the deleted file's Name passed to another request file that
 * names it (a rename), so nothing is removed.
 */
public record RemovalState(
        @JsonProperty("Purpose") String purpose,
        @JsonProperty("Name") String name,
        @JsonProperty("DeletionPolicy") String deletionPolicy,
        @JsonProperty("Source") RequestSource source,
        @JsonProperty("Items") List<Item> items,
        @JsonProperty("Note") String note,
        @JsonProperty("Nothing") Boolean nothing,
        @JsonProperty("Waiting") Boolean waiting,
        @JsonProperty("NextCheckSeconds") Long nextCheckSeconds,
        @JsonProperty("QueuedBehind") String queuedBehind,
        @JsonProperty("MovedTo") String movedTo) {

    public RemovalState(String purpose, String name, String deletionPolicy, RequestSource source, List<Item> items,
                        String note, Boolean nothing, Boolean waiting, Long nextCheckSeconds) {
        this(purpose, name, deletionPolicy, source, items, note, nothing, waiting, nextCheckSeconds, null, null);
    }

    public static final String DEPROVISION = "Deprovision";
    public static final String ROLLBACK = "Rollback";

    public static final String ENVIRONMENT = "Environment";
    public static final String KEY_POLICY_STATEMENT = "KeyPolicyStatement";
    public static final String EXECUTION_ROLE = "ExecutionRole";
    public static final String NETWORK_STACK = "NetworkStack";

    /** Not looked at yet. */
    public static final String PENDING = "PENDING";
    /** Its deletion was started; waiting for AWS to finish it. */
    public static final String REMOVING = "REMOVING";
    public static final String REMOVED = "REMOVED";
    /** Left in place on purpose; {@code Reason} says why. */
    public static final String KEPT = "KEPT";
    /** Not there to remove (never made by this run, or already gone). */
    public static final String ABSENT = "ABSENT";

    public RemovalState {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /**
     * One thing to remove.
     *
     * @param createdAfter when set, remove it only if it was created at or after this instant: a
     *                     rollback after a step failed half-way cannot tell from the state whether
     *                     that step created it, the creation time can
     * @param startedAt    when its removal started, which anchors the polling schedule
     */
    public record Item(
            @JsonProperty("Kind") String kind,
            @JsonProperty("Name") String name,
            @JsonProperty("CreatedAfter") String createdAfter,
            @JsonProperty("Status") String status,
            @JsonProperty("Reason") String reason,
            @JsonProperty("StartedAt") String startedAt) {

        public static Item pending(String kind, String name, String createdAfter) {
            return new Item(kind, name, createdAfter, PENDING, null, null);
        }

        public Item with(String newStatus, String newReason) {
            return new Item(kind, name, createdAfter, newStatus, newReason, startedAt);
        }

        public Item removing(String since) {
            return new Item(kind, name, createdAfter, REMOVING, null, startedAt == null ? since : startedAt);
        }

        /** Still to be done by its step: not looked at, or being removed. */
        public boolean open() {
            return PENDING.equals(status) || REMOVING.equals(status);
        }
    }

    /** The items of one kind that are still open. */
    public List<Item> open(String kind) {
        return items.stream().filter(i -> i.kind().equals(kind) && i.open()).toList();
    }

    /** This state with the given items, waiting the given seconds (null: not waiting). */
    public RemovalState with(List<Item> newItems, Long waitSeconds) {
        return new RemovalState(purpose, name, deletionPolicy, source, newItems, note, nothing,
                waitSeconds != null, waitSeconds, queuedBehind, movedTo);
    }

    /** "kind name" of the items with the status, for messages. */
    public List<String> describe(String status) {
        return items.stream().filter(i -> i.status().equals(status)).map(i -> i.kind() + " " + i.name()).toList();
    }
}
