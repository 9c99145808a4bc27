package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Serialises the provisioner's edits of one KMS key policy. PutKeyPolicy replaces the whole
 * policy and has no conditional form, so two executions that read, change and write one key's
 * policy at once would drop each other's change; every edit of a key policy runs while holding
 * this lock instead.
 *
 * <p>The lock is a lease made of S3 conditional writes in the config bucket, and needs only
 * {@code s3:PutObject} and {@code s3:DeleteObject} on {@code locks/*}: time is cut into epochs of
 * {@link #LEASE} (at least the editing function's timeout), and a holder creates, with
 * {@code If-None-Match: *}, the objects {@code locks/key-policy/<key id>.<epoch>} of the current
 * epoch and the next one. Any other editor needs the object of its own current epoch, which the
 * holder owns until one full lease after it started; by then Lambda has ended the holder, so a
 * holder that crashes blocks the key at most two epochs and no lock is ever read or broken. The
 * holder deletes both objects when it is done, also when the edit or taking the second object
 * failed: a lock object left behind is not recognised as the holder's own, so it would block the
 * step's own retry as much as any other editor, until its lease ended.
 */
public final class KeyPolicyLock {

    /** The epoch length: at least the timeout of every function that edits key policies (30 s). */
    public static final Duration LEASE = Duration.ofSeconds(30);
    /** How long an editor waits for a busy key before the step is retried by the state machine. */
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String PREFIX = "locks/key-policy/";
    /** How often releasing tries to delete a lock object that failed transiently (after the SDK's own retries). */
    static final int RELEASE_ATTEMPTS = 3;

    /** How the lock waits between attempts; tests pass a recording one. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final S3Client s3;
    private final String bucket;
    private final Clock clock;
    private final Sleeper sleeper;

    public KeyPolicyLock(S3Client s3, String bucket, Clock clock, Sleeper sleeper) {
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public KeyPolicyLock(S3Client s3, String bucket) {
        this(s3, bucket, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    /** The lock object of a key for one epoch. */
    static String lockKey(String keyArn, long epoch) {
        String keyId = keyArn.substring(keyArn.lastIndexOf('/') + 1);
        return PREFIX + keyId + "." + epoch;
    }

    /**
     * Runs {@code edit} while no other execution edits the key's policy.
     *
     * @param holder who edits, recorded in the lock objects (e.g. the environment Name)
     * @throws RetryableAwsException when the key stayed busy for {@link #WAIT}
     */
    public <T> T whileHolding(String keyArn, String holder, Supplier<T> edit) {
        Instant giveUp = clock.instant().plus(WAIT);
        while (true) {
            List<String> held = tryAcquire(keyArn, holder);
            if (!held.isEmpty()) {
                T result;
                try {
                    result = edit.get();
                } catch (RuntimeException | Error e) {
                    releaseAfter(e, held);
                    throw e;
                }
                // Not releasing is an error even after a successful edit: the key stays blocked.
                release(held);
                return result;
            }
            if (clock.instant().isAfter(giveUp)) {
                throw new RetryableAwsException("The policy of key " + keyArn + " is being edited by another execution"
                        + " (lock s3://" + bucket + "/" + lockKey(keyArn, epoch(clock.instant())) + "); the step is retried.",
                        null);
            }
            pause(Duration.ofMillis(50 + ThreadLocalRandom.current().nextInt(200)), "waiting for the lock of key " + keyArn);
        }
    }

    private void pause(Duration duration, String what) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while " + what, e);
        }
    }

    private static long epoch(Instant instant) {
        return instant.getEpochSecond() / LEASE.toSeconds();
    }

    /** The two lock objects, or none (released again) when another holder has one of them. */
    private List<String> tryAcquire(String keyArn, String holder) {
        Instant now = clock.instant();
        long epoch = epoch(now);
        List<String> held = new ArrayList<>(2);
        for (long e = epoch; e <= epoch + 1; e++) {
            String key = lockKey(keyArn, e);
            boolean created;
            try {
                created = create(key, keyArn, holder, now);
            } catch (RuntimeException failure) {
                releaseAfter(failure, held);
                throw failure;
            }
            if (!created) {
                release(held);
                return List.of();
            }
            held.add(key);
        }
        return held;
    }

    private boolean create(String key, String keyArn, String holder, Instant now) {
        ObjectNode body = WorkflowJson.MAPPER.createObjectNode();
        body.put("KeyArn", keyArn);
        body.put("Holder", holder);
        body.put("AcquiredAt", now.toString());
        byte[] bytes;
        try {
            bytes = WorkflowJson.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        try {
            AwsCalls.run("PutObject s3://" + bucket + "/" + key, () -> s3.putObject(r -> r.bucket(bucket).key(key)
                    .ifNoneMatch("*").contentType("application/json"), RequestBody.fromBytes(bytes)));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Deletes the lock objects: every one, even when deleting another failed, then throws the
     * first failure.
     */
    private void release(List<String> held) {
        RuntimeException failure = null;
        for (String key : held) {
            try {
                delete(key);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Releases after {@code cause} ended the holding; a failure to release is added to it. */
    private void releaseAfter(Throwable cause, List<String> held) {
        try {
            release(held);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Deletes one lock object, trying a transient failure again: the state machine's retry cannot help here. */
    private void delete(String key) {
        for (int attempt = 1; ; attempt++) {
            try {
                AwsCalls.run("DeleteObject s3://" + bucket + "/" + key, () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
                return;
            } catch (RetryableAwsException e) {
                if (attempt == RELEASE_ATTEMPTS) {
                    throw e;
                }
                pause(Duration.ofMillis(100L << attempt), "releasing the lock " + key);
            }
        }
    }
}
