package dev.mwaaprovisioner.local.cloud.mwaa;

/**
 * An error the MWAA API answers with: one of the error shapes of the real API model
 * ({@code mwaa/2020-07-01}), with its HTTP status.
 */
public final class MwaaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The error shapes of the MWAA control-plane operations, with their HTTP statuses. */
    public enum Type {
        VALIDATION("ValidationException", 400),
        RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
        INTERNAL_SERVER("InternalServerException", 500),
        SERVICE_UNAVAILABLE("ServiceUnavailableException", 503),
        /** A body that is not JSON, or a member of the wrong JSON type (what AWS front ends answer). */
        SERIALIZATION("SerializationException", 400);

        private final String code;
        private final int httpStatus;

        Type(String code, int httpStatus) {
            this.code = code;
            this.httpStatus = httpStatus;
        }

        public String code() {
            return code;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Type type;

    public MwaaException(Type type, String message) {
        super(message);
        this.type = type;
    }

    public static MwaaException validation(String message) {
        return new MwaaException(Type.VALIDATION, message);
    }

    public static MwaaException notFound(String message) {
        return new MwaaException(Type.RESOURCE_NOT_FOUND, message);
    }

    public Type type() {
        return type;
    }

    public String code() {
        return type.code();
    }

    public int httpStatus() {
        return type.httpStatus();
    }
}
