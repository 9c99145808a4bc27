package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;

/** Wait states sleep on the execution's clock, so a faster clock shortens them. */
final class WaitExecutor {

    private WaitExecutor() {
    }

    static Transition execute(WaitState wait, JsonNode rawInput, StateRun run) {
        JsonNode input = run.inputPath(rawInput);
        AslClock clock = run.runtime().clock;
        Duration duration;
        if (wait.seconds != null) {
            duration = Duration.ofSeconds(wait.seconds);
        } else if (wait.secondsPath != null) {
            JsonNode seconds = run.read(wait.secondsPath, input, "SecondsPath");
            if (!Json.isIntegral(seconds) || seconds.decimalValue().signum() < 0) {
                throw run.runtimeError("The SecondsPath parameter does not reference a valid non-negative integer: "
                        + Json.compact(seconds));
            }
            duration = Duration.ofSeconds(seconds.longValue());
        } else {
            String text = wait.timestamp;
            if (text == null) {
                JsonNode value = run.read(wait.timestampPath, input, "TimestampPath");
                if (!value.isTextual() || Timestamps.parse(value.asText()).isEmpty()) {
                    throw run.runtimeError("The TimestampPath parameter does not reference a valid ISO-8601 extended"
                            + " offset date-time format string: " + Json.compact(value));
                }
                text = value.asText();
            }
            Instant until = Timestamps.parse(text).orElseThrow();
            duration = Duration.between(clock.now(), until);
        }
        if (!duration.isNegative() && !duration.isZero()) {
            try {
                clock.sleep(duration);
            } catch (InterruptedException e) {
                throw run.frame.scope.interrupted();
            }
        }
        run.frame.scope.check();
        return new Transition(run.outputPath(input), wait.next);
    }
}
