package dev.mwaaprovisioner.local.asl;

/**
 * One problem found in a state machine definition, shaped like the diagnostics Step Functions
 * returns: a code ({@code SCHEMA_VALIDATION_FAILED}, {@code MISSING_TRANSITION_TARGET}, ...), a
 * message and a JSON-pointer-like location such as {@code /States/Check/Next} (null when the
 * problem concerns the whole workflow).
 */
public record Diagnostic(String code, String message, String location) {

    public static final String SCHEMA_VALIDATION_FAILED = "SCHEMA_VALIDATION_FAILED";
    public static final String MISSING_TRANSITION_TARGET = "MISSING_TRANSITION_TARGET";
    public static final String MISSING_END_STATE = "MISSING_END_STATE";
    public static final String DUPLICATE_STATE_NAME = "DUPLICATE_STATE_NAME";
    public static final String INVALID_JSON_DESCRIPTION = "INVALID_JSON_DESCRIPTION";
    /** Valid Amazon States Language that this interpreter deliberately does not run. */
    public static final String UNSUPPORTED_BY_LOCAL_CLOUD = "UNSUPPORTED_BY_LOCAL_CLOUD";

    /** The diagnostic as Step Functions prints it inside an InvalidDefinition message. */
    public String render() {
        return location == null ? code + ": " + message : code + ": " + message + " at " + location;
    }
}
