package dev.mwaaprovisioner.functions.teardown;

import dev.mwaaprovisioner.common.workflow.PollingSchedule;
import dev.mwaaprovisioner.common.workflow.RemovalState.Item;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import java.time.Duration;
import java.time.Instant;

/** What the removal steps share: the schedules they wait on and the creation-time test of a rollback. */
final class Removals {

    static final PollingSchedule ENVIRONMENT_DELETION = PollingSchedule.ENVIRONMENT_DELETION;

    static final PollingSchedule NETWORK_STACK_DELETION = PollingSchedule.NETWORK_STACK_DELETION;

    private Removals() {
    }

    /**
     * Whether a resource created at {@code createdAt} is too old for the item: a rollback item with
     * {@code CreatedAfter} removes only what the failed run itself created.
     */
    static boolean existedBefore(Item item, Instant createdAt) {
        return item.createdAfter() != null && createdAt != null
                && createdAt.isBefore(Instant.parse(item.createdAfter()));
    }

    static Item keptAsOlder(Item item, Instant createdAt) {
        return item.with(RemovalState.KEPT, "it was created at " + createdAt + ", before this run started ("
                + item.createdAfter() + ")");
    }

    /** Seconds to the next look at an item whose removal started at its StartedAt. */
    static long nextCheck(PollingSchedule schedule, Item item, Instant now) {
        Duration elapsed = Duration.between(Instant.parse(item.startedAt()), now);
        if (schedule.isPastDeadline(elapsed)) {
            throw new RemovalFailedException(item.kind() + " " + item.name() + " is still being removed after "
                    + elapsed.toMinutes() + " minutes (deadline " + schedule.deadline().toMinutes() + " minutes); "
                    + "look at it in the console, then send the removal again.");
        }
        return schedule.nextCheckSeconds(elapsed);
    }
}
