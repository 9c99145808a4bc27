package dev.mwaaprovisioner.local.cloud.ec2;

/**
 * An EC2 API error: the error code and message EC2 itself returns, so a client (the SDK, the CLI,
 * CloudFormation resource events) shows what it would show against AWS.
 */
public final class Ec2Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int httpStatus;

    public Ec2Exception(String code, String message) {
        this(code, message, 400);
    }

    public Ec2Exception(String code, String message, int httpStatus) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    static Ec2Exception notFound(String code, String kind, String id) {
        return new Ec2Exception(code, "The " + kind + " ID '" + id + "' does not exist");
    }

    static Ec2Exception invalidParameterValue(String message) {
        return new Ec2Exception("InvalidParameterValue", message);
    }

    static Ec2Exception dependencyViolation(String kind, String id) {
        return new Ec2Exception("DependencyViolation",
                "The " + kind + " '" + id + "' has dependencies and cannot be deleted.");
    }

    static Ec2Exception unsupported(String what) {
        return new Ec2Exception("UnsupportedOperation", what + " is not supported by the local cloud.");
    }
}
