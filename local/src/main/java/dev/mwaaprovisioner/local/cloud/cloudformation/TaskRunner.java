package dev.mwaaprovisioner.local.cloud.cloudformation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs resource tasks in simulated time, in dependency order: a task starts as soon as the tasks
 * it must follow are done (so independent resources progress in parallel, as in CloudFormation),
 * and completes when its {@link Started#completeAt()} has passed. Driven step by step by
 * {@link #nextDue()} and {@link #step(Instant)}; nothing here reads a clock.
 */
final class TaskRunner {

    /** One resource action. */
    interface Task {
        /** Starts the work at the instant (events, service calls); says when and how it ends. */
        Started start(Instant at);

        void complete(Instant at);

        void fail(Instant at, String reason);

        /** Called for a running task when another task failed and the runner stops. */
        void cancel(Instant at);
    }

    /** When a started task ends, and the failure reason if it fails. */
    record Started(Instant completeAt, String failure) {
        static Started ok(Instant completeAt) {
            return new Started(completeAt, null);
        }

        static Started failed(Instant at, String reason) {
            return new Started(at, reason);
        }
    }

    private final Map<String, Task> tasks;
    private final Map<String, Set<String>> after;
    private final boolean stopOnFailure;
    private final Set<String> pending = new LinkedHashSet<>();
    private final Map<String, Started> running = new LinkedHashMap<>();
    private final Set<String> done = new LinkedHashSet<>();
    private final List<String> failed = new ArrayList<>();
    private Instant cursor;
    private boolean stopped;

    /**
     * @param tasks the tasks by ID, in the order to start them when several are ready
     * @param after for each task, the tasks that must be done before it starts
     * @param stopOnFailure stop at the first failure (create, update) rather than carry on with
     *     what does not depend on the failed task (delete)
     */
    TaskRunner(Map<String, Task> tasks, Map<String, Set<String>> after, Instant start, boolean stopOnFailure) {
        this.tasks = new LinkedHashMap<>(tasks);
        this.after = after;
        this.stopOnFailure = stopOnFailure;
        this.cursor = start;
        pending.addAll(tasks.keySet());
    }

    boolean finished() {
        // Nothing running and nothing ready: what is left pending waits on a failed task for ever.
        return running.isEmpty() && (stopped || !anyReady());
    }

    boolean failedAny() {
        return !failed.isEmpty();
    }

    List<String> failedTasks() {
        return List.copyOf(failed);
    }

    /** The next instant something happens, or null when the runner is finished. */
    Instant nextDue() {
        if (!stopped && anyReady()) {
            return cursor;
        }
        return running.values().stream().map(Started::completeAt).min(Comparator.naturalOrder()).orElse(null);
    }

    /** Completes what is due at the instant, then starts what became ready. */
    void step(Instant at) {
        if (at.isAfter(cursor)) {
            cursor = at;
        }
        List<Map.Entry<String, Started>> due = running.entrySet().stream()
                .filter(e -> !e.getValue().completeAt().isAfter(at))
                .sorted(Map.Entry.comparingByValue(Comparator.comparing(Started::completeAt))).toList();
        for (Map.Entry<String, Started> entry : due) {
            running.remove(entry.getKey());
            Task task = tasks.get(entry.getKey());
            if (entry.getValue().failure() == null) {
                task.complete(cursor);
                done.add(entry.getKey());
            } else {
                task.fail(cursor, entry.getValue().failure());
                failed.add(entry.getKey());
                stopped |= stopOnFailure;
            }
        }
        if (stopped) {
            running.keySet().forEach(id -> tasks.get(id).cancel(cursor));
            running.clear();
            pending.clear();
            return;
        }
        for (String id : List.copyOf(pending)) {
            if (done.containsAll(after.getOrDefault(id, Set.of()))) {
                pending.remove(id);
                running.put(id, tasks.get(id).start(cursor));
            }
        }
    }

    private boolean anyReady() {
        return pending.stream().anyMatch(id -> done.containsAll(after.getOrDefault(id, Set.of())));
    }
}
