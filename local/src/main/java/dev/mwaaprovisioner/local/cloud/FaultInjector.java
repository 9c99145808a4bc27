package dev.mwaaprovisioner.local.cloud;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Injected faults, so every failure path of a client can be tested. Two kinds:
 *
 * <h2>Operation faults</h2>
 * An operation of a service answers with a given error a given number of times, before the
 * service sees the request — e.g. {@code failOperation("iam", "CreateRole", "Throttling", 400,
 * "Rate exceeded", 2)}: the next two CreateRole calls fail with that error, the third succeeds.
 * The service is named by its SigV4 signing name ({@code s3, iam, kms, sts, cloudformation, ec2,
 * airflow, states, events, lambda, sqs}); {@code "*"} as operation matches every operation.
 *
 * <p>An operation fault may also name its {@code caller}: the logical id of the workflow function
 * whose calls it fails, as that function names itself in the {@code mwaa-provisioner/<LogicalId>}
 * suffix of its User-Agent — e.g. {@code failOperation("s3", "PutObject", "ReportFunction",
 * "AccessDenied", 403, "Access Denied", 1)} fails only ReportFunction's next PutObject, while the
 * PutObject calls of other functions (the claim of a Name, the key-policy lock) go through. A null
 * caller matches every request, whoever sends it; a named caller never matches a request whose
 * User-Agent names another function or none.
 *
 * <h2>Resource faults</h2>
 * A generic keyed fault a service consults when a resource reaches an outcome it simulates:
 * {@code kind} names the resource type, {@code name} the resource ({@code "*"} for any),
 * {@code outcome} the status to end in and {@code details} the service-specific reason.
 * The kinds in use:
 * <table>
 *   <caption>resource fault kinds</caption>
 *   <tr><th>kind</th><th>outcome</th><th>details</th></tr>
 *   <tr><td>{@code cloudformation:stack}</td><td>{@code CREATE_FAILED}, {@code UPDATE_FAILED}, {@code DELETE_FAILED} (the resource stays)</td><td>{@code reason}, optional {@code logicalResourceId}</td></tr>
 *   <tr><td>{@code mwaa:environment}</td><td>{@code CREATE_FAILED}, {@code UPDATE_FAILED}</td><td>{@code ErrorCode}, {@code ErrorMessage}</td></tr>
 *   <tr><td>{@code mwaa:execution-role}</td><td>{@code NOT_ASSUMABLE} (name: role name or ARN)</td><td>none</td></tr>
 *   <tr><td>{@code lambda:function}</td><td>{@code FAILED}</td><td>{@code errorType}, {@code errorMessage}</td></tr>
 *   <tr><td>{@code lambda:invoke}</td><td>any (e.g. {@code THROTTLED}): Invoke answers TooManyRequestsException (429), which EventBridge retries under the target's RetryPolicy</td><td>none</td></tr>
 *   <tr><td>{@code kms:key-policy}</td><td>{@code STALE_READ} (name: key ID): GetKeyPolicy answers the policy from before the writes no read has seen yet, as KMS's eventually consistent reads can for seconds; one read per time</td><td>none</td></tr>
 * </table>
 * A service calls {@link #takeResourceFault(String, String)} at the decision point; each call
 * that finds a fault uses up one of its {@code times}.
 *
 * <h2>Held requests</h2>
 * {@link #hold} makes the next matching request wait, before the service sees it, until the test
 * opens the {@link Hold}: a race between two executions is then played in the order the test
 * chooses ("the provisioning is inside CreateRole when the delete arrives"). In-process only.
 *
 * <p>Faults are set in-process ({@code cloud.faults()}) or over HTTP: {@code POST /_local/faults}
 * with a JSON fault, {@code GET /_local/faults}, {@code DELETE /_local/faults} (see docs/local.md).
 * Thread-safe.
 */
public final class FaultInjector {

    /** Times value meaning "until cleared". */
    public static final int UNLIMITED = -1;

    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9._:-]{0,127}");

    /** A function's logical id, as the User-Agent suffix carries it (see {@link RequestLog}). */
    private static final Pattern CALLER = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /**
     * An operation fault as set and as listed.
     *
     * @param caller    the logical id of the only function whose calls it fails, or null for any caller
     * @param remaining how many more requests it fails ({@link #UNLIMITED} for all)
     * @param triggered how many requests it has failed so far
     */
    public record OperationFault(String service, String operation, String caller, String errorCode, int httpStatus,
                                 String message, int remaining, int triggered) {}

    /** A resource fault as set and as listed. */
    public record ResourceFault(String kind, String name, String outcome, Map<String, String> details,
                                int remaining, int triggered) {
        public ResourceFault {
            details = details == null ? Map.of() : Map.copyOf(details);
        }

        /** A detail value, or the fallback when the fault does not set it. */
        public String detail(String key, String fallback) {
            return details.getOrDefault(key, fallback);
        }
    }

    private static final class Entry<T> {
        final T fault;
        final AtomicInteger remaining;
        final AtomicInteger triggered = new AtomicInteger();

        Entry(T fault, int times) {
            this.fault = fault;
            this.remaining = new AtomicInteger(times);
        }

        /** Uses up one occurrence; false when none is left. */
        boolean take() {
            while (true) {
                int left = remaining.get();
                if (left == 0) {
                    return false;
                }
                if (left == UNLIMITED || remaining.compareAndSet(left, left - 1)) {
                    triggered.incrementAndGet();
                    return true;
                }
            }
        }
    }

    /** How long a held request waits at most (real time) when nobody opens its hold. */
    static final java.time.Duration HOLD_LIMIT = java.time.Duration.ofSeconds(60);

    /**
     * One held request: the next call of an operation (by a caller, when named) waits at it.
     * {@link #awaitArrival} tells when that call is there; {@link #open} lets it through.
     */
    public static final class Hold implements AutoCloseable {
        private final String service;
        private final String operation;
        private final String caller;
        private final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();

        Hold(String service, String operation, String caller) {
            this.service = service;
            this.operation = operation;
            this.caller = caller;
        }

        boolean matches(String requestService, String requestOperation, String requestCaller) {
            return service.equalsIgnoreCase(requestService) && operation.equalsIgnoreCase(requestOperation)
                    && (caller == null || caller.equals(requestCaller));
        }

        /** True when the held call arrived within the timeout. */
        public boolean awaitArrival(java.time.Duration timeout) throws InterruptedException {
            return arrived.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** Lets the held call (and any later one) through. */
        public void open() {
            opened.countDown();
        }

        @Override
        public void close() {
            open();
        }
    }

    private final List<Hold> holds = new ArrayList<>();

    /**
     * Holds the next call of {@code service}'s {@code operation} (by {@code caller}, the
     * function's logical id, or anyone when null) until the returned hold is opened, or
     * {@link #HOLD_LIMIT} has passed.
     */
    public synchronized Hold hold(String service, String operation, String caller) {
        require(service, "service");
        require(operation, "operation");
        Hold hold = new Hold(service, operation, caller);
        holds.add(hold);
        return hold;
    }

    /** Called by the router for every request: waits at the first matching hold no other request took. */
    void passHolds(String service, String operation, String caller) {
        Hold mine = null;
        synchronized (this) {
            for (Hold hold : holds) {
                if (hold.matches(service, operation, caller) && hold.taken.compareAndSet(false, true)) {
                    mine = hold;
                    holds.remove(hold);
                    break;
                }
            }
        }
        if (mine == null) {
            return;
        }
        mine.arrived.countDown();
        try {
            mine.opened.await(HOLD_LIMIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final List<Entry<OperationFault>> operationFaults = new ArrayList<>();
    private final List<Entry<ResourceFault>> resourceFaults = new ArrayList<>();

    /**
     * Makes the next {@code times} calls of an operation fail with the given error.
     *
     * @param service    SigV4 signing name, e.g. {@code iam}
     * @param operation  API operation name, e.g. {@code CreateRole}, or {@code *}
     * @param errorCode  AWS error code, e.g. {@code Throttling}, {@code ThrottlingException}
     * @param httpStatus HTTP status 400–599
     * @param times      how many calls fail (≥ 1) or {@link #UNLIMITED}
     */
    public void failOperation(String service, String operation, String errorCode, int httpStatus,
                              String message, int times) {
        failOperation(service, operation, null, errorCode, httpStatus, message, times);
    }

    /**
     * Makes the next {@code times} calls of an operation by one function fail with the given error.
     *
     * @param service    SigV4 signing name, e.g. {@code s3}
     * @param operation  API operation name, e.g. {@code PutObject}, or {@code *}
     * @param caller     the calling function's logical id, e.g. {@code ReportFunction}
     *                   (the {@code mwaa-provisioner/<LogicalId>} User-Agent suffix); null for any caller
     * @param errorCode  AWS error code, e.g. {@code AccessDenied}
     * @param httpStatus HTTP status 400–599
     * @param times      how many calls fail (≥ 1) or {@link #UNLIMITED}
     */
    public void failOperation(String service, String operation, String caller, String errorCode, int httpStatus,
                              String message, int times) {
        checkOperationFault(service, operation, caller, errorCode, httpStatus, times);
        OperationFault fault = new OperationFault(service.toLowerCase(), operation, caller, errorCode, httpStatus,
                message == null ? errorCode : message, times, 0);
        synchronized (this) {
            operationFaults.add(new Entry<>(fault, times));
        }
    }

    /**
     * Makes the next {@code times} resources of a kind and name end in a failed outcome.
     *
     * @param kind    e.g. {@code cloudformation:stack}, {@code mwaa:environment}
     * @param name    the resource's name, or {@code *} for any
     * @param outcome the status it ends in, e.g. {@code CREATE_FAILED}
     * @param details service-specific reason fields (see the class comment)
     */
    public void failResource(String kind, String name, String outcome, Map<String, String> details, int times) {
        checkResourceFault(kind, name, outcome, times);
        ResourceFault fault = new ResourceFault(kind, name, outcome, details, times, 0);
        synchronized (this) {
            resourceFaults.add(new Entry<>(fault, times));
        }
    }

    /**
     * The fault the next call of an operation by a caller that does not name itself must answer
     * with (only faults for any caller apply), using up one occurrence; empty when none applies.
     */
    public Optional<OperationFault> takeOperationFault(String service, String operation) {
        return takeOperationFault(service, operation, null);
    }

    /**
     * The fault the next call of an operation must answer with, using up one occurrence; empty
     * when none applies. The router calls this for every request before the service sees it.
     *
     * @param caller the function the request's User-Agent names, or null when it names none
     */
    public Optional<OperationFault> takeOperationFault(String service, String operation, String caller) {
        synchronized (this) {
            for (Entry<OperationFault> e : operationFaults) {
                OperationFault f = e.fault;
                if (f.service().equalsIgnoreCase(service)
                        && (f.operation().equals("*") || f.operation().equalsIgnoreCase(operation))
                        && (f.caller() == null || f.caller().equals(caller))
                        && e.take()) {
                    return Optional.of(operationSnapshot(e));
                }
            }
        }
        return Optional.empty();
    }

    /** The fault a resource must end with, using up one occurrence; empty when none applies. */
    public Optional<ResourceFault> takeResourceFault(String kind, String name) {
        synchronized (this) {
            for (Entry<ResourceFault> e : resourceFaults) {
                if (matches(e.fault, kind, name) && e.take()) {
                    return Optional.of(resourceSnapshot(e));
                }
            }
        }
        return Optional.empty();
    }

    /** Like {@link #takeResourceFault} but leaves the fault in place. */
    public Optional<ResourceFault> peekResourceFault(String kind, String name) {
        synchronized (this) {
            for (Entry<ResourceFault> e : resourceFaults) {
                if (matches(e.fault, kind, name) && e.remaining.get() != 0) {
                    return Optional.of(resourceSnapshot(e));
                }
            }
        }
        return Optional.empty();
    }

    /** Every operation fault set, with what is left of it. */
    public synchronized List<OperationFault> operationFaults() {
        return operationFaults.stream().map(FaultInjector::operationSnapshot).toList();
    }

    /** Every resource fault set, with what is left of it. */
    public synchronized List<ResourceFault> resourceFaults() {
        return resourceFaults.stream().map(FaultInjector::resourceSnapshot).toList();
    }

    /** Removes every fault. */
    public synchronized void clear() {
        holds.forEach(Hold::open);
        holds.clear();
        operationFaults.clear();
        resourceFaults.clear();
    }

    /** Checks an operation fault's fields; the message names the bad field and the fix. */
    static void checkOperationFault(String service, String operation, String caller, String errorCode,
                                    int httpStatus, int times) {
        require(service, "service");
        require(operation, "operation");
        if (caller != null && !CALLER.matcher(caller).matches()) {
            throw new IllegalArgumentException("fault field 'caller' is '" + caller + "', not a function's logical id:"
                    + " use the name after mwaa-provisioner/ in its User-Agent (letters, digits, - and _, e.g. ReportFunction),"
                    + " or leave the field out to fail every caller");
        }
        require(errorCode, "errorCode");
        if (!ERROR_CODE.matcher(errorCode).matches()) {
            throw new IllegalArgumentException("errorCode '" + errorCode + "' is not an AWS error code: use letters and digits, e.g. ThrottlingException");
        }
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus " + httpStatus + " is not an error status: use 400-599 (e.g. 400 for Throttling, 503 for ServiceUnavailable)");
        }
        checkTimes(times);
    }

    /** Checks a resource fault's fields; the message names the bad field and the fix. */
    static void checkResourceFault(String kind, String name, String outcome, int times) {
        require(kind, "kind");
        require(name, "name");
        require(outcome, "outcome");
        checkTimes(times);
    }

    private static boolean matches(ResourceFault f, String kind, String name) {
        return f.kind().equalsIgnoreCase(kind) && (f.name().equals("*") || f.name().equals(name));
    }

    private static OperationFault operationSnapshot(Entry<OperationFault> e) {
        OperationFault f = e.fault;
        return new OperationFault(f.service(), f.operation(), f.caller(), f.errorCode(), f.httpStatus(), f.message(),
                e.remaining.get(), e.triggered.get());
    }

    private static ResourceFault resourceSnapshot(Entry<ResourceFault> e) {
        ResourceFault f = e.fault;
        return new ResourceFault(f.kind(), f.name(), f.outcome(), f.details(), e.remaining.get(), e.triggered.get());
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("fault field '" + field + "' is required");
        }
    }

    private static void checkTimes(int times) {
        if (times < 1 && times != UNLIMITED) {
            throw new IllegalArgumentException("fault field 'times' is " + times + ": use a count of 1 or more, or -1 for until cleared");
        }
    }
}
