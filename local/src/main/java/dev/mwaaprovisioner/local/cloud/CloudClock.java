package dev.mwaaprovisioner.local.cloud;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local cloud's one clock. Simulated time is the start instant plus the real time elapsed
 * since, multiplied by the time scale: at scale 1000 a 25-minute environment creation takes 1.5 s.
 * Every duration the services simulate (stack and environment creation, Wait states, retry
 * intervals) is measured and waited for on this clock, so one setting accelerates them all.
 */
public final class CloudClock implements AutoCloseable {

    private final Instant start;
    private final long startNanos;
    private final double timeScale;
    private final ScheduledThreadPoolExecutor scheduler;

    public CloudClock(Instant start, double timeScale) {
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale must be a positive number (1 = real time), not " + timeScale);
        }
        this.start = start;
        this.startNanos = System.nanoTime();
        this.timeScale = timeScale;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "local-cloud-clock-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.scheduler = new ScheduledThreadPoolExecutor(2, threads);
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /** The current simulated instant. */
    public Instant now() {
        long elapsed = System.nanoTime() - startNanos;
        return start.plusNanos((long) (elapsed * timeScale));
    }

    /** How many simulated seconds pass per real second. */
    public double timeScale() {
        return timeScale;
    }

    /** The simulated instant the clock started at. */
    public Instant startInstant() {
        return start;
    }

    /** The real time that a simulated duration takes. */
    public Duration toReal(Duration simulated) {
        if (simulated.isNegative() || simulated.isZero()) {
            return Duration.ZERO;
        }
        double nanos = simulated.toNanos() / timeScale;
        return Duration.ofNanos(nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos);
    }

    /** Blocks the calling thread for a simulated duration. */
    public void sleep(Duration simulated) throws InterruptedException {
        long nanos = toReal(simulated).toNanos();
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    /** Blocks until the simulated instant has passed. */
    public void sleepUntil(Instant simulated) throws InterruptedException {
        sleep(Duration.between(now(), simulated));
    }

    /**
     * Runs the task once the simulated instant has passed (at once if it has). Tasks run on a
     * small shared pool: keep them short and hand long work to a thread of your own.
     */
    public ScheduledFuture<?> schedule(Instant simulated, Runnable task) {
        return scheduleAfter(Duration.between(now(), simulated), task);
    }

    /** Runs the task after a simulated delay. */
    public ScheduledFuture<?> scheduleAfter(Duration simulatedDelay, Runnable task) {
        long nanos = toReal(simulatedDelay).toNanos();
        return scheduler.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                // A failing task must not go unnoticed, and must not kill the scheduler thread.
                System.err.println("local cloud: scheduled task failed: " + e);
                e.printStackTrace();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
