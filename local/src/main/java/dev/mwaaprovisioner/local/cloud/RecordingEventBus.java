package dev.mwaaprovisioner.local.cloud;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The core's event bus: records every event and passes it to each subscriber in turn. */
public final class RecordingEventBus implements EventBus {

    private static final int MAX_RECORDED = 10_000;

    private final CopyOnWriteArrayList<CloudEvent> recorded = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<CloudEvent>> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void putEvent(CloudEvent event) {
        recorded.add(event);
        if (recorded.size() > MAX_RECORDED) {
            // A long-running local cloud keeps only recent history.
            recorded.remove(0);
        }
        for (Consumer<CloudEvent> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                // One failing subscriber must not hide the event from the others.
                System.err.println("local cloud: event subscriber failed on " + event.detailType() + ": " + e);
                e.printStackTrace();
            }
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<CloudEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    @Override
    public List<CloudEvent> events() {
        return List.copyOf(recorded);
    }
}
