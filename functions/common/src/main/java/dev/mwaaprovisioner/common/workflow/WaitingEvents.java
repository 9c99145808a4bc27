package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The step-boundary look at the Name's record during a long wait (the environment being created
 * or updated): when a removal of the Name waits for this execution, the wait stops with
 * {@link NewerEventWaitingException} and the removal takes effect now, not when the environment
 * is available. An edit that waits is applied after this run's outcome instead: stopping a
 * creation for it would skip the rollback of an environment that then fails.
 *
 * <p>One GetObject of {@code claims/<Name>.json} per look (s3:GetObject on {@code claims/*}).
 * Outside an execution, or when the Name has no record or is not this execution's, nothing waits.
 */
public final class WaitingEvents {

    private final ClaimStore claims;

    /** A null client or bucket: nothing ever waits (steps called directly, tests of one step). */
    public WaitingEvents(S3Client s3, String bucket) {
        this.claims = s3 == null || bucket == null ? null : new ClaimStore(s3, bucket);
    }

    /** The function's config bucket ({@code CONFIG_BUCKET}) through the step's S3 client. */
    public static WaitingEvents of(FunctionClients clients, S3Client s3) {
        return new WaitingEvents(s3, clients.variable("CONFIG_BUCKET"));
    }

    /**
     * @throws NewerEventWaitingException when a removal of {@code name} waits for this execution
     */
    public void stopIfRemovalWaits(String name) {
        String execution = StepLog.execution();
        if (claims == null || execution == null || name == null) {
            return;
        }
        Optional<ClaimStore.StoredClaim> record;
        try {
            record = claims.read(name);
        } catch (S3Exception unreadable) {
            // No record (403 without ListBucket) or not readable: the wait goes on; the report hands over.
            return;
        }
        JsonNode waiting = record.filter(r -> r.claim().heldBy(execution)).map(r -> r.claim().waiting()).orElse(null);
        if (waiting != null && isRemoval(waiting)) {
            throw new NewerEventWaitingException("A removal of " + name + " (event " + EventOrder.id(waiting) + ", "
                    + waiting.path("detail-type").asText() + ") arrived while this run waited for the environment: "
                    + "the run stops here and the removal is applied now.");
        }
    }

    /**
     * A deleted request file or a {@code Deprovision Environment} event. A version deleted for
     * good ({@code deletion-type: Permanently Deleted}) is not: the file may still stand.
     */
    public static boolean isRemoval(JsonNode event) {
        String type = event.path("detail-type").asText("");
        return "Deprovision Environment".equals(type) || ("Object Deleted".equals(type)
                && !"Permanently Deleted".equals(event.path("detail").path("deletion-type").asText("")));
    }
}
