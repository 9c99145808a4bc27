package dev.mwaaprovisioner.common.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollingScheduleTest {

    private static final PollingSchedule STACK = PollingSchedule.NETWORK_STACK;
    private static final PollingSchedule ENVIRONMENT = PollingSchedule.ENVIRONMENT;

    @Test
    void firstCheckComesAfterTheTypicalDurationThenIntervalsGrow() {
        assertThat(STACK.nextCheckSeconds(Duration.ZERO)).isEqualTo(180);
        assertThat(STACK.checkPointsUntil(Duration.ofMinutes(8))).containsExactly(
                Duration.ofSeconds(180), Duration.ofSeconds(210), Duration.ofSeconds(255),
                Duration.ofSeconds(315), Duration.ofSeconds(405));
        assertThat(ENVIRONMENT.nextCheckSeconds(Duration.ZERO)).isEqualTo(1200);
        assertThat(ENVIRONMENT.checkPointsUntil(Duration.ofMinutes(27))).containsExactly(
                Duration.ofMinutes(20), Duration.ofMinutes(21), Duration.ofSeconds(1350),
                Duration.ofSeconds(1470), Duration.ofSeconds(1590));
    }

    @Test
    void theScheduleDependsOnlyOnElapsedTimeSoSlowChecksDoNotShiftIt() {
        // A check that ran 7 s late (at 187 s) still aims at the 210 s point.
        assertThat(STACK.nextCheckSeconds(Duration.ofSeconds(187))).isEqualTo(23);
        assertThat(STACK.nextCheckSeconds(Duration.ofSeconds(210))).isEqualTo(45);
    }

    @Test
    void longRunningCreationsAreCheckedLessOftenAndNeverPastTheDeadline() {
        List<Duration> points = ENVIRONMENT.checkPointsUntil(ENVIRONMENT.deadline());
        Duration lastInterval = points.get(points.size() - 1).minus(points.get(points.size() - 2));
        assertThat(lastInterval).isEqualTo(Duration.ofMinutes(5));
        assertThat(points.get(points.size() - 1)).isLessThanOrEqualTo(Duration.ofHours(3));
        assertThat(points).hasSizeLessThan(60);
        assertThat(ENVIRONMENT.nextCheckSeconds(Duration.ofHours(3).minusSeconds(10))).isEqualTo(10);
        assertThat(ENVIRONMENT.isPastDeadline(Duration.ofHours(3))).isTrue();
        assertThat(ENVIRONMENT.isPastDeadline(Duration.ofMinutes(179))).isFalse();
    }

    @Test
    void typicalCreationsAreNoticedWithinTwoMinutes() {
        for (int minutes = 3; minutes <= 19; minutes++) {
            assertThat(STACK.noticeDelay(Duration.ofMinutes(minutes))).as("stack at %d min", minutes)
                    .isLessThanOrEqualTo(Duration.ofMinutes(2));
        }
        for (int minutes = 20; minutes <= 59; minutes++) {
            assertThat(ENVIRONMENT.noticeDelay(Duration.ofMinutes(minutes))).as("environment at %d min", minutes)
                    .isLessThanOrEqualTo(Duration.ofMinutes(2));
        }
    }

    @Test
    void aThreeMinuteStackAndATwentyFiveMinuteEnvironmentNeedFewChecks() {
        assertThat(STACK.checksToNotice(Duration.ofMinutes(3))).isEqualTo(1);
        assertThat(STACK.checksToNotice(Duration.ofMinutes(3).plusSeconds(1))).isEqualTo(2);
        assertThat(ENVIRONMENT.checksToNotice(Duration.ofMinutes(25))).isEqualTo(5);
    }

    /**
     * A check runs a little after the Wait state ends (the invocation, the state transitions), so
     * the elapsed time it sees has a fraction of a second. Rounding the next wait down would land
     * just before the check point and add a one-second wait and a check in between every time.
     */
    @Test
    void checksThatRunAFractionOfASecondLateStillMakeOneCheckPerCheckPoint() {
        for (PollingSchedule schedule : List.of(STACK, ENVIRONMENT)) {
            Duration latency = Duration.ofMillis(350);
            Duration elapsed = latency;
            List<Long> waits = new java.util.ArrayList<>();
            while (!schedule.isPastDeadline(elapsed)) {
                long wait = schedule.nextCheckSeconds(elapsed);
                waits.add(wait);
                elapsed = elapsed.plusSeconds(wait).plus(latency);
            }
            assertThat(waits).as(schedule.subject() + ": one check per check point")
                    .hasSize(schedule.checkPointsUntil(schedule.deadline()).size()
                            + (schedule.checkPointsUntil(schedule.deadline()).contains(schedule.deadline()) ? 0 : 1));
            assertThat(waits).as(schedule.subject() + ": no one-second wait between check points")
                    .allMatch(w -> w >= 29);
        }
    }

    @Test
    void refusesSchedulesThatMakeNoSense() {
        assertThatThrownBy(() -> new PollingSchedule("x", Duration.ZERO, List.of(), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("firstCheck");
        assertThatThrownBy(() -> new PollingSchedule("x", Duration.ofMinutes(5), List.of(), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1)))
                .hasMessageContaining("deadline");
    }
}
