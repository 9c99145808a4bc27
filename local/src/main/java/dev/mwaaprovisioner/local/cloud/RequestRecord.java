package dev.mwaaprovisioner.local.cloud;

import java.time.Instant;

/**
 * One AWS request the local cloud answered, as its request log keeps it.
 *
 * @param time      simulated time of the request
 * @param service   signing name of the service that answered, or null when no service took it
 * @param operation the operation, or null when the request named none
 * @param status    HTTP status of the answer
 * @param errorCode the AWS error code of an error answer, else null
 * @param userAgent the caller's User-Agent (the SDKs append application ids to it)
 * @param request   the request itself, for in-process subscribers that need its parameters
 */
public record RequestRecord(Instant time, String service, String operation, String region, int status,
                            String errorCode, String userAgent, CloudRequest request) {

    /** A one-line summary for logs. */
    public String summary() {
        return String.format("%s %s %s %d%s %s", service == null ? "-" : service, operation == null ? "-" : operation,
                region, status, errorCode == null ? "" : " " + errorCode, userAgent == null ? "" : userAgent);
    }
}
