package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry and Catch for Task, Parallel and Map states. Each Retrier counts its attempts across the
 * whole visit of the state; the first Retrier whose ErrorEquals matches decides, even when it is
 * exhausted (then the Catchers are scanned).
 */
final class ErrorHandling {

    /** One attempt of the state's work, producing the state output. */
    @FunctionalInterface
    interface Attempt {
        JsonNode run(int retryCount);
    }

    private ErrorHandling() {
    }

    static Transition run(ResultState state, StateRun run, JsonNode rawInput, Attempt attempt) {
        List<Retrier> retriers = state.retriers;
        int[] used = new int[retriers.size()];
        int retryCount = 0;
        while (true) {
            try {
                return new Transition(attempt.run(retryCount), state.next);
            } catch (StatesError e) {
                if (e.isTerminal()) {
                    throw e;
                }
                int index = firstMatch(retriers.stream().map(Retrier::errorEquals).toList(), e.error());
                if (index >= 0 && used[index] < retriers.get(index).maxAttempts()) {
                    Duration delay = delay(retriers.get(index), used[index]);
                    used[index]++;
                    retryCount++;
                    sleep(run, delay);
                    continue;
                }
                for (Catcher catcher : state.catchers) {
                    if (matches(catcher.errorEquals(), e.error())) {
                        ObjectNode errorOutput = HistoryDetails.object();
                        if (e.error() != null) {
                            errorOutput.put("Error", e.error());
                        }
                        if (e.cause() != null) {
                            errorOutput.put("Cause", e.cause());
                        }
                        return new Transition(JsonPaths.placeResult(rawInput, catcher.resultPath(), errorOutput),
                                catcher.next());
                    }
                }
                throw e;
            }
        }
    }

    /**
     * Whether an ErrorEquals list matches an error: by name, by {@code States.ALL}, or by
     * {@code States.TaskFailed}, which matches everything except {@code States.Timeout}.
     */
    static boolean matches(List<String> errorEquals, String error) {
        for (String name : errorEquals) {
            if (name.equals(StatesError.ALL) || name.equals(error)
                    || (name.equals(StatesError.TASK_FAILED) && !StatesError.TIMEOUT.equals(error))) {
                return true;
            }
        }
        return false;
    }

    private static int firstMatch(List<List<String>> lists, String error) {
        for (int i = 0; i < lists.size(); i++) {
            if (matches(lists.get(i), error)) {
                return i;
            }
        }
        return -1;
    }

    /** IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, then jittered if FULL. */
    static Duration delay(Retrier retrier, int attempt) {
        double seconds = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), attempt);
        if (retrier.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, retrier.maxDelaySeconds());
        }
        if (retrier.jitterStrategy() == Retrier.JitterStrategy.FULL) {
            seconds = ThreadLocalRandom.current().nextDouble(0, seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static void sleep(StateRun run, Duration delay) {
        try {
            run.runtime().clock.sleep(delay);
        } catch (InterruptedException e) {
            throw run.frame.scope.interrupted();
        }
        run.frame.scope.check();
    }
}
