package dev.mwaaprovisioner.local.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every AWS request the local cloud served, in order: which service and operation, who called
 * (the {@code mwaa-provisioner/<Function>} suffix of the User-Agent, when the caller is one of
 * the workflow's functions), the request itself and the HTTP status answered. Tests read it to
 * measure what each function really does, e.g. that its IAM policy allows every call it made.
 */
public final class RequestLog {

    /** The User-Agent suffix the workflow's functions add: {@code mwaa-provisioner/<LogicalId>}. */
    private static final Pattern CALLER = Pattern.compile("mwaa-provisioner/([A-Za-z0-9_-]+)");

    /** One served request. {@code caller} is null for callers that do not name themselves. */
    public record Entry(Instant at, String service, String operation, String caller, CloudRequest request,
                        int status) {

        public boolean succeeded() {
            return status < 300;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void record(Instant at, String service, String operation, CloudRequest request, int status) {
        entries.add(new Entry(at, service, operation, caller(request.header("User-Agent")), request, status));
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
