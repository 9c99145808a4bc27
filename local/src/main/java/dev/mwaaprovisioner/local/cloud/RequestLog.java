package dev.mwaaprovisioner.local.cloud;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every AWS request the local cloud served, in order: which service and operation, who called
 * (the {@code mwaa-provisioner/<Function>} suffix of the User-Agent, when the caller is one of
 * the workflow's functions), the request itself, the HTTP status and the error code answered.
 * Tests read it to measure what each function really does, e.g. that its IAM policy allows every
 * call it made; {@code serve --log-requests} and {@code GET /_local/requests} show it. The oldest
 * entries are dropped past {@value #CAPACITY}, so a long-running cloud does not grow without end.
 */
public final class RequestLog {

    /** How many entries the log keeps. */
    public static final int CAPACITY = 10_000;

    /** The User-Agent suffix the workflow's functions add: {@code mwaa-provisioner/<LogicalId>}. */
    private static final Pattern CALLER = Pattern.compile("mwaa-provisioner/([A-Za-z0-9_-]+)");

    /**
     * One served request.
     *
     * @param service   signing name of the service, or of the request when no service took it
     * @param operation null when the request named none
     * @param caller    null for callers that do not name themselves
     * @param errorCode the AWS error code of an error answer, else null
     */
    public record Entry(Instant at, String service, String operation, String caller, CloudRequest request,
                        int status, String errorCode) {

        public boolean succeeded() {
            return status < 300;
        }

        public String region() {
            return request.region();
        }

        public String userAgent() {
            return request.header("User-Agent");
        }

        /** A one-line summary: service, operation, region, status, error code, User-Agent. */
        public String summary() {
            return String.format("%s %s %s %d%s %s", service == null ? "-" : service, operation == null ? "-" : operation,
                    region(), status, errorCode == null ? "" : " " + errorCode, userAgent() == null ? "" : userAgent());
        }
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final CopyOnWriteArrayList<Consumer<Entry>> subscribers = new CopyOnWriteArrayList<>();

    void record(Instant at, String service, String operation, CloudRequest request, int status, String errorCode) {
        Entry entry = new Entry(at, service, operation, caller(request.header("User-Agent")), request, status, errorCode);
        synchronized (this) {
            entries.addLast(entry);
            while (entries.size() > CAPACITY) {
                entries.removeFirst();
            }
        }
        for (Consumer<Entry> subscriber : subscribers) {
            try {
                subscriber.accept(entry);
            } catch (RuntimeException e) {
                System.err.println("local cloud: request log subscriber failed: " + e);
            }
        }
    }

    /**
     * Calls the subscriber with every entry recorded from now on, on the request's thread.
     *
     * @return closing it removes the subscriber
     */
    public AutoCloseable subscribe(Consumer<Entry> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** A snapshot of every entry so far. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
    }

    static String caller(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        Matcher m = CALLER.matcher(userAgent);
        return m.find() ? m.group(1) : null;
    }
}
