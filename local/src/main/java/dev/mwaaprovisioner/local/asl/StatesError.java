package dev.mwaaprovisioner.local.asl;

/**
 * An error a state reports at run time: an Error Name (e.g. {@code States.TaskFailed},
 * {@code java.lang.IllegalStateException}) and a human-readable cause. Retry and Catch match on
 * the name.
 */
final class StatesError extends RuntimeException {

    static final String ALL = "States.ALL";
    static final String TASK_FAILED = "States.TaskFailed";
    static final String TIMEOUT = "States.Timeout";
    static final String RUNTIME = "States.Runtime";
    static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";

    private final String error;
    private final String cause;

    StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
    }

    String error() {
        return error;
    }

    String cause() {
        return cause;
    }

    /**
     * Whether Retry and Catch may handle this error at all: Step Functions lets neither
     * {@code States.ALL} nor a named match catch {@code States.Runtime} and
     * {@code States.DataLimitExceeded}; they always fail the execution.
     */
    boolean isTerminal() {
        return RUNTIME.equals(error) || DATA_LIMIT_EXCEEDED.equals(error);
    }
}
