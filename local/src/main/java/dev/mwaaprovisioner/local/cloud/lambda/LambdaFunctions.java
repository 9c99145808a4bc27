package dev.mwaaprovisioner.local.cloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mwaaprovisioner.local.asl.LambdaInvoker;
import dev.mwaaprovisioner.local.cloud.Arns;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The functions of the local Lambda and how they are invoked: Java handlers registered in-process
 * by name, run with Lambda's semantics (timeout on the cloud's clock, error documents,
 * {@code Unhandled} function errors, asynchronous {@code Event} invocations, DryRun) and with the
 * {@value #FAULT_KIND} faults of the {@link FaultInjector}. The Lambda Invoke API and the Step
 * Functions interpreter (as its {@link LambdaInvoker}) both call functions through this class.
 *
 * <pre>{@code
 * LambdaFunctions functions = cloud.service(LambdaFunctions.class);
 * functions.register("validate-request", new ValidateRequestHandler(), Duration.ofSeconds(30), 512);
 * }</pre>
 */
public final class LambdaFunctions implements LambdaInvoker, AutoCloseable {

    /** The fault kind that makes a function fail: outcome FAILED, details errorType and errorMessage. */
    public static final String FAULT_KIND = "lambda:function";
    /** Lambda's limit on a synchronous request payload. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    /** How Lambda runs an invocation. */
    public enum InvocationType { RequestResponse, Event, DryRun }

    /**
     * The outcome of an invocation as the Invoke API reports it: status 200 (202 for Event, 204
     * for DryRun), {@code functionError} {@code Unhandled} when the function failed (then the
     * payload is its error document), and what the handler logged.
     */
    public record Invocation(int statusCode, String executedVersion, String functionError, byte[] payload,
            String requestId, String log) {
    }

    private final CloudClock clock;
    private final FaultInjector faults;
    private final String accountId;
    private final String region;
    private final Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();
    /** Per function: alias name → the version it points at ({@code $LATEST} or a published number). */
    private final Map<String, Map<String, String>> aliases = new ConcurrentHashMap<>();
    /** Per function: its published versions, version {@code n} at index {@code n - 1}. */
    private final Map<String, List<LambdaFunction>> versions = new ConcurrentHashMap<>();
    /** Per function and qualifier ({@code name} or {@code name:alias}): statement id → permission. */
    private final Map<String, Map<String, Permission>> permissions = new ConcurrentHashMap<>();
    private final ExecutorService pool;
    private volatile BiConsumer<String, String> logSink = (name, log) -> { };

    /**
     * A statement of a function's resource-based policy (AddPermission): the service principal
     * that may invoke it, and the source ARN it must invoke from (null: any).
     */
    public record Permission(String statementId, String action, String principal, String sourceArn) {
    }

    /**
     * Asynchronous-invocation settings of a function or qualifier (PutFunctionEventInvokeConfig,
     * {@code AWS::Lambda::EventInvokeConfig}): retries after a function error (0-2), the maximum
     * age of an event (60-21600 s), and where the record of a failed event goes.
     */
    public record EventInvokeConfig(int maximumRetryAttempts, int maximumEventAgeSeconds, String onFailureDestination) {
        public static final EventInvokeConfig DEFAULT = new EventInvokeConfig(2, 21_600, null);

        public EventInvokeConfig {
            if (maximumRetryAttempts < 0 || maximumRetryAttempts > 2) {
                throw new IllegalArgumentException("MaximumRetryAttempts " + maximumRetryAttempts
                        + " is out of range: use 0 to 2");
            }
            if (maximumEventAgeSeconds < 60 || maximumEventAgeSeconds > 21_600) {
                throw new IllegalArgumentException("MaximumEventAgeInSeconds " + maximumEventAgeSeconds
                        + " is out of range: use 60 to 21600");
            }
        }
    }

    /** Where Lambda sends the record of an asynchronous invocation: a destination ARN and the JSON record. */
    @FunctionalInterface
    public interface Destinations {
        /** @throws RuntimeException when the destination does not exist or refuses the record */
        void send(String destinationArn, String record);

        Destinations NONE = (arn, record) -> {
            throw new IllegalStateException("no service here serves the destination " + arn);
        };
    }

    /** Lambda's waits before the second and the third attempt of a failed asynchronous event. */
    static final List<Duration> ASYNC_RETRY_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));
    /** The fault kind that makes the Invoke API refuse a function as throttled (TooManyRequestsException). */
    public static final String THROTTLE_FAULT_KIND = "lambda:invoke";

    private final Map<String, EventInvokeConfig> invokeConfigs = new ConcurrentHashMap<>();
    private final Destinations destinations;

    public LambdaFunctions(CloudClock clock, FaultInjector faults, String accountId, String region) {
        this(clock, faults, accountId, region, Destinations.NONE);
    }

    public LambdaFunctions(CloudClock clock, FaultInjector faults, String accountId, String region,
                           Destinations destinations) {
        this.destinations = destinations;
        this.clock = clock;
        this.faults = faults;
        this.accountId = accountId;
        this.region = region;
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "local-lambda-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    // ------------------------------------------------------------------------------------------
    // Registry

    /** Registers a handler ({@code RequestHandler} or {@code RequestStreamHandler}) with Lambda's default limits. */
    public LambdaFunction register(String name, Object handler) {
        return register(name, handler, LambdaFunction.DEFAULT_TIMEOUT, LambdaFunction.DEFAULT_MEMORY_MB);
    }

    /**
     * Registers (or replaces) a function.
     *
     * @param timeout  the function timeout, 1 s to 900 s as in Lambda
     * @param memoryMb the memory setting the handler's Context reports, 128 to 10240
     * @throws IllegalArgumentException for an invalid name, limit or handler
     */
    public LambdaFunction register(String name, Object handler, Duration timeout, int memoryMb) {
        LambdaFunction.checkName(name);
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofSeconds(900)) > 0) {
            throw new IllegalArgumentException("Timeout " + timeout.toSeconds() + " s of function '" + name
                    + "' is out of range: use 1 to 900 seconds");
        }
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("MemorySize " + memoryMb + " of function '" + name
                    + "' is out of range: use 128 to 10240 MB");
        }
        LambdaFunction function = new LambdaFunction(name, arn(name), timeout, memoryMb, HandlerAdapter.of(handler));
        functions.put(name, function);
        return function;
    }

    /**
     * Registers a function by handler class name, as a template's {@code Handler} gives it
     * ({@code com.example.Handler} or {@code com.example.Handler::handleRequest}); the class needs
     * a public no-argument constructor.
     */
    public LambdaFunction register(String name, String handlerSpec, ClassLoader loader, Duration timeout, int memoryMb) {
        String className = handlerSpec.contains("::") ? handlerSpec.substring(0, handlerSpec.indexOf("::")) : handlerSpec;
        String method = handlerSpec.contains("::") ? handlerSpec.substring(handlerSpec.indexOf("::") + 2) : "handleRequest";
        if (!method.equals("handleRequest")) {
            throw new IllegalArgumentException("Handler '" + handlerSpec + "' of function '" + name
                    + "' names method '" + method + "': the local Lambda runs RequestHandler and RequestStreamHandler"
                    + " classes, whose method is handleRequest");
        }
        Object handler;
        try {
            handler = Class.forName(className, true, loader).getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("Handler class '" + className + "' of function '" + name
                    + "' is not on the class path", e);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("Handler class '" + className + "' of function '" + name
                    + "' needs a public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Creating handler '" + className + "' of function '" + name
                    + "' failed: " + e.getCause(), e.getCause());
        }
        return register(name, handler, timeout, memoryMb);
    }

    /**
     * Adds an alias (e.g. the {@code live} of a SAM {@code AutoPublishAlias}) through which the
     * function can be invoked; it runs the registered handler, as {@code $LATEST}.
     */
    public void addAlias(String functionName, String alias) {
        putAlias(functionName, alias, LambdaFunction.LATEST);
    }

    /** A published version: its number and ARNs. */
    public record PublishedVersion(String version, String arn, String functionArn) {
    }

    /**
     * Publishes the function's current configuration (its handler, timeout and memory) as the next
     * numbered version, as PublishVersion does; later registrations of the function do not change it.
     *
     * @throws IllegalArgumentException when there is no such function
     */
    public synchronized PublishedVersion publishVersion(String nameOrArn) {
        String name = reference(nameOrArn)[0];
        LambdaFunction function = functions.get(name);
        if (function == null) {
            throw new IllegalArgumentException("No function '" + nameOrArn + "' to publish a version of");
        }
        List<LambdaFunction> published = versions.computeIfAbsent(name, n -> new java.util.concurrent.CopyOnWriteArrayList<>());
        published.add(function);
        String version = Integer.toString(published.size());
        return new PublishedVersion(version, arn(name) + ":" + version, arn(name));
    }

    /** Deletes a published version (by its qualified ARN); one already gone is not an error. */
    public synchronized void deleteVersion(String versionArn) {
        String[] reference = reference(versionArn);
        List<LambdaFunction> published = versions.get(reference[0]);
        if (published != null && reference[1] != null && reference[1].matches("[0-9]+")) {
            int index = Integer.parseInt(reference[1]) - 1;
            if (index >= 0 && index < published.size()) {
                published.set(index, null); // numbers are never reused
            }
        }
    }

    /**
     * Creates or moves an alias (e.g. the {@code live} of a SAM {@code AutoPublishAlias}) to a
     * version: {@code $LATEST} or a published number.
     *
     * @return the alias ARN
     * @throws IllegalArgumentException when the function, or the version, does not exist, or the name is invalid
     */
    public synchronized String putAlias(String functionNameOrArn, String alias, String version) {
        String name = reference(functionNameOrArn)[0];
        if (!functions.containsKey(name)) {
            throw new IllegalArgumentException("No function '" + functionNameOrArn + "' to add the alias '" + alias
                    + "' to");
        }
        if (alias == null || !alias.matches("(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}")) {
            throw new IllegalArgumentException("Alias '" + alias + "' is invalid: use 1-128 letters, digits, hyphens or"
                    + " underscores, not only digits");
        }
        if (!LambdaFunction.LATEST.equals(version) && published(name, version) == null) {
            throw new IllegalArgumentException("Function '" + name + "' has no version '" + version + "'");
        }
        aliases.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(alias, version);
        return arn(name) + ":" + alias;
    }

    public synchronized void deleteAlias(String functionNameOrArn, String alias) {
        Map<String, String> of = aliases.get(reference(functionNameOrArn)[0]);
        if (of != null) {
            of.remove(alias);
        }
    }

    private LambdaFunction published(String name, String version) {
        List<LambdaFunction> published = versions.get(name);
        if (published == null || !version.matches("[0-9]{1,9}")) {
            return null;
        }
        int index = Integer.parseInt(version) - 1;
        return index >= 0 && index < published.size() ? published.get(index) : null;
    }

    /**
     * Adds a statement to the resource-based policy of a function or of one qualifier of it
     * (AddPermission; a qualified ARN names the qualifier).
     *
     * @throws IllegalArgumentException for an unknown function, a used statement id, or an
     *                                  action other than lambda:InvokeFunction
     */
    public synchronized Permission addPermission(String functionNameOrArn, String statementId, String action,
                                                 String principal, String sourceArn) {
        String[] reference = reference(functionNameOrArn);
        if (!functions.containsKey(reference[0])) {
            throw new IllegalArgumentException("No function '" + functionNameOrArn + "' to add a permission to");
        }
        if (!"lambda:InvokeFunction".equals(action)) {
            throw new IllegalArgumentException("Action '" + action + "' is not supported by the local Lambda: "
                    + "permissions grant lambda:InvokeFunction");
        }
        Map<String, Permission> policy = permissions.computeIfAbsent(policyKey(reference), k -> new ConcurrentHashMap<>());
        if (policy.containsKey(statementId)) {
            throw new IllegalArgumentException("The statement id (" + statementId + ") provided already exists. "
                    + "Please provide a new statement id, or remove the existing statement.");
        }
        Permission permission = new Permission(statementId, action, principal, sourceArn);
        policy.put(statementId, permission);
        return permission;
    }

    /** Removes a statement (RemovePermission); one already gone is not an error. */
    public synchronized void removePermission(String functionNameOrArn, String statementId) {
        Map<String, Permission> policy = permissions.get(policyKey(reference(functionNameOrArn)));
        if (policy != null) {
            policy.remove(statementId);
        }
    }

    /** The resource-based policy of a function or qualifier, by statement id. */
    public Map<String, Permission> policy(String functionNameOrArn) {
        return Map.copyOf(permissions.getOrDefault(policyKey(reference(functionNameOrArn)), Map.of()));
    }

    /**
     * Whether a service may invoke the function ARN (qualified or not) from a source, as Lambda
     * evaluates the resource-based policy of exactly what is invoked.
     */
    public boolean permits(String functionArn, String principal, String sourceArn) {
        return permissions.getOrDefault(policyKey(reference(functionArn)), Map.of()).values().stream()
                .anyMatch(p -> p.principal().equals(principal)
                        && (p.sourceArn() == null || p.sourceArn().equals(sourceArn)));
    }

    private static String policyKey(String[] reference) {
        return reference[1] == null ? reference[0] : reference[0] + ":" + reference[1];
    }

    /**
     * Sets the asynchronous-invocation settings of a function ({@code qualifier} null or
     * {@code $LATEST}) or of one alias or version; an invocation through that qualifier uses them.
     *
     * @throws IllegalArgumentException for an unknown function or a destination that is not an SQS queue ARN
     */
    public void putEventInvokeConfig(String functionNameOrArn, String qualifier, EventInvokeConfig config) {
        String[] reference = reference(functionNameOrArn);
        if (!functions.containsKey(reference[0])) {
            throw new IllegalArgumentException("No function '" + functionNameOrArn + "' to configure");
        }
        if (config.onFailureDestination() != null
                && !config.onFailureDestination().matches("arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,80}")) {
            throw new IllegalArgumentException("OnFailure destination '" + config.onFailureDestination()
                    + "' is not supported by the local Lambda: use a standard SQS queue ARN");
        }
        invokeConfigs.put(configKey(reference[0], qualifier != null ? qualifier : reference[1]), config);
    }

    public void deleteEventInvokeConfig(String functionNameOrArn, String qualifier) {
        String[] reference = reference(functionNameOrArn);
        invokeConfigs.remove(configKey(reference[0], qualifier != null ? qualifier : reference[1]));
    }

    /** The settings an asynchronous invocation through this qualifier uses (Lambda's defaults when none is set). */
    public EventInvokeConfig eventInvokeConfig(String functionNameOrArn, String qualifier) {
        String[] reference = reference(functionNameOrArn);
        return invokeConfigs.getOrDefault(configKey(reference[0], qualifier != null ? qualifier : reference[1]),
                EventInvokeConfig.DEFAULT);
    }

    private static String configKey(String name, String qualifier) {
        return name + ":" + (qualifier == null ? LambdaFunction.LATEST : qualifier);
    }

    public boolean unregister(String name) {
        invokeConfigs.keySet().removeIf(k -> k.startsWith(name + ":"));
        aliases.remove(name);
        permissions.keySet().removeIf(k -> k.equals(name) || k.startsWith(name + ":"));
        versions.remove(name);
        return functions.remove(name) != null;
    }

    /** The function a name, ARN or partial ARN ({@code 123456789012:function:name}) designates. */
    public Optional<LambdaFunction> find(String nameOrArn) {
        return Optional.ofNullable(functions.get(reference(nameOrArn)[0]));
    }

    /** Every function, by name. */
    public List<LambdaFunction> list() {
        List<LambdaFunction> all = new ArrayList<>(functions.values());
        all.sort(Comparator.comparing(LambdaFunction::name));
        return all;
    }

    public String arn(String name) {
        return Arns.of(region, "lambda", region, accountId, "function:" + name);
    }

    // ------------------------------------------------------------------------------------------
    // Invocation

    /**
     * Invokes a function as the Invoke API does.
     *
     * @param functionName a name, ARN or partial ARN, optionally with {@code :qualifier}
     * @param qualifier    null, {@code $LATEST}, a published version or an alias
     * @throws LambdaServiceException ResourceNotFoundException, RequestTooLargeException
     */
    public Invocation invoke(String functionName, String qualifier, byte[] payload, InvocationType type)
            throws LambdaServiceException {
        String[] reference = reference(functionName);
        String effectiveQualifier = qualifier != null ? qualifier : reference[1];
        String version = effectiveQualifier == null ? LambdaFunction.LATEST
                : aliases.getOrDefault(reference[0], Map.of()).getOrDefault(effectiveQualifier, effectiveQualifier);
        LambdaFunction function = LambdaFunction.LATEST.equals(version) ? functions.get(reference[0])
                : functions.containsKey(reference[0]) ? published(reference[0], version) : null;
        if (function == null) {
            throw new LambdaServiceException("ResourceNotFoundException", 404, "Function not found: "
                    + arn(reference[0]) + (effectiveQualifier == null ? "" : ":" + effectiveQualifier));
        }
        byte[] body = payload == null ? new byte[0] : payload;
        if (body.length > MAX_PAYLOAD_BYTES) {
            throw new LambdaServiceException("RequestTooLargeException", 413, "Request must be smaller than "
                    + MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation");
        }
        if (type != InvocationType.DryRun && faults.takeResourceFault(THROTTLE_FAULT_KIND, reference[0]).isPresent()) {
            throw new LambdaServiceException("TooManyRequestsException", 429, "Rate Exceeded.");
        }
        String requestId = UUID.randomUUID().toString();
        switch (type) {
            case DryRun:
                return new Invocation(204, null, null, new byte[0], requestId, "");
            case Event:
                // Lambda queues the event and answers at once; failed attempts are retried as the
                // qualifier's EventInvokeConfig says, then recorded to its on-failure destination.
                EventInvokeConfig config = eventInvokeConfig(reference[0], effectiveQualifier);
                String invokedArn = arn(reference[0]) + ":" + (effectiveQualifier == null ? LambdaFunction.LATEST
                        : effectiveQualifier);
                Instant queuedAt = clock.now();
                pool.submit(() -> runAsynchronously(function, version, body, requestId, config, invokedArn, queuedAt));
                return new Invocation(202, null, null, new byte[0], requestId, "");
            default:
                return run(function, version, body, requestId);
        }
    }

    /** The Step Functions interpreter's way in: JSON in, JSON out. */
    @Override
    public LambdaResponse invoke(LambdaRequest request) throws LambdaServiceException {
        byte[] payload = request.payload() == null ? new byte[0] : Json.bytes(request.payload());
        InvocationType type = "Event".equals(request.invocationType()) ? InvocationType.Event
                : InvocationType.RequestResponse;
        Invocation invocation = invoke(request.functionName(), request.qualifier(), payload, type);
        return new LambdaResponse(invocation.statusCode(), invocation.executedVersion(), invocation.functionError(),
                parse(invocation.payload()), invocation.requestId());
    }

    private Invocation run(LambdaFunction function, String version, byte[] payload, String requestId) {
        Optional<FaultInjector.ResourceFault> fault = faults.takeResourceFault(FAULT_KIND, function.name());
        if (fault.isPresent()) {
            String errorType = fault.get().detail("errorType", "InjectedFault");
            String message = fault.get().detail("errorMessage", "Fault injected into function " + function.name());
            return failed(FunctionErrors.injected(errorType, message), version, requestId, "");
        }
        Instant deadline = clock.now().plus(function.timeout());
        LocalLambdaContext context = new LocalLambdaContext(requestId, function, deadline, clock::now);
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Future<?> handler = pool.submit(() -> {
            try {
                result.complete(function.handler().invoke(payload, context));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        Future<?> watcher = pool.submit(() -> {
            try {
                sleepForWork(function.timeout());
                result.completeExceptionally(new FunctionTimeout());
            } catch (InterruptedException e) {
                // the handler finished first
            }
        });
        try {
            byte[] response = result.get();
            return new Invocation(200, version, null, response, requestId, context.logOutput());
        } catch (InterruptedException e) {
            handler.cancel(true);
            Thread.currentThread().interrupt();
            return failed(FunctionErrors.injected("Sandbox.Interrupted", "The invocation was interrupted"), version,
                    requestId, context.logOutput());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FunctionTimeout) {
                handler.cancel(true);
                return failed(FunctionErrors.timedOut(requestId, function.timeout()), version, requestId,
                        context.logOutput());
            }
            return failed(FunctionErrors.fromThrowable(cause), version, requestId, context.logOutput());
        } finally {
            watcher.cancel(true);
            String log = context.logOutput();
            if (!log.isEmpty()) {
                logSink.accept(function.name(), log);
            }
        }
    }

    /**
     * An asynchronous event: attempts until one succeeds, the retries are used up or the event is
     * older than the maximum age, waiting Lambda's one and two minutes between attempts on the
     * cloud's clock; then the failure record goes to the on-failure destination, if any.
     */
    private void runAsynchronously(LambdaFunction function, String version, byte[] payload, String requestId,
                                   EventInvokeConfig config, String invokedArn, Instant queuedAt) {
        int attempts = 0;
        Invocation last;
        String condition;
        try {
            while (true) {
                last = run(function, version, payload, requestId);
                attempts++;
                if (last.functionError() == null) {
                    return;
                }
                if (attempts > config.maximumRetryAttempts()) {
                    condition = "RetriesExhausted";
                    break;
                }
                Duration wait = ASYNC_RETRY_DELAYS.get(Math.min(attempts - 1, ASYNC_RETRY_DELAYS.size() - 1));
                if (Duration.between(queuedAt, clock.now().plus(wait)).getSeconds() > config.maximumEventAgeSeconds()) {
                    condition = "EventAgeExceeded";
                    break;
                }
                clock.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String where = config.onFailureDestination();
        System.err.println("local cloud: Lambda gave up on asynchronous event " + requestId + " of " + invokedArn
                + " after " + attempts + " attempt(s) (" + condition + ")"
                + (where == null ? "; no on-failure destination: the event is discarded" : "; record sent to " + where));
        if (where == null) {
            return;
        }
        try {
            destinations.send(where, Json.text(failureRecord(requestId, invokedArn, condition, attempts, payload, last)));
        } catch (RuntimeException e) {
            // Lambda counts a DestinationDeliveryFailures metric; the local cloud says why.
            System.err.println("local cloud: Lambda could not send the record of event " + requestId + " to " + where
                    + ": " + e.getMessage());
        }
    }

    /** The invocation record Lambda sends to an on-failure destination. */
    private JsonNode failureRecord(String requestId, String invokedArn, String condition, int attempts, byte[] payload,
                                   Invocation last) {
        com.fasterxml.jackson.databind.node.ObjectNode record = Json.object();
        record.put("version", "1.0");
        record.put("timestamp", clock.now().toString());
        record.putObject("requestContext")
                .put("requestId", requestId)
                .put("functionArn", invokedArn)
                .put("condition", condition)
                .put("approximateInvokeCount", attempts);
        record.set("requestPayload", parse(payload));
        record.putObject("responseContext")
                .put("statusCode", last.statusCode())
                .put("executedVersion", last.executedVersion())
                .put("functionError", last.functionError());
        record.set("responsePayload", parse(last.payload()));
        return record;
    }

    /**
     * Where the functions' log lines go (the function's name and what one invocation logged), as
     * Lambda sends them to the function's log group; by default nowhere. A command names its log
     * file here, or standard error with {@code --verbose}; never its own output.
     */
    public void onLog(BiConsumer<String, String> sink) {
        this.logSink = sink == null ? (name, log) -> { } : sink;
    }

    private static Invocation failed(JsonNode document, String version, String requestId, String log) {
        return new Invocation(200, version, "Unhandled", Json.bytes(document), requestId, log);
    }

    /** Waits until the timeout has passed on the clock and in real time: the clock never shortens real work. */
    private void sleepForWork(Duration timeout) throws InterruptedException {
        long realStart = System.nanoTime();
        clock.sleep(timeout);
        long left = timeout.toNanos() - (System.nanoTime() - realStart);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** Splits a function reference into {name, qualifier or null}. */
    private static String[] reference(String nameOrArn) {
        if (nameOrArn == null) {
            return new String[] {"", null};
        }
        String[] parts = nameOrArn.split(":");
        if (nameOrArn.startsWith("arn:") && parts.length >= 7) {
            return new String[] {parts[6], parts.length > 7 ? parts[7] : null};
        }
        if (parts.length >= 3 && parts[1].equals("function")) {
            return new String[] {parts[2], parts.length > 3 ? parts[3] : null};
        }
        if (parts.length == 2) {
            return new String[] {parts[0], parts[1]};
        }
        return new String[] {nameOrArn, null};
    }

    /** A response payload as JSON; a handler may write text that is not JSON, kept as a JSON string. */
    private static JsonNode parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return null;
        }
        try {
            return Json.parse(payload);
        } catch (IOException e) {
            return TextNode.valueOf(new String(payload, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static final class FunctionTimeout extends Exception {
        FunctionTimeout() {
            super(null, null, false, false);
        }
    }
}
