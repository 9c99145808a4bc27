package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Runs the branches of a Parallel state or the iterations of a Map state on the execution's
 * threads, at most {@code concurrency} at a time, in one cancellation group: the first failure
 * cancels the rest and becomes the failure of the whole.
 */
final class NestedRuns {

    /** The work of one branch or iteration, given its frame. */
    @FunctionalInterface
    interface Unit {
        JsonNode run(Frame frame);
    }

    private NestedRuns() {
    }

    /**
     * Runs the units and returns their outputs in order.
     *
     * @throws StatesError the first failure of a unit
     * @throws Scope.CancelledException when the enclosing scope was cancelled
     */
    static List<JsonNode> runAll(List<Unit> units, int concurrency, Frame parent) {
        Scope group = parent.scope.child();
        Semaphore permits = new Semaphore(Math.max(1, concurrency));
        AtomicReference<StatesError> firstFailure = new AtomicReference<>();
        List<Future<JsonNode>> futures = new ArrayList<>();
        try {
            for (Unit unit : units) {
                permits.acquire();
                if (group.isCancelled()) {
                    permits.release();
                    break;
                }
                Scope scope = group.child();
                Frame frame = parent.nested(scope);
                futures.add(parent.runtime.pool.submit(() -> {
                    scope.enter();
                    try {
                        return unit.run(frame);
                    } catch (StatesError e) {
                        firstFailure.compareAndSet(null, e);
                        group.cancel();
                        throw e;
                    } finally {
                        scope.exit();
                        permits.release();
                    }
                }));
            }
        } catch (InterruptedException e) {
            group.cancel();
            awaitQuietly(futures);
            throw parent.scope.interrupted();
        }
        List<JsonNode> outputs = new ArrayList<>();
        for (Future<JsonNode> future : futures) {
            try {
                outputs.add(future.get());
            } catch (InterruptedException e) {
                group.cancel();
                awaitQuietly(futures);
                throw parent.scope.interrupted();
            } catch (ExecutionException | CancellationException e) {
                // a failure or a cancellation; decided below once every unit has stopped
            }
        }
        awaitQuietly(futures);
        if (firstFailure.get() != null) {
            throw firstFailure.get();
        }
        parent.scope.check();
        if (outputs.size() != units.size()) {
            throw new IllegalStateException("A nested run ended without output or failure");
        }
        return outputs;
    }

    private static void awaitQuietly(List<Future<JsonNode>> futures) {
        boolean interrupted = false;
        for (Future<JsonNode> future : futures) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | CancellationException e) {
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static <T> List<Unit> units(List<T> items, Function<T, Unit> toUnit) {
        return items.stream().map(toUnit).toList();
    }
}
