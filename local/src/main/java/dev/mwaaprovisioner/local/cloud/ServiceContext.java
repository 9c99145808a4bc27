package dev.mwaaprovisioner.local.cloud;

import java.net.URI;
import java.util.Optional;

/** What the local cloud gives each service when it creates it. */
public interface ServiceContext {

    /** The simulated clock every duration runs on. */
    CloudClock clock();

    /** Injected faults; services consult resource faults at their decision points. */
    FaultInjector faults();

    /** The fixed local account id, {@value LocalCloud#ACCOUNT_ID}. */
    String accountId();

    /** Region used when a request names none. */
    String defaultRegion();

    /** The bus AWS service events go to. */
    EventBus eventBus();

    /** The server's base URI, e.g. {@code http://127.0.0.1:4566}. */
    URI endpoint();

    /**
     * A service, or a component a service exports (e.g. a store), by type. Every service is
     * created before the first request, but not before your constructor runs: look others up
     * when you handle a request, not in your constructor.
     *
     * @throws IllegalStateException when nothing of that type is registered
     */
    <T> T service(Class<T> type);

    /** Like {@link #service(Class)}, empty when nothing of that type is registered. */
    <T> Optional<T> findService(Class<T> type);
}
