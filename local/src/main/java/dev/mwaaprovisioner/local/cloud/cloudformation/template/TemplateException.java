package dev.mwaaprovisioner.local.cloud.cloudformation.template;

/**
 * A template or parameter problem that CloudFormation reports as a {@code ValidationError} when the
 * stack is created, updated or validated. The message is CloudFormation's own wording.
 */
public final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    /** "Template format error: ..." — the template is not well-formed. */
    public static TemplateException format(String detail) {
        return new TemplateException("Template format error: " + detail);
    }

    /** "Template error: ..." — an intrinsic function cannot be evaluated. */
    public static TemplateException error(String detail) {
        return new TemplateException("Template error: " + detail);
    }
}
