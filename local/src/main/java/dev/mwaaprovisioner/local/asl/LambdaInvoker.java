package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How Task states reach Lambda. The local cloud dispatches to functions registered in-process;
 * another implementation could call a Lambda endpoint. The interpreter turns the response into
 * Step Functions semantics (result wrapping for {@code lambda:invoke}, error names from
 * {@code errorType}, history events), so implementations only speak Lambda's Invoke API.
 */
public interface LambdaInvoker {

    /**
     * Invokes a function.
     *
     * @return the response; a function error is a response with {@link LambdaResponse#functionError()} set
     * @throws LambdaServiceException when Lambda itself refuses the call (e.g. ResourceNotFoundException)
     * @throws InterruptedException when the execution is stopped while the function runs
     */
    LambdaResponse invoke(LambdaRequest request) throws LambdaServiceException, InterruptedException;

    /**
     * One invocation: the function (name, ARN or partial ARN), an optional qualifier, the payload
     * (null for none) and the invocation type ({@code RequestResponse} or {@code Event}).
     */
    record LambdaRequest(String functionName, String qualifier, JsonNode payload, String invocationType) {
    }

    /**
     * Lambda's answer: HTTP status, executed version, {@code Unhandled}/{@code Handled} when the
     * function failed (then {@code payload} is the error document with {@code errorType}), the
     * payload (null when empty) and the request id.
     */
    record LambdaResponse(int statusCode, String executedVersion, String functionError, JsonNode payload,
            String requestId) {
    }

    /** An error of the Lambda service, reported to the state machine as {@code Lambda.<errorCode>}. */
    final class LambdaServiceException extends Exception {

        private final String errorCode;
        private final int statusCode;

        public LambdaServiceException(String errorCode, int statusCode, String message) {
            super(message);
            this.errorCode = errorCode;
            this.statusCode = statusCode;
        }

        public String errorCode() {
            return errorCode;
        }

        public int statusCode() {
            return statusCode;
        }
    }
}
