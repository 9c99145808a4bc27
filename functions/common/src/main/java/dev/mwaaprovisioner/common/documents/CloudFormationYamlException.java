package dev.mwaaprovisioner.common.documents;

/**
 * A CloudFormation template (YAML or JSON) that cannot be read: malformed text, a construct
 * CloudFormation does not accept, or a root that is not a mapping. The message names the line and
 * column where they are known.
 */
public final class CloudFormationYamlException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    CloudFormationYamlException(String message, int line, int column, Throwable cause) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    /** One-based line of the problem, or 0 when the problem has no position. */
    public int line() {
        return line;
    }

    /** One-based column of the problem, or 0 when the problem has no position. */
    public int column() {
        return column;
    }
}
