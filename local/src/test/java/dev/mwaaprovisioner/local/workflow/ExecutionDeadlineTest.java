package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.workflow.PollingSchedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An execution that times out reports nothing and keeps the Name's claim, so the state machine's
 * TimeoutSeconds must outlast the longest path the workflow can take by its own deadlines: a
 * network stack and an environment that take until their deadlines, then the rollback that waits
 * for the environment (still CREATING, MWAA will not delete it yet) and deletes the network stack
 * (again and again while the environment's network interfaces linger); or an update that waits its
 * turn behind a busy environment twice (PlanChanges and UpdateEnvironment retry), then takes until
 * the environment deadline. Read from the real ASL and the schedules the handlers use.
 */
class ExecutionDeadlineTest {

    /** Everything that is not a polled wait: invocations, IAM propagation retries, reports. */
    private static final Duration STEPS = Duration.ofMinutes(30);

    private static final JsonNode ASL = RepositoryFiles.json(RepositoryFiles.STATE_MACHINE);

    /** The longest a Task's retriers for one error can wait in all: interval × (1 + rate + rate² + ...). */
    private static Duration longestRetry(String state, String error) {
        for (JsonNode retrier : ASL.path("States").path(state).path("Retry")) {
            for (JsonNode equals : retrier.path("ErrorEquals")) {
                if (equals.asText().endsWith(error)) {
                    double interval = retrier.path("IntervalSeconds").asDouble(1);
                    double rate = retrier.path("BackoffRate").asDouble(2);
                    double cap = retrier.path("MaxDelaySeconds").asDouble(Double.MAX_VALUE);
                    double total = 0;
                    for (int attempt = 0; attempt < retrier.path("MaxAttempts").asInt(3); attempt++) {
                        total += Math.min(cap, interval * Math.pow(rate, attempt));
                    }
                    return Duration.ofSeconds((long) Math.ceil(total));
                }
            }
        }
        throw new AssertionError(state + " has no retrier for " + error);
    }

    @Test
    void theExecutionOutlastsItsLongestPathSoItAlwaysReports() {
        Duration timeout = Duration.ofSeconds(ASL.path("TimeoutSeconds").asLong());
        Duration createAndRollBack = PollingSchedule.NETWORK_STACK.deadline()
                .plus(PollingSchedule.ENVIRONMENT.deadline())
                .plus(PollingSchedule.ENVIRONMENT_DELETION.deadline())
                .plus(PollingSchedule.NETWORK_STACK_DELETION.deadline());
        Duration updateBehindABusyEnvironment = longestRetry("PlanChanges", "EnvironmentBusyException")
                .plus(longestRetry("UpdateEnvironment", "EnvironmentBusyException"))
                .plus(PollingSchedule.ENVIRONMENT.deadline());
        assertThat(timeout).as("TimeoutSeconds against creation + rollback (%s) and a busy update (%s), plus %s of "
                        + "steps", createAndRollBack, updateBehindABusyEnvironment, STEPS)
                .isGreaterThanOrEqualTo(createAndRollBack.plus(STEPS))
                .isGreaterThanOrEqualTo(updateBehindABusyEnvironment.plus(STEPS));
    }
}
