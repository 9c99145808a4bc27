package dev.mwaaprovisioner.local.cloud;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where services put the events AWS services emit to EventBridge (e.g. S3's {@code Object
 * Created}). The core's bus records every event and hands it to its subscribers; the EventBridge
 * service subscribes to match events against rules.
 */
public interface EventBus {

    /** Puts one event on the bus; subscribers see it before this returns. */
    void putEvent(CloudEvent event);

    /**
     * Adds a subscriber that sees every later event, on the putting thread: it must be quick and
     * hand long work (e.g. running a state machine) to a thread of its own.
     *
     * @return closing it removes the subscriber
     */
    AutoCloseable subscribe(Consumer<CloudEvent> subscriber);

    /** Every event put so far, oldest first. */
    List<CloudEvent> events();
}
