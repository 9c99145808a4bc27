package dev.mwaaprovisioner.local.cloud.stepfunctions;

import dev.mwaaprovisioner.local.asl.AslClock;
import dev.mwaaprovisioner.local.asl.ExecutionClock;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import java.time.Duration;
import java.time.Instant;

/**
 * The local cloud's clock as the interpreter's clock, so Wait states and retries follow
 * --time-scale; each execution runs on an {@link ExecutionClock} of it.
 */
public final class CloudAslClock implements AslClock {

    private final CloudClock clock;

    public CloudAslClock(CloudClock clock) {
        this.clock = clock;
    }

    @Override
    public Instant now() {
        return clock.now();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        clock.sleep(duration);
    }

    /** Each execution runs on its own clock: accelerated while it waits, real time while it works. */
    @Override
    public AslClock forExecution() {
        return new ExecutionClock(this);
    }
}
