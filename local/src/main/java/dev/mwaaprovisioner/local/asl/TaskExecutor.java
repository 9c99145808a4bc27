package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Task states: for each attempt, the effective input (InputPath, Parameters), the Lambda call with
 * its TimeoutSeconds on the clock, then ResultSelector, ResultPath and OutputPath; Retry and Catch
 * around it.
 */
final class TaskExecutor {

    private TaskExecutor() {
    }

    static Transition execute(TaskState task, JsonNode rawInput, StateRun run) {
        return ErrorHandling.run(task, run, rawInput, retryCount -> {
            JsonNode effective = run.effectiveInput(rawInput, task.parameters, retryCount);
            Duration timeout = timeout(task, rawInput, run);
            JsonNode result = LambdaTask.invoke(task, effective, timeout, run);
            return run.output(rawInput, result, task.resultSelector, task.resultPath, retryCount);
        });
    }

    /** TimeoutSeconds, or the positive integer TimeoutSecondsPath selects from the input; null for none. */
    private static Duration timeout(TaskState task, JsonNode rawInput, StateRun run) {
        if (task.timeoutSeconds != null) {
            return Duration.ofSeconds(task.timeoutSeconds);
        }
        if (task.timeoutSecondsPath == null) {
            return null;
        }
        JsonNode value = run.read(task.timeoutSecondsPath, run.inputPath(rawInput), "TimeoutSecondsPath");
        if (!Json.isIntegral(value) || value.decimalValue().signum() <= 0) {
            throw run.runtimeError("The TimeoutSecondsPath parameter does not reference a positive integer: "
                    + Json.compact(value));
        }
        return Duration.ofSeconds(value.longValue());
    }
}
