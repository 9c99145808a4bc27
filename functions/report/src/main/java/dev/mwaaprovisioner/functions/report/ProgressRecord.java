package dev.mwaaprovisioner.functions.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.EnvironmentClaim;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.EventOrder;
import dev.mwaaprovisioner.common.workflow.ExecutionRoleState;
import dev.mwaaprovisioner.common.workflow.KeyPolicyState;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.NewerEventWaitingException;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.common.workflow.RequestObjects;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The Name's record as a run goes: states "RecordNetworkStack", "RecordExecutionRole",
 * "RecordKeyPolicy" and "RecordEnvironment" run right after the step that created the resource
 * and before the next one changes anything.
 * <ul>
 *   <li>What the run created so far goes into {@code Created} (with the run's DeletionPolicy), so
 *       a removal that comes while the run is under way, or after it died, finds all of it.</li>
 *   <li>The step boundary: when a newer event waits for the Name and this run's request is no
 *       longer the latest (its file was deleted or has a newer version, or a
 *       {@code Deprovision Environment} event waits), the run stops here with
 *       {@link NewerEventWaitingException}, before it changes anything else, and the execution
 *       goes on with the waiting event.</li>
 * </ul>
 * Uncontended, one record read and one conditional write; the HeadObject of the request file only
 * when an event waits.
 */
final class ProgressRecord {

    private final S3Client s3;
    private final ClaimStore claims;

    ProgressRecord(S3Client s3, ClaimStore claims) {
        this.s3 = s3;
        this.claims = claims;
    }

    /**
     * @throws NewerEventWaitingException when the run must stop for a waiting event
     */
    void record(JsonNode state, String executionArn, String now) {
        String name = state.path("Request").path("Name").asText(null);
        RequestSource source = read(state, "Source", RequestSource.class);
        if (name == null || source == null || executionArn == null) {
            throw new IllegalArgumentException("Recording progress needs the validated $.Request, $.Source and the execution.");
        }
        EnvironmentClaim.Owner owner = EnvironmentClaim.Owner.of(source);
        EnvironmentClaim.Created seen = created(state);
        String policy = state.path("Request").path("DeletionPolicy").asText(null);
        // One read and one conditional write; a record that is not this run's is left as it is.
        EnvironmentClaim written = claims.updateIfPresent(name, c -> c.ownedBy(owner) && heldByOrFree(c, executionArn)
                ? c.withProgress(seen, policy, now) : c).map(ClaimStore.StoredClaim::claim).orElse(null);
        if (written == null) {
            return;
        }
        JsonNode waiting = written.heldBy(executionArn) ? written.waiting() : null;
        if (waiting != null && superseded(source, waiting)) {
            throw new NewerEventWaitingException("Event " + EventOrder.id(waiting) + " (" + waiting.path("detail-type")
                    .asText() + ") for " + name + " arrived while this run applied " + describe(source) + ", which is "
                    + "no longer the latest request: the run stops before changing anything else, what it created is "
                    + "on record, and the execution goes on with that event.");
        }
    }

    private static boolean heldByOrFree(EnvironmentClaim claim, String executionArn) {
        return claim.holder() == null || claim.heldBy(executionArn);
    }

    /**
     * Whether the waiting event makes this run's request stale. A removal by Name always does; a
     * request file does when it is gone or has a newer version (an older version's event that
     * waits does not: this run applies the newest). Inline requests stop only for a removal.
     */
    private boolean superseded(RequestSource source, JsonNode waiting) {
        if ("Deprovision Environment".equals(waiting.path("detail-type").asText())) {
            return true;
        }
        if (!RequestSource.S3_OBJECT.equals(source.type()) || source.uri() == null || !source.uri().startsWith("s3://")) {
            return false;
        }
        String path = source.uri().substring("s3://".length());
        String bucket = path.substring(0, path.indexOf('/'));
        String key = path.substring(path.indexOf('/') + 1);
        Optional<String> current;
        try {
            current = RequestObjects.currentVersion(s3, bucket, key);
        } catch (S3Exception e) {
            if (e.statusCode() != 403) {
                throw e;
            }
            // A RequestUri outside the request prefix: its version cannot be told; the run goes on.
            return false;
        }
        return current.isEmpty() || (source.versionId() != null && !current.get().equals(source.versionId()));
    }

    private static String describe(RequestSource source) {
        return source.uri() != null ? source.uri() + (source.versionId() != null ? " version " + source.versionId() : "")
                : "the inline request of event " + source.eventId();
    }

    /**
     * What the provisioner manages for the Name as the state document shows it: the network stack
     * and the role when the plan creates them, the key statement, the environment.
     */
    static EnvironmentClaim.Created created(JsonNode state) {
        JsonNode plan = state.path("Plan");
        return new EnvironmentClaim.Created(
                plan.path("CreateNetworkStack").asBoolean(false) ? read(state, "Network", NetworkState.class) : null,
                plan.path("CreateExecutionRole").asBoolean(false) ? read(state, "ExecutionRole", ExecutionRoleState.class) : null,
                read(state, "KeyPolicy", KeyPolicyState.class),
                read(state, "Environment", EnvironmentState.class));
    }

    /**
     * The record after a rollback ({@code $.Removal}, purpose Rollback): what it removed or found
     * gone is no longer recorded; what it could not remove (its items still open when it failed),
     * and what earlier rollbacks left that it did not remove, is {@code LeftByRollback}.
     */
    static EnvironmentClaim afterRollback(EnvironmentClaim claim, RemovalState rollback, boolean failed, String now) {
        List<RemovalState.Item> gone = rollback.items().stream().filter(i -> RemovalState.REMOVED.equals(i.status())
                || RemovalState.ABSENT.equals(i.status())).toList();
        EnvironmentClaim.Created known = claim.created() == null ? new EnvironmentClaim.Created(null, null, null, null)
                : claim.created();
        EnvironmentClaim.Created remaining = new EnvironmentClaim.Created(
                removed(gone, RemovalState.NETWORK_STACK) ? null : known.network(),
                removed(gone, RemovalState.EXECUTION_ROLE) ? null : known.executionRole(),
                removed(gone, RemovalState.KEY_POLICY_STATEMENT) ? null : known.keyPolicy(),
                removed(gone, RemovalState.ENVIRONMENT) ? null : known.environment());
        List<RemovalState.Item> left = new ArrayList<>();
        for (RemovalState.Item earlier : claim.leftByRollback() == null ? List.<RemovalState.Item>of() : claim.leftByRollback()) {
            if (gone.stream().noneMatch(g -> same(g, earlier))) {
                left.add(earlier);
            }
        }
        if (failed) {
            for (RemovalState.Item open : rollback.items()) {
                if (open.open() && left.stream().noneMatch(l -> same(l, open))) {
                    left.add(RemovalState.Item.pending(open.kind(), open.name(), null));
                }
            }
        }
        return claim.withCreated(remaining, left, now);
    }

    private static boolean removed(List<RemovalState.Item> gone, String kind) {
        return gone.stream().anyMatch(i -> i.kind().equals(kind));
    }

    private static boolean same(RemovalState.Item a, RemovalState.Item b) {
        return a.kind().equals(b.kind()) && a.name().equals(b.name());
    }

    private static <T> T read(JsonNode state, String field, Class<T> type) {
        JsonNode node = state.get(field);
        if (node == null || node.isNull() || !node.isObject()) {
            return null;
        }
        return WorkflowJson.MAPPER.convertValue(node, type);
    }

    /**
     * What earlier rollbacks left that a successful run does not use now: a resource the run found
     * and took on (the role or stack of the derived name) is the environment's again, never removed
     * behind a Retain.
     */
    static List<RemovalState.Item> stillLeft(List<RemovalState.Item> left, EnvironmentClaim.Created inUse) {
        if (left == null) {
            return null;
        }
        return left.stream().filter(item -> !inUse(item, inUse)).toList();
    }

    private static boolean inUse(RemovalState.Item item, EnvironmentClaim.Created used) {
        return switch (item.kind()) {
            case RemovalState.ENVIRONMENT -> used.environment() != null && item.name().equals(used.environment().name());
            case RemovalState.NETWORK_STACK -> used.network() != null && item.name().equals(used.network().stackName());
            case RemovalState.EXECUTION_ROLE -> used.executionRole() != null && item.name().equals(used.executionRole().roleName());
            case RemovalState.KEY_POLICY_STATEMENT -> used.keyPolicy() != null && item.name().equals(used.keyPolicy().keyArn());
            default -> false;
        };
    }
}
