package dev.mwaaprovisioner.common.workflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * When to check again on something that takes long to create.
 *
 * <p>The first check comes after the typical creation time (nothing is gained by asking earlier),
 * then a few short, growing intervals catch the common case soon after it completes, then a
 * steady interval, and a longer one once creation is well past normal, until the deadline. The
 * schedule is a pure function of the time elapsed since creation started, so a re-run, a retried
 * check or a slow invocation never shifts it; the state machine's Wait state sleeps for
 * {@link #nextCheckSeconds(Duration)}.
 */
public final class PollingSchedule {

    /** The network stack: typically 3 minutes (NAT gateways); CloudFormation ends it on its own. */
    public static final PollingSchedule NETWORK_STACK = new PollingSchedule("network stack",
            Duration.ofMinutes(3), List.of(Duration.ofSeconds(30), Duration.ofSeconds(45), Duration.ofSeconds(60)),
            Duration.ofSeconds(90), Duration.ofMinutes(20), Duration.ofMinutes(5), Duration.ofMinutes(60));

    /** The MWAA environment: typically 20-30 minutes, hours have been seen; budget 3 hours. */
    public static final PollingSchedule ENVIRONMENT = new PollingSchedule("environment",
            Duration.ofMinutes(20), List.of(Duration.ofSeconds(60), Duration.ofSeconds(90)),
            Duration.ofSeconds(120), Duration.ofMinutes(60), Duration.ofMinutes(5), Duration.ofHours(3));

    /**
     * An environment's deletion: MWAA takes 10-20 minutes; the first look is after the short end.
     * It includes waiting for an environment MWAA will not delete yet (still CREATING, say).
     */
    public static final PollingSchedule ENVIRONMENT_DELETION = new PollingSchedule("environment deletion",
            Duration.ofMinutes(10), List.of(Duration.ofSeconds(60), Duration.ofSeconds(90)),
            Duration.ofSeconds(120), Duration.ofMinutes(40), Duration.ofMinutes(5), Duration.ofHours(2));

    /**
     * A network stack's deletion: 1-3 minutes (its NAT gateways take longest), and the deletions
     * repeated while a deleted environment's network interfaces linger, all within the hour.
     */
    public static final PollingSchedule NETWORK_STACK_DELETION = new PollingSchedule("network stack deletion",
            Duration.ofSeconds(60), List.of(Duration.ofSeconds(30), Duration.ofSeconds(45), Duration.ofSeconds(60)),
            Duration.ofSeconds(90), Duration.ofMinutes(20), Duration.ofMinutes(5), Duration.ofMinutes(60));

    private final String subject;
    private final Duration firstCheck;
    private final List<Duration> growing;
    private final Duration steady;
    private final Duration lateAfter;
    private final Duration late;
    private final Duration deadline;

    public PollingSchedule(String subject, Duration firstCheck, List<Duration> growing, Duration steady,
            Duration lateAfter, Duration late, Duration deadline) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.firstCheck = positive(firstCheck, "firstCheck");
        this.growing = List.copyOf(growing);
        this.growing.forEach(d -> positive(d, "growing interval"));
        this.steady = positive(steady, "steady");
        this.lateAfter = positive(lateAfter, "lateAfter");
        this.late = positive(late, "late");
        this.deadline = positive(deadline, "deadline");
        if (deadline.compareTo(firstCheck) < 0) {
            throw new IllegalArgumentException("deadline " + deadline + " comes before the first check " + firstCheck);
        }
    }

    /** What is being waited for, for messages ("network stack", "environment"). */
    public String subject() {
        return subject;
    }

    public Duration deadline() {
        return deadline;
    }

    /** True once the deadline has passed: the check gives up. */
    public boolean isPastDeadline(Duration elapsed) {
        return elapsed.compareTo(deadline) >= 0;
    }

    /**
     * Seconds to wait from {@code elapsed} (time since creation started) to the next check: the
     * first check point strictly after it, never past the deadline, at least one second. Rounded
     * up: a check runs a fraction of a second after its Wait state ends, and a wait rounded down
     * would end just before the check point and cost a one-second wait and a check more.
     */
    public long nextCheckSeconds(Duration elapsed) {
        Duration next = deadline;
        for (Duration point : checkPointsUntil(deadline)) {
            if (point.compareTo(elapsed) > 0) {
                next = point;
                break;
            }
        }
        Duration wait = next.minus(elapsed);
        long seconds = wait.toSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    /** The check points (elapsed times) from the first one up to and including {@code limit}. */
    public List<Duration> checkPointsUntil(Duration limit) {
        List<Duration> points = new ArrayList<>();
        Duration point = firstCheck;
        int index = 0;
        while (point.compareTo(limit) <= 0 && point.compareTo(deadline) <= 0) {
            points.add(point);
            Duration interval = index < growing.size() ? growing.get(index)
                    : point.compareTo(lateAfter) >= 0 ? late : steady;
            point = point.plus(interval);
            index++;
        }
        return points;
    }

    /**
     * How many checks see something that completes {@code completion} after creation started:
     * the checks up to and including the first one at or after completion.
     */
    public int checksToNotice(Duration completion) {
        int checks = 0;
        for (Duration point : checkPointsUntil(deadline)) {
            checks++;
            if (point.compareTo(completion) >= 0) {
                return checks;
            }
        }
        return checks;
    }

    /** The delay between completion and the check that notices it. */
    public Duration noticeDelay(Duration completion) {
        for (Duration point : checkPointsUntil(deadline)) {
            if (point.compareTo(completion) >= 0) {
                return point.minus(completion);
            }
        }
        throw new IllegalArgumentException(subject + " completing after " + completion
                + " is past the deadline " + deadline);
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
        return value;
    }
}
