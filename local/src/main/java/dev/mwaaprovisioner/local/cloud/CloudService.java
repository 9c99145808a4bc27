package dev.mwaaprovisioner.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.protocol.JsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * One emulated AWS service, plugged into {@link LocalCloud}. See the package documentation for
 * the contract; in short: the router picks the service by signing name (then X-Amz-Target prefix,
 * then path prefix), asks {@link #operation} for the operation name, applies injected faults,
 * then calls {@link #handle}. A {@link CloudException} thrown by {@code handle} is rendered by
 * {@link #protocol()} in the protocol's error shape.
 */
public interface CloudService {

    /** The SigV4 signing name, e.g. {@code s3}, {@code iam}, {@code airflow}, {@code states}. */
    String signingName();

    /** The name users know, for messages, e.g. {@code IAM}, {@code Amazon MWAA}. */
    String displayName();

    /** The service's wire protocol. */
    WireProtocol protocol();

    /** The X-Amz-Target prefixes that select this service for requests without a credential scope. */
    default Set<String> targetPrefixes() {
        return protocol() instanceof JsonProtocol json ? Set.of(json.targetPrefix()) : Set.of();
    }

    /** Path prefixes that select this service for requests without a credential scope, e.g. {@code /2015-03-31/functions/}. */
    default List<String> pathPrefixes() {
        return List.of();
    }

    /** The operation the request invokes, or null when it names none (answered as unsupported). */
    default String operation(CloudRequest request) {
        return protocol().operation(request);
    }

    /**
     * Answers one request; {@link CloudRequest#operation()} is set. Throw {@link CloudException}
     * for an AWS error, and {@code protocol().unsupportedOperation(...)} for what is not emulated.
     * Called concurrently.
     */
    CloudResponse handle(CloudRequest request);

    /**
     * Objects other services may look up with {@link ServiceContext#service(Class)}, typically
     * the service's store (e.g. the IAM role store MWAA checks an execution role in).
     */
    default Collection<?> components() {
        return List.of();
    }

    /** A JSON summary of the resources the service holds, for {@code GET /_local/inventory}; null for none. */
    default JsonNode inventory() {
        return null;
    }

    /** Releases threads or timers the service started; called when the cloud closes. */
    default void close() {}
}
