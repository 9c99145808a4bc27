package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The record {@code claims/<Name>.json} in the config bucket: which request owns an environment
 * Name, what was last applied for it and what the provisioner created for it. Only the owner's
 * executions may create, change or remove what the Name stands for; a request from any other
 * source is refused with {@link NameOwnedByAnotherRequestException}.
 *
 * <p>Fields are additive: steps that learn more (what was applied, what was created) add it with
 * {@link ClaimStore#update}, never renaming a field another step reads.
 *
 * @param name                  the environment Name
 * @param owner                 the request source that owns the Name
 * @param claimedAt             when the owner claimed it (ISO-8601)
 * @param claimedByEvent        the id of the event whose execution made the claim, for tracing
 * @param updatedAt             when the record last changed (ISO-8601)
 * @param appliedRequestDigest  SHA-256 of the request as last applied, or null before the first success
 * @param deletionPolicy        the request's DeletionPolicy as last applied, or null
 * @param created               what the provisioner created for the Name, or null before it knows
 * @param holder                the one execution allowed to change AWS for the Name, or null when none is
 * @param waiting               the latest event that arrived while the Name was held, or null
 * @param contender             the latest event of another request file naming this Name, or null: it
 *                              takes the Name over when the owner's file is deleted
 * @param leftByRollback        what a failed run's rollback could not remove (an environment left
 *                              CREATE_FAILED, say), or null: the next removal of the Name removes it
 *                              whatever the DeletionPolicy, since no request ever asked to keep it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentClaim(
        @JsonProperty("Name") String name,
        @JsonProperty("Owner") Owner owner,
        @JsonProperty("ClaimedAt") String claimedAt,
        @JsonProperty("ClaimedByEvent") String claimedByEvent,
        @JsonProperty("UpdatedAt") String updatedAt,
        @JsonProperty("AppliedRequestDigest") String appliedRequestDigest,
        @JsonProperty("DeletionPolicy") String deletionPolicy,
        @JsonProperty("Created") Created created,
        @JsonProperty("Holder") Holder holder,
        @JsonProperty("Waiting") JsonNode waiting,
        @JsonProperty("Contender") JsonNode contender,
        @JsonProperty("LeftByRollback") java.util.List<RemovalState.Item> leftByRollback) {

    /** A record for a Name: owned by {@code owner}, held by nobody, nothing applied yet. */
    public static EnvironmentClaim claimed(String name, Owner owner, String now, String eventId) {
        return new EnvironmentClaim(name, owner, now, eventId, now, null, null, null, null, null, null, null);
    }

    /**
     * The execution that holds a Name: only it changes AWS for the Name until it hands the Name
     * over (to the waiting event, in the same execution) or releases it.
     *
     * @param executionArn the Step Functions execution
     * @param eventId      the id of the event it is working on
     * @param since        when it took the Name or its current event (ISO-8601)
     */
    public record Holder(@JsonProperty("ExecutionArn") String executionArn,
                         @JsonProperty("EventId") String eventId,
                         @JsonProperty("Since") String since) {
    }

    /**
     * Who owns a Name. A request file owns it by its location, {@code s3://bucket/key} without
     * version, so every new version of the same file (and a {@code Provision Environment} event
     * whose RequestUri names that file) is the same owner and may update it. Inline requests of
     * {@code Provision Environment} events have no location: they all share one owner,
     * {@link #INLINE_EVENTS}, so a file and an inline event can never both own a Name.
     *
     * @param type {@link RequestSource#S3_OBJECT} or {@link RequestSource#INLINE_EVENT}
     * @param uri  the request file's {@code s3://} URI; null for inline events
     */
    public record Owner(@JsonProperty("Type") String type, @JsonProperty("Uri") String uri) {

        /** The owner id of inline requests sent as events of this source. */
        public static final String INLINE_EVENTS = "events:mwaa-provisioner";

        /** The owner a request source stands for. */
        public static Owner of(RequestSource source) {
            if (source == null) {
                throw new IllegalArgumentException("source: a claim needs the request's source");
            }
            if (source.uri() != null && !source.isInlineCopy()) {
                return new Owner(RequestSource.S3_OBJECT, source.uri());
            }
            return new Owner(RequestSource.INLINE_EVENT, null);
        }

        /** Equal for the same owner: the file's URI, or {@link #INLINE_EVENTS}. */
        @JsonIgnore
        public String id() {
            return uri != null ? uri : INLINE_EVENTS;
        }

        /** For messages. */
        public String describe() {
            return uri != null ? uri : "inline requests of \"Provision Environment\" events";
        }

        /** 12 hex characters of the SHA-256 of {@link #id()}: short, stable, safe in an S3 key. */
        public String hash() {
            return sha256Hex(id()).substring(0, 12);
        }
    }

    /**
     * What the provisioner created for the Name (absent fields: nothing of that kind, or not yet
     * known). The same shapes as the state document's, so a step copies what it reports.
     */
    public record Created(
            @JsonProperty("Network") NetworkState network,
            @JsonProperty("ExecutionRole") ExecutionRoleState executionRole,
            @JsonProperty("KeyPolicy") KeyPolicyState keyPolicy,
            @JsonProperty("Environment") EnvironmentState environment) {
    }

    /** True when {@code other} is this claim's owner. */
    public boolean ownedBy(Owner other) {
        return other != null && owner != null && owner.id().equals(other.id());
    }

    /** True while {@code executionArn} holds the Name. */
    public boolean heldBy(String executionArn) {
        return holder != null && executionArn != null && executionArn.equals(holder.executionArn());
    }

    public EnvironmentClaim withApplied(String digest, String policy, Created what, String now) {
        return new EnvironmentClaim(name, owner, claimedAt, claimedByEvent, now, digest, policy, what, holder, waiting,
                contender, leftByRollback);
    }

    public EnvironmentClaim withOwner(Owner newOwner, String eventId, String now) {
        boolean same = newOwner != null && ownedBy(newOwner);
        return new EnvironmentClaim(name, newOwner, same ? claimedAt : now, same ? claimedByEvent : eventId, now,
                same ? appliedRequestDigest : null, deletionPolicy, created, holder, waiting, contender, leftByRollback);
    }

    /** Nobody owns the Name any more and nothing is recorded for it (after a removal), holder and events stay. */
    public EnvironmentClaim forgotten(String now) {
        return new EnvironmentClaim(name, null, claimedAt, claimedByEvent, now, null, null, null, holder, waiting,
                contender, null);
    }

    public EnvironmentClaim withHolder(Holder newHolder, String now) {
        return new EnvironmentClaim(name, owner, claimedAt, claimedByEvent, now, appliedRequestDigest, deletionPolicy,
                created, newHolder, waiting, contender, leftByRollback);
    }

    public EnvironmentClaim withWaiting(JsonNode event, String now) {
        return new EnvironmentClaim(name, owner, claimedAt, claimedByEvent, now, appliedRequestDigest, deletionPolicy,
                created, holder, event, contender, leftByRollback);
    }

    public EnvironmentClaim withContender(JsonNode event, String now) {
        return new EnvironmentClaim(name, owner, claimedAt, claimedByEvent, now, appliedRequestDigest, deletionPolicy,
                created, holder, waiting, event, leftByRollback);
    }

    /**
     * What a run has created so far, recorded as each step creates it: the record's resources with
     * {@code seen}'s non-null fields over them, and the run's DeletionPolicy, which is in force from
     * the moment its run changes AWS (the latest request the user sent). What was applied stays.
     */
    public EnvironmentClaim withProgress(Created seen, String policy, String now) {
        Created known = created == null ? new Created(null, null, null, null) : created;
        Created merged = new Created(
                seen.network() != null ? seen.network() : known.network(),
                seen.executionRole() != null ? seen.executionRole() : known.executionRole(),
                seen.keyPolicy() != null ? seen.keyPolicy() : known.keyPolicy(),
                seen.environment() != null ? seen.environment() : known.environment());
        return new EnvironmentClaim(name, owner, claimedAt, claimedByEvent, now, appliedRequestDigest,
                policy != null ? policy : deletionPolicy, merged, holder, waiting, contender, leftByRollback);
    }

    /** The record with what the provisioner manages and what rollbacks left (after a rollback, after a success). */
    public EnvironmentClaim withCreated(Created remaining, java.util.List<RemovalState.Item> left, String now) {
        return new EnvironmentClaim(name, owner, claimedAt, claimedByEvent, now, appliedRequestDigest, deletionPolicy,
                remaining, holder, waiting, contender, left == null || left.isEmpty() ? null : java.util.List.copyOf(left));
    }

    /** Lower-case hex SHA-256 of a text (request digests, owner hashes). */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
