package dev.mwaaprovisioner.local.sam;

/**
 * A SAM template the local deployer cannot deploy: invalid as SAM would find it, or using a
 * resource type or property the local deployer does not support. The message names the resource
 * and the property, and says what to do instead.
 */
public final class SamTemplateException extends RuntimeException {

    public SamTemplateException(String message) {
        super(message);
    }

    /** A property the local deployer refuses rather than ignores. */
    static SamTemplateException unsupported(String where, String property, String why) {
        return new SamTemplateException(where + ": property " + property + " is not supported by the local deployer"
                + (why == null || why.isEmpty() ? "" : " (" + why + ")")
                + "; remove it to run locally, or deploy with `sam deploy`.");
    }

    /** A value SAM itself would refuse. */
    static SamTemplateException invalid(String where, String property, String problem) {
        return new SamTemplateException(where + ": " + property + " " + problem);
    }
}
