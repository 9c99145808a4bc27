package dev.mwaaprovisioner.common.workflow;

/**
 * The request object a step must read its Airflow option values from is gone, or no longer holds
 * the request this execution validated (a version deleted, an unversioned object overwritten).
 * Nothing is sent to MWAA; the message names the object and what to do, never a value.
 */
public final class RequestObjectChangedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RequestObjectChangedException(String message) {
        super(message);
    }
}
