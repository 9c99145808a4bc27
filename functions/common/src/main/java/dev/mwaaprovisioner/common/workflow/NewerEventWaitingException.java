package dev.mwaaprovisioner.common.workflow;

/**
 * A newer event for the Name this execution holds waits in the Name's record: this run stops at
 * the step boundary where it found out, before it changes anything else, and the execution goes
 * on with that event (state "StopForWaitingEvent"). What the run created so far is in the
 * record, so a waiting removal removes it and a waiting edit finds it.
 */
public final class NewerEventWaitingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NewerEventWaitingException(String message) {
        super(message);
    }
}
