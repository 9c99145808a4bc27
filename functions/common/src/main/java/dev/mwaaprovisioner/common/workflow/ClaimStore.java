package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads and writes {@link EnvironmentClaim}s ({@code claims/<Name>.json} in the config bucket)
 * with S3 conditional writes, so concurrent executions cannot both own a Name or lose each
 * other's changes: {@code If-None-Match: *} creates a claim only if none exists,
 * {@code If-Match: <ETag>} changes one only if nobody changed it since it was read. A write that
 * loses the race (412 PreconditionFailed, 409 ConditionalRequestConflict) reads again and decides
 * again.
 *
 * <p>Needs {@code s3:GetObject} and {@code s3:PutObject} on {@code claims/*} (and
 * {@code s3:DeleteObject} to release a claim). {@link #read} of a Name nobody owns needs
 * {@code s3:ListBucket} on the bucket too: without it S3 answers 403 instead of 404.
 */
public final class ClaimStore {

    public static final String PREFIX = "claims/";

    /**
     * Attempts of a read-decide-write round before giving up; each lost race costs one, and of n
     * writers racing one wins each round, so this covers many concurrent executions.
     */
    static final int MAX_ATTEMPTS = 30;

    /**
     * Where the Name a request file owns is noted: {@code claims/files/<12 hex of the file's
     * URI>.json}, {@code {"Uri": ..., "Name": ...}}. A hint, always checked against the Name's own
     * record; it lets a new version of the file find the Name it had however many versions ago.
     */
    public static final String FILES_PREFIX = PREFIX + "files/";

    /** A claim and the ETag it was read or written with (the If-Match of the next change). */
    public record StoredClaim(EnvironmentClaim claim, String etag) {
    }

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;

    public ClaimStore(S3Client s3, String bucket, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    public ClaimStore(S3Client s3, String bucket) {
        this(s3, bucket, Clock.systemUTC());
    }

    /** {@code claims/<Name>.json}. */
    public static String key(String environmentName) {
        return PREFIX + AwsIdentifiers.requireEnvironmentName(environmentName) + ".json";
    }

    /**
     * Where a request refused for another owner's Name gets its status:
     * {@code status/<Name>.conflict-<12 hex of the refused owner>.json}, next to the owner's
     * {@code status/<Name>.json}, which stays the owner's. Stable per refused source, so sending
     * it again replaces its own conflict status.
     */
    public static String conflictStatusKey(String environmentName, EnvironmentClaim.Owner refused) {
        String ownStatus = DerivedNames.statusKey(environmentName);
        return ownStatus.substring(0, ownStatus.length() - ".json".length()) + ".conflict-" + refused.hash() + ".json";
    }

    /** {@code claims/files/<hash>.json} of a request file owner. */
    public static String fileKey(EnvironmentClaim.Owner owner) {
        return FILES_PREFIX + owner.hash() + ".json";
    }

    /**
     * The Name a request file owns, as its note says and the Name's record confirms; empty for
     * inline requests, a file that never owned a Name, or one whose Name was released since.
     */
    public Optional<String> nameOwnedBy(EnvironmentClaim.Owner owner) {
        if (owner == null || owner.uri() == null) {
            return Optional.empty();
        }
        String key = fileKey(owner);
        String name;
        try {
            byte[] note = AwsCalls.call("GetObject " + uri(key), () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)))
                    .asByteArray();
            name = WorkflowJson.MAPPER.readTree(note).path("Name").asText(null);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (name == null || !AwsIdentifiers.ENVIRONMENT_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        String found = name;
        return read(found).filter(c -> c.claim().ownedBy(owner)).map(c -> found);
    }

    /** Notes the Name a request file owns (a plain write: only the file's own executions write it). */
    public void noteOwnership(EnvironmentClaim.Owner owner, String environmentName) {
        if (owner == null || owner.uri() == null) {
            return;
        }
        String key = fileKey(owner);
        byte[] body;
        try {
            body = WorkflowJson.MAPPER.writeValueAsBytes(WorkflowJson.MAPPER.createObjectNode()
                    .put("Uri", owner.uri()).put("Name", environmentName));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        AwsCalls.run("PutObject " + uri(key), () -> s3.putObject(r -> r.bucket(bucket).key(key)
                .contentType("application/json"), RequestBody.fromBytes(body)));
    }

    /** The claim of a Name, or empty when nobody owns it. */
    public Optional<StoredClaim> read(String environmentName) {
        String key = key(environmentName);
        try {
            ResponseBytes<GetObjectResponse> bytes = AwsCalls.call("GetObject " + uri(key),
                    () -> s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)));
            EnvironmentClaim claim = WorkflowJson.MAPPER.readValue(bytes.asByteArray(), EnvironmentClaim.class);
            return Optional.of(new StoredClaim(claim, bytes.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException(uri(key) + " is not a claim record (" + e.getMessage()
                    + "); restore it from an earlier version of the object.", e);
        }
    }

    /**
     * Claims a Name for a request source: creates the claim when nobody owns the Name, returns the
     * existing claim unchanged when the source's owner already owns it. The create comes first,
     * so the claim is only read when it exists (S3 answers a GetObject of a missing key with 403,
     * not 404, to a caller without s3:ListBucket).
     *
     * @param eventId the id of the event whose execution makes the claim, recorded for tracing
     * @throws NameOwnedByAnotherRequestException when another source owns the Name
     */
    public StoredClaim claim(String environmentName, RequestSource source, String eventId) {
        EnvironmentClaim.Owner owner = EnvironmentClaim.Owner.of(source);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String now = clock.instant().toString();
            EnvironmentClaim claim = EnvironmentClaim.claimed(environmentName, owner, now, eventId);
            Optional<String> etag = write(claim, null);
            if (etag.isPresent()) {
                return new StoredClaim(claim, etag.get());
            }
            Optional<StoredClaim> existing = read(environmentName);
            if (existing.isPresent()) {
                if (existing.get().claim().ownedBy(owner)) {
                    return existing.get();
                }
                throw new NameOwnedByAnotherRequestException(existing.get().claim(), source);
            }
            // Released between the write and the read: try to create it again.
            pause(attempt);
        }
        throw raceLost(environmentName);
    }

    /** What {@link #acquire} found: the Name is this execution's now, or it waits its turn, or another file owns it. */
    public enum Outcome { ACQUIRED, QUEUED, OWNED_BY_ANOTHER, NO_RECORD }

    /**
     * The answer of {@link #acquire}.
     *
     * @param outcome what happened
     * @param claim   the record as written or read
     */
    public record Acquisition(Outcome outcome, StoredClaim claim) {

        /** The execution that holds the Name, for a queued event. */
        public String holderArn() {
            return claim == null || claim.claim().holder() == null ? null : claim.claim().holder().executionArn();
        }
    }

    /**
     * Makes {@code executionArn} the one execution that changes AWS for the Name, or leaves the
     * event in the record for the execution that holds it. One compare-and-swap round decides:
     * <ul>
     *   <li>no record: with {@code owner}, creates it held by this execution; without (a removal),
     *       answers {@link Outcome#NO_RECORD};</li>
     *   <li>another file owns the Name: the event is kept as the {@code Contender} (it takes the
     *       Name over when the owner's file is deleted); when {@code ownerGone} (that file no longer
     *       exists) the Name passes to {@code owner} as soon as nobody holds it, otherwise the answer
     *       is {@link Outcome#OWNED_BY_ANOTHER};</li>
     *   <li>held by this execution already (it goes on with a waiting event): acquired;</li>
     *   <li>held by an execution still {@code running}: the event is stored as {@code Waiting}
     *       unless a newer one waits already, and the answer is {@link Outcome#QUEUED}; the holder
     *       goes on with it before it ends ({@link #handOver});</li>
     *   <li>held by nobody, or by an execution that ended without handing over (timed out,
     *       aborted, failed unreported): this execution takes it.</li>
     * </ul>
     *
     * @param owner the request source's owner, or null for a removal (which never creates a record)
     */
    public Acquisition acquire(String environmentName, EnvironmentClaim.Owner owner, boolean ownerGone, JsonNode event,
                               String executionArn, Predicate<String> running) {
        String eventId = EventOrder.id(event);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String now = clock.instant().toString();
            EnvironmentClaim.Holder me = new EnvironmentClaim.Holder(executionArn, eventId, now);
            Optional<StoredClaim> current = read(environmentName);
            if (current.isEmpty()) {
                if (owner == null) {
                    return new Acquisition(Outcome.NO_RECORD, null);
                }
                EnvironmentClaim created = EnvironmentClaim.claimed(environmentName, owner, now, eventId).withHolder(me, now);
                Optional<String> etag = write(created, null);
                if (etag.isPresent()) {
                    return new Acquisition(Outcome.ACQUIRED, new StoredClaim(created, etag.get()));
                }
                pause(attempt);
                continue;
            }
            EnvironmentClaim claim = current.get().claim();
            boolean another = owner != null && claim.owner() != null && !claim.ownedBy(owner);
            EnvironmentClaim changed = claim;
            if (another && EventOrder.notOlder(event, claim.contender())) {
                changed = changed.withContender(event, now);
            }
            Outcome outcome;
            if (another && !ownerGone) {
                outcome = Outcome.OWNED_BY_ANOTHER;
            } else if (claim.heldBy(executionArn)) {
                outcome = Outcome.ACQUIRED;
                if (!eventId.equals(claim.holder().eventId())) {
                    changed = changed.withHolder(me, now);
                }
            } else if (claim.holder() != null && running.test(claim.holder().executionArn())) {
                outcome = Outcome.QUEUED;
                if (EventOrder.notOlder(event, claim.waiting())) {
                    changed = changed.withWaiting(event, now);
                }
            } else {
                outcome = Outcome.ACQUIRED;
                changed = changed.withHolder(me, now);
            }
            if (outcome == Outcome.ACQUIRED && changed.waiting() != null && eventId != null
                    && eventId.equals(EventOrder.id(changed.waiting()))) {
                // The waiting event itself takes the Name (resumed after its holder died): it waits no more.
                changed = changed.withWaiting(null, now);
            }
            if (outcome == Outcome.ACQUIRED && owner != null && !changed.ownedBy(owner)) {
                changed = changed.withOwner(owner, eventId, now).withContender(null, now);
            }
            if (changed.equals(claim)) {
                return new Acquisition(outcome, current.get());
            }
            Optional<String> etag = write(changed, current.get().etag());
            if (etag.isPresent()) {
                return new Acquisition(outcome, new StoredClaim(changed, etag.get()));
            }
            pause(attempt);
        }
        throw raceLost(environmentName);
    }

    /**
     * The holder's last look before it ends: when an event waits, takes it (clears
     * {@code Waiting}, stays the holder) and returns it, so the same execution goes on with it;
     * otherwise releases the Name. With {@code forget} (the Name's environment was removed or
     * retained) the owner and what was recorded go too, and a record nobody waits on is deleted.
     * A waiting event written after this execution read the record makes its write fail, so it
     * reads again: no event is left behind.
     *
     * @return the event to go on with, or empty when this execution is done
     */
    public Optional<JsonNode> handOver(String environmentName, String executionArn, boolean forget) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String now = clock.instant().toString();
            Optional<StoredClaim> current = read(environmentName);
            if (current.isEmpty() || !current.get().claim().heldBy(executionArn)) {
                return Optional.empty();
            }
            EnvironmentClaim claim = current.get().claim();
            // A record nobody owns keeps nothing worth keeping once nothing waits on it.
            forget = forget || claim.owner() == null;
            EnvironmentClaim base = forget ? claim.forgotten(now) : claim;
            JsonNode next = claim.waiting();
            boolean done;
            if (next != null) {
                EnvironmentClaim.Holder me = new EnvironmentClaim.Holder(executionArn, EventOrder.id(next), now);
                done = write(base.withWaiting(null, now).withHolder(me, now), current.get().etag()).isPresent();
            } else if (forget) {
                done = delete(environmentName, current.get().etag());
            } else {
                done = write(base.withHolder(null, now), current.get().etag()).isPresent();
            }
            if (done) {
                return Optional.ofNullable(next);
            }
            pause(attempt);
        }
        throw raceLost(environmentName);
    }

    /** Deletes the record only if it is still the one read (S3 conditional delete); false when it changed. */
    private boolean delete(String environmentName, String etag) {
        String key = key(environmentName);
        try {
            AwsCalls.run("DeleteObject " + uri(key), () -> s3.deleteObject(r -> r.bucket(bucket).key(key).ifMatch(etag)));
            return true;
        } catch (S3Exception e) {
            if (lostRace(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Changes a claim with compare-and-swap: applies {@code change} to the current claim and
     * writes it only if the claim is still the one read; on a lost race reads again and re-applies.
     *
     * @throws IllegalStateException when nobody owns the Name
     */
    public StoredClaim update(String environmentName, UnaryOperator<EnvironmentClaim> change) {
        return updateIfPresent(environmentName, change).orElseThrow(() -> new IllegalStateException(
                "No request owns environment " + environmentName + " (" + uri(key(environmentName)) + " is missing)."));
    }

    /** As {@link #update}; empty when the Name has no record (nothing is written then). */
    public Optional<StoredClaim> updateIfPresent(String environmentName, UnaryOperator<EnvironmentClaim> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<StoredClaim> read = read(environmentName);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            StoredClaim current = read.get();
            EnvironmentClaim changed = change.apply(current.claim());
            if (changed.equals(current.claim())) {
                return Optional.of(current);
            }
            Optional<String> etag = write(changed, current.etag());
            if (etag.isPresent()) {
                return Optional.of(new StoredClaim(changed, etag.get()));
            }
            pause(attempt);
        }
        throw raceLost(environmentName);
    }

    /** Forgets a Name's owner (after its environment was removed or retained); owner-checked. */
    public void release(String environmentName, RequestSource source) {
        Optional<StoredClaim> existing = read(environmentName);
        if (existing.isEmpty()) {
            return;
        }
        if (!existing.get().claim().ownedBy(EnvironmentClaim.Owner.of(source))) {
            throw new NameOwnedByAnotherRequestException(existing.get().claim(), source);
        }
        String key = key(environmentName);
        AwsCalls.run("DeleteObject " + uri(key), () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
    }

    /** Forgets a Name's owner, whoever it is: a removal by Name ({@code Deprovision Environment}). */
    public void forget(String environmentName) {
        String key = key(environmentName);
        AwsCalls.run("DeleteObject " + uri(key), () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
    }

    /**
     * Writes a claim: with {@code If-None-Match: *} when {@code ifMatch} is null, else with
     * {@code If-Match}. Empty when the condition failed (someone else wrote first).
     */
    private Optional<String> write(EnvironmentClaim claim, String ifMatch) {
        String key = key(claim.name());
        byte[] body;
        try {
            body = WorkflowJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(claim);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String etag = AwsCalls.call("PutObject " + uri(key), () -> s3.putObject(r -> {
                r.bucket(bucket).key(key).contentType("application/json");
                if (ifMatch == null) {
                    r.ifNoneMatch("*");
                } else {
                    r.ifMatch(ifMatch);
                }
            }, RequestBody.fromBytes(body)).eTag());
            return Optional.of(etag);
        } catch (S3Exception e) {
            if (lostRace(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** 412: the condition failed; 409: a concurrent conditional write; 404: If-Match on a claim deleted since. */
    private static boolean lostRace(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404;
    }

    /** A short random pause after a lost race, growing with the attempts, so racers spread out. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing a claim", e);
        }
    }

    private RetryableAwsException raceLost(String environmentName) {
        return new RetryableAwsException("The claim " + uri(key(environmentName)) + " kept changing during "
                + MAX_ATTEMPTS + " attempts; the step is retried.", null);
    }

    private String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
