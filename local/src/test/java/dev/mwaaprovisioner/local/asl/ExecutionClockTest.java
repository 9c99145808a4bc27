package dev.mwaaprovisioner.local.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.stepfunctions.CloudAslClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** An execution's time: accelerated while it waits, real while it works, never ahead of the cloud. */
@Isolated("Measures real time against the execution clock: alone, so other tests do not share its cores")
class ExecutionClockTest {

    private final CloudClock cloud = new CloudClock(Instant.parse("2026-11-28T00:00:00Z"), 1000);
    private final CloudAslClock base = new CloudAslClock(cloud);

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void workTakesItsRealTimeWhileTheCloudRunsAhead() throws InterruptedException {
        AslClock clock = base.forExecution();
        assertThat(clock).isInstanceOf(ExecutionClock.class);
        Instant start = clock.now();
        Thread.sleep(200); // a function working for 200 ms of real time
        Duration worked = Duration.between(start, clock.now());
        assertThat(worked).isBetween(Duration.ofMillis(200), Duration.ofSeconds(20));
        assertThat(Duration.between(start, cloud.now())).isGreaterThan(Duration.ofSeconds(150));
        assertThat(clock.now()).isBefore(cloud.now());
    }

    @Test
    void waitingIsAcceleratedAndTheExecutionsTimeNeverRunsAheadOfTheCloud() throws InterruptedException {
        AslClock clock = base.forExecution();
        Instant start = clock.now();
        long real = System.nanoTime();
        clock.sleep(Duration.ofMinutes(10));
        assertThat(Duration.ofNanos(System.nanoTime() - real)).isLessThan(Duration.ofSeconds(5));
        assertThat(Duration.between(start, clock.now())).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(12));
        assertThat(clock.now()).isBeforeOrEqualTo(cloud.now());
    }

    @Test
    void aDeadlinePassesDuringAWaitAtTheExecutionsTime() throws Exception {
        AslClock clock = base.forExecution();
        Instant start = clock.now();
        CompletableFuture<Instant> deadline = CompletableFuture.supplyAsync(() -> {
            try {
                clock.awaitPassing(Duration.ofMinutes(5));
                return clock.now();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        clock.sleep(Duration.ofMinutes(20));
        Duration passed = Duration.between(start, deadline.get());
        assertThat(passed).as("the deadline passed while the execution waited, not after").isBetween(
                Duration.ofMinutes(5), Duration.ofMinutes(15));
    }

    @Test
    void aDeadlineWithoutWaitingPassesInRealTime() throws InterruptedException {
        AslClock clock = base.forExecution();
        long real = System.nanoTime();
        clock.awaitPassing(Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - real)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
