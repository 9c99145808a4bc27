package dev.mwaaprovisioner.common.workflow;

/**
 * What triggered the workflow is not a request at all: an object under another prefix, with
 * another suffix, too big, or an event of another kind. The workflow refuses it without side
 * effects: no status document, no event, nothing created.
 */
public final class NotARequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NotARequestException(String message) {
        super(message);
    }
}
