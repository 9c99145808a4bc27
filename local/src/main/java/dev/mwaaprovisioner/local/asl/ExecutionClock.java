package dev.mwaaprovisioner.local.asl;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The clock of one execution on an accelerated clock: its time flows at the accelerated clock's
 * rate while the execution waits (a Wait state, a Retry interval), and at the rate of real time
 * while it works (a function running, the interpreter itself). So a time scale makes waiting
 * short without letting real work eat into the execution's simulated durations: a function that
 * takes two real seconds takes two seconds of the execution's time, not two hours, and an
 * execution's {@code TimeoutSeconds} or a polling loop's deadline measures waiting, as on AWS.
 *
 * <p>The execution's time never runs ahead of the base clock (it flows at most as fast), so when
 * it has waited three minutes, at least three minutes have passed for the services it polls.
 */
public final class ExecutionClock implements AslClock {

    private final AslClock base;
    private Instant checkpoint;
    private Instant baseAtCheckpoint;
    private long realNanosAtCheckpoint;
    private int sleepers;

    /**
     * @param base the accelerated clock (the local cloud's) the execution waits on
     */
    public ExecutionClock(AslClock base) {
        this.base = base;
        this.checkpoint = base.now();
        this.baseAtCheckpoint = checkpoint;
        this.realNanosAtCheckpoint = System.nanoTime();
    }

    @Override
    public synchronized Instant now() {
        if (sleepers > 0) {
            return checkpoint.plus(Duration.between(baseAtCheckpoint, base.now()));
        }
        return checkpoint.plusNanos(System.nanoTime() - realNanosAtCheckpoint);
    }

    /** Records the current instant as the point the rate changes at, and wakes passive waiters. */
    private void checkpoint() {
        Instant now = now();
        checkpoint = now;
        baseAtCheckpoint = base.now();
        realNanosAtCheckpoint = System.nanoTime();
        notifyAll();
    }

    /** Waits actively: the execution's time flows at the base clock's rate until the duration has passed. */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        Instant target;
        synchronized (this) {
            target = now().plus(duration);
            checkpoint();
            sleepers++;
        }
        try {
            while (true) {
                Duration remaining;
                synchronized (this) {
                    remaining = Duration.between(now(), target);
                }
                if (remaining.isNegative() || remaining.isZero()) {
                    return;
                }
                base.sleep(remaining);
            }
        } finally {
            synchronized (this) {
                checkpoint();
                sleepers--;
            }
        }
    }

    /**
     * Waits passively until the duration has passed on this clock: a deadline (an execution's
     * {@code TimeoutSeconds}) that does not make time flow faster by itself.
     */
    @Override
    public void awaitPassing(Duration duration) throws InterruptedException {
        Instant deadline;
        synchronized (this) {
            deadline = now().plus(duration);
        }
        while (true) {
            Duration remaining;
            synchronized (this) {
                remaining = Duration.between(now(), deadline);
                if (remaining.isNegative() || remaining.isZero()) {
                    return;
                }
                if (sleepers == 0) {
                    // Time flows at the real rate until a wait starts, which wakes this to recompute.
                    TimeUnit.NANOSECONDS.timedWait(this, remaining.toNanos());
                    continue;
                }
            }
            // Time flows at the base clock's rate while the execution waits; if the wait ends
            // sooner, it slows down and this loop waits for the rest.
            base.sleep(remaining);
        }
    }

    /** A work timeout (a task's TimeoutSeconds): passes on this clock and in real time. */
    @Override
    public void sleepForWork(Duration duration) throws InterruptedException {
        long realStart = System.nanoTime();
        awaitPassing(duration);
        long left = duration.toNanos() - (System.nanoTime() - realStart);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    @Override
    public AslClock forExecution() {
        return new ExecutionClock(base);
    }
}
