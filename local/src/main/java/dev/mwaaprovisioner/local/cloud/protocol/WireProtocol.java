package dev.mwaaprovisioner.local.cloud.protocol;

import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;

/**
 * One AWS wire protocol: how a request names its operation and how an error is rendered.
 * Success responses are written by each service with the protocol's helper methods.
 */
public interface WireProtocol {

    /** The operation the request invokes, or null when the request names none. */
    String operation(CloudRequest request);

    /** The error document, status and headers the protocol's clients parse. */
    CloudResponse error(CloudRequest request, CloudException error);

    /** The error a client of this protocol gets for an operation the local cloud does not emulate. */
    CloudException unsupportedOperation(String serviceName, String operation);

    /** The message every "not emulated" error carries, so users recognise it. */
    static String unsupportedMessage(String serviceName, String operation) {
        return serviceName + " operation " + operation + " is not supported by the local cloud";
    }
}
