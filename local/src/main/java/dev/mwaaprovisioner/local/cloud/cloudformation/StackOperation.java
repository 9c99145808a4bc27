package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.cloudformation.template.DependencyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A stack operation in progress (create, update, delete), as a sequence of phases, each a
 * {@link TaskRunner} of resource tasks followed by what happens when it finishes. Advanced by the
 * stack store to the current simulated instant.
 */
abstract class StackOperation {

    protected final Stack stack;
    protected final StackServices services;
    protected final StackStore store;
    private TaskRunner runner;
    private Consumer<Instant> then;
    private boolean done;

    StackOperation(Stack stack, StackServices services, StackStore store) {
        this.stack = stack;
        this.services = services;
        this.store = store;
    }

    /** Starts the operation at the instant (stack status and first phase). */
    abstract void start(Instant at);

    final boolean done() {
        return done;
    }

    /** When the operation next has something to do; null when done. */
    final Instant nextDue() {
        return done || runner == null ? null : runner.nextDue();
    }

    /** Runs everything due up to the instant. */
    final void advance(Instant now) {
        while (!done && runner != null) {
            Instant due = runner.nextDue();
            if (due == null || due.isAfter(now)) {
                return;
            }
            runner.step(due);
            if (runner.finished()) {
                endPhase(due);
            }
        }
    }

    /** Runs a phase; {@code whenFinished} decides what follows it. */
    protected final void phase(TaskRunner phaseRunner, Consumer<Instant> whenFinished, Instant at) {
        runner = phaseRunner;
        then = whenFinished;
        if (phaseRunner.finished()) {
            endPhase(at);
        }
    }

    private void endPhase(Instant at) {
        Consumer<Instant> next = then;
        then = null;
        next.accept(at);
    }

    protected final TaskRunner runner() {
        return runner;
    }

    /** Ends the operation; the stack accepts the next one. */
    protected final void finish() {
        done = true;
        runner = null;
        stack.operation(null);
    }

    /** Each resource's share of the operation: the duration over the number of waves of the graph. */
    static Duration stepDuration(Duration total, DependencyGraph graph, Collection<String> ids) {
        Map<String, Integer> level = new HashMap<>();
        int depth = 0;
        for (String id : graph.creationOrder()) {
            if (!ids.contains(id)) {
                continue;
            }
            int l = 1 + graph.dependencies(id).stream().filter(ids::contains).mapToInt(d -> level.getOrDefault(d, 0))
                    .max().orElse(0);
            level.put(id, l);
            depth = Math.max(depth, l);
        }
        return depth == 0 ? total : total.dividedBy(depth);
    }

    /** For creation: each task after the tasks of what it depends on. */
    static Map<String, Set<String>> creationOrder(DependencyGraph graph, Collection<String> ids) {
        Map<String, Set<String>> after = new LinkedHashMap<>();
        for (String id : ids) {
            Set<String> deps = new LinkedHashSet<>(graph.dependencies(id));
            deps.retainAll(ids);
            after.put(id, deps);
        }
        return after;
    }

    /** For deletion: each task after the tasks of what depends on it. */
    static Map<String, Set<String>> deletionOrder(DependencyGraph graph, Collection<String> ids) {
        Map<String, Set<String>> after = new LinkedHashMap<>();
        for (String id : ids) {
            Set<String> dependents = new LinkedHashSet<>(graph.nodes().contains(id) ? graph.dependents(id) : Set.of());
            dependents.retainAll(ids);
            after.put(id, dependents);
        }
        return after;
    }
}
