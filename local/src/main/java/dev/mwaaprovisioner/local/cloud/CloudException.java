package dev.mwaaprovisioner.local.cloud;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AWS error a service answers with: the error code the SDKs map to an exception class, the
 * HTTP status, and the message. The service's {@link dev.mwaaprovisioner.local.cloud.protocol.WireProtocol}
 * renders it in the protocol's error shape.
 */
public class CloudException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int httpStatus;
    private final boolean senderFault;
    private final Map<String, String> extraFields = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public CloudException(String code, int httpStatus, String message) {
        this(code, httpStatus, message, httpStatus < 500);
    }

    public CloudException(String code, int httpStatus, String message, boolean senderFault) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
        this.senderFault = senderFault;
    }

    /** The AWS error code, e.g. {@code NoSuchEntity}. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** True for a caller's error ({@code <Type>Sender</Type>}), false for a service error. */
    public boolean senderFault() {
        return senderFault;
    }

    /** Further members of the error document, e.g. S3's {@code BucketName} or {@code Key}. */
    public Map<String, String> extraFields() {
        return extraFields;
    }

    public CloudException with(String field, String value) {
        extraFields.put(field, value);
        return this;
    }

    /** HTTP headers the error response carries, e.g. S3's {@code x-amz-delete-marker}. */
    public Map<String, String> headers() {
        return headers;
    }

    public CloudException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
