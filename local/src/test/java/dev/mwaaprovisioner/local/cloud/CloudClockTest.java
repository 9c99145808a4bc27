package dev.mwaaprovisioner.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

@Isolated("Measures real sleeps against the clock: alone, so other tests do not share its cores")
class CloudClockTest {

    @Test
    void simulatedTimeRunsTimeScaleTimesFasterThanRealTime() throws Exception {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        try (CloudClock clock = new CloudClock(start, 1000)) {
            long real = System.nanoTime();
            clock.sleep(Duration.ofMinutes(1));
            long realMillis = (System.nanoTime() - real) / 1_000_000;
            assertThat(realMillis).isBetween(55L, 1000L);
            assertThat(clock.now()).isAfterOrEqualTo(start.plus(Duration.ofMinutes(1)));
            assertThat(clock.timeScale()).isEqualTo(1000);
            assertThat(clock.toReal(Duration.ofMinutes(25))).isEqualTo(Duration.ofMillis(1500));
        }
    }

    @Test
    void schedulesAtASimulatedInstant() throws Exception {
        try (CloudClock clock = new CloudClock(Instant.now(), 1000)) {
            Instant due = clock.now().plus(Duration.ofSeconds(30));
            CountDownLatch ran = new CountDownLatch(1);
            AtomicReference<Instant> at = new AtomicReference<>();
            clock.schedule(due, () -> {
                at.set(clock.now());
                ran.countDown();
            });
            assertThat(ran.await(2, TimeUnit.SECONDS)).isTrue();
            assertThat(at.get()).isAfterOrEqualTo(due);
        }
    }

    @Test
    void refusesANonPositiveScale() {
        assertThatThrownBy(() -> new CloudClock(Instant.now(), 0)).hasMessageContaining("positive");
    }
}
