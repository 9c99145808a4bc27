package dev.mwaaprovisioner.local.asl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The time an execution runs on. Wait states, retry intervals and timeouts sleep on it, so a
 * simulated clock (for example one that runs faster than real time) speeds whole workflows up.
 */
public interface AslClock {

    Instant now();

    /** Sleeps for {@code duration} of this clock's time; interruption aborts the sleep. */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits until {@code duration} has passed both on this clock and in real time. Timeouts that
     * bound real work (a Lambda function running) use it: a clock that runs faster than real time
     * shortens waiting, never the time a handler really needs.
     */
    default void sleepForWork(Duration duration) throws InterruptedException {
        long realStart = System.nanoTime();
        sleep(duration);
        long left = duration.toNanos() - (System.nanoTime() - realStart);
        if (left > 0) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /**
     * Waits until {@code duration} has passed on this clock, for a deadline such as an
     * execution's {@code TimeoutSeconds}; unlike {@link #sleep}, it does not itself make the
     * clock of an execution flow faster ({@link ExecutionClock}).
     */
    default void awaitPassing(Duration duration) throws InterruptedException {
        sleep(duration);
    }

    /**
     * The clock one execution runs on: this clock itself, or for an accelerated clock an
     * {@link ExecutionClock} on it, so that the time its functions really take is not accelerated.
     */
    default AslClock forExecution() {
        return this;
    }

    /** Real wall-clock time. */
    static AslClock system() {
        return new AslClock() {
            @Override
            public Instant now() {
                return Clock.systemUTC().instant();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                if (!duration.isNegative() && !duration.isZero()) {
                    Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
                }
            }
        };
    }
}
