package dev.mwaaprovisioner.local.cloud.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.LambdaInvoker;
import dev.mwaaprovisioner.local.cloud.Arns;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.cloud.sqs.SqsQueues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The rules of the default event bus and their delivery: every event put on the local cloud's bus
 * (PutEvents, S3's {@code Object Created}, ...) is matched against the enabled rules of its Region,
 * and each matching rule's targets receive it — a state machine target starts an execution (with
 * a generated name), a Lambda target is invoked asynchronously if its resource-based policy lets
 * EventBridge invoke it from that rule. Each delivery is recorded.
 */
public final class EventRules {

    public static final String DEFAULT_BUS = "default";
    private static final Pattern RULE_NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");
    private static final Pattern TARGET_ID = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");
    private static final Pattern STATE_MACHINE_ARN = Pattern.compile("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:.+");
    static final String EVENTS_PRINCIPAL = "events.amazonaws.com";
    private static final Pattern SQS_QUEUE_ARN = Pattern.compile("arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,80}");
    /** EventBridge's first wait before retrying a delivery; each retry doubles it, up to {@link #MAX_RETRY_WAIT}. */
    static final Duration FIRST_RETRY_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(5);
    private static final Pattern FUNCTION_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:\\d{12}:function:.+");

    /** One hand-over of an event to a target: what it received and what came of it. */
    public record Delivery(String eventId, String ruleArn, String targetId, String targetArn, String input,
            String result, String error) {
    }

    private final ServiceContext context;
    /** Rules by ARN. */
    private final Map<String, EventRule> rules = new LinkedHashMap<>();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    public EventRules(ServiceContext context) {
        this.context = context;
    }

    // ------------------------------------------------------------------------------------------
    // Rules

    /** Creates or updates a rule (PutRule) and returns it. */
    public synchronized EventRule putRule(String region, String busName, String name, String eventPattern,
            String description, String state, String roleArn) {
        String bus = bus(busName);
        if (name == null || !RULE_NAME.matcher(name).matches()) {
            throw new CloudException("ValidationException", 400, "1 validation error detected: Value '" + name
                    + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " [\\.\\-_A-Za-z0-9]+ (1 to 64 characters)");
        }
        if (eventPattern == null) {
            throw new CloudException("ValidationException", 400,
                    "Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        EventPattern pattern;
        try {
            pattern = EventPattern.parse(eventPattern);
        } catch (EventPattern.InvalidPatternException e) {
            throw new CloudException("InvalidEventPatternException", 400, e.getMessage());
        }
        boolean enabled = state == null || state.equals("ENABLED");
        if (state != null && !state.equals("ENABLED") && !state.equals("DISABLED")) {
            throw new CloudException("ValidationException", 400, "State '" + state + "' is not valid: use ENABLED or"
                    + " DISABLED");
        }
        String arn = Arns.of(region, "events", region, context.accountId(), "rule/" + name);
        EventRule existing = rules.get(arn);
        EventRule rule = new EventRule(name, arn, bus, region, description, pattern, enabled, roleArn,
                existing == null ? List.of() : existing.targets());
        rules.put(arn, rule);
        return rule;
    }

    public synchronized EventRule rule(String region, String busName, String name) {
        bus(busName);
        EventRule rule = rules.get(Arns.of(region, "events", region, context.accountId(), "rule/" + name));
        if (rule == null) {
            throw new CloudException("ResourceNotFoundException", 400, "Rule " + name + " does not exist on EventBus "
                    + DEFAULT_BUS + ".");
        }
        return rule;
    }

    public synchronized List<EventRule> rules(String region, String busName, String namePrefix) {
        bus(busName);
        List<EventRule> list = new ArrayList<>();
        for (EventRule rule : rules.values()) {
            if (rule.region().equals(region) && (namePrefix == null || rule.name().startsWith(namePrefix))) {
                list.add(rule);
            }
        }
        list.sort(Comparator.comparing(EventRule::name));
        return list;
    }

    public synchronized void deleteRule(String region, String busName, String name) {
        EventRule rule;
        try {
            rule = rule(region, busName, name);
        } catch (CloudException e) {
            return; // DeleteRule of a missing rule succeeds, as in EventBridge
        }
        if (!rule.targets().isEmpty()) {
            throw new CloudException("ValidationException", 400, "Rule can't be deleted since it has targets.");
        }
        rules.remove(rule.arn());
    }

    public synchronized void setEnabled(String region, String busName, String name, boolean enabled) {
        EventRule rule = rule(region, busName, name);
        rules.put(rule.arn(), rule.withEnabled(enabled));
    }

    /** Adds or replaces targets of a rule (PutTargets). */
    public synchronized void putTargets(String region, String busName, String ruleName, List<EventTarget> targets) {
        EventRule rule = rule(region, busName, ruleName);
        Map<String, EventTarget> byId = new LinkedHashMap<>();
        rule.targets().forEach(t -> byId.put(t.id(), t));
        for (EventTarget target : targets) {
            check(target);
            byId.put(target.id(), target);
        }
        if (byId.size() > 5) {
            throw new CloudException("LimitExceededException", 400, "The requested resource exceeds the maximum number"
                    + " allowed: a rule has at most 5 targets");
        }
        rules.put(rule.arn(), rule.withTargets(new ArrayList<>(byId.values())));
    }

    public synchronized void removeTargets(String region, String busName, String ruleName, List<String> ids) {
        EventRule rule = rule(region, busName, ruleName);
        List<EventTarget> kept = new ArrayList<>(rule.targets());
        kept.removeIf(t -> ids.contains(t.id()));
        rules.put(rule.arn(), rule.withTargets(kept));
    }

    private static void check(EventTarget target) {
        if (target.id() == null || !TARGET_ID.matcher(target.id()).matches()) {
            throw new CloudException("ValidationException", 400, "Target Id '" + target.id()
                    + "' is invalid: use 1-64 letters, digits, '.', '-' or '_'");
        }
        if (target.arn() == null
                || !(STATE_MACHINE_ARN.matcher(target.arn()).matches() || FUNCTION_ARN.matcher(target.arn()).matches())) {
            throw new CloudException("ValidationException", 400, "Target " + target.id() + ": Arn '" + target.arn()
                    + "' is not supported by the local cloud: targets must be Step Functions state machines or Lambda"
                    + " functions");
        }
        if (target.retryPolicy() != null) {
            EventTarget.RetryPolicy retry = target.retryPolicy();
            if (retry.maximumRetryAttempts() < 0 || retry.maximumRetryAttempts() > 185) {
                throw new CloudException("ValidationException", 400, "Target " + target.id()
                        + ": RetryPolicy.MaximumRetryAttempts " + retry.maximumRetryAttempts() + " is out of range: use 0 to 185");
            }
            if (retry.maximumEventAgeSeconds() < 60 || retry.maximumEventAgeSeconds() > 86_400) {
                throw new CloudException("ValidationException", 400, "Target " + target.id()
                        + ": RetryPolicy.MaximumEventAgeInSeconds " + retry.maximumEventAgeSeconds()
                        + " is out of range: use 60 to 86400");
            }
        }
        if (target.deadLetterArn() != null && !SQS_QUEUE_ARN.matcher(target.deadLetterArn()).matches()) {
            throw new CloudException("ValidationException", 400, "Target " + target.id() + ": DeadLetterConfig.Arn '"
                    + target.deadLetterArn() + "' is not an SQS queue ARN");
        }
        int inputs = (target.input() != null ? 1 : 0) + (target.inputPath() != null ? 1 : 0)
                + (target.inputTemplate() != null ? 1 : 0);
        if (inputs > 1) {
            throw new CloudException("ValidationException", 400, "Target " + target.id()
                    + ": only one of Input, InputPath and InputTransformer may be given");
        }
        if (target.input() != null) {
            try {
                dev.mwaaprovisioner.local.cloud.protocol.Json.parse(target.input());
            } catch (java.io.IOException e) {
                throw new CloudException("ValidationException", 400, "Target " + target.id()
                        + ": Input is not valid JSON: " + dev.mwaaprovisioner.local.cloud.protocol.Json.describe(e));
            }
        }
        if (target.inputPath() != null && !TargetInput.isPath(target.inputPath())) {
            throw new CloudException("ValidationException", 400, "Target " + target.id() + ": InputPath '"
                    + target.inputPath() + "' is not a valid JSONPath");
        }
        if (target.inputPathsMap() != null) {
            target.inputPathsMap().forEach((name, path) -> {
                if (!TargetInput.isPath(path)) {
                    throw new CloudException("ValidationException", 400, "Target " + target.id()
                            + ": InputPathsMap value '" + path + "' of '" + name + "' is not a valid JSONPath");
                }
            });
        }
    }

    /** The bus a request names: only the default bus exists. */
    static String bus(String busName) {
        if (busName == null || busName.equals(DEFAULT_BUS) || busName.endsWith(":event-bus/" + DEFAULT_BUS)) {
            return DEFAULT_BUS;
        }
        throw new CloudException("ResourceNotFoundException", 400, "Event bus " + busName + " does not exist. (The"
                + " local cloud has only the default event bus.)");
    }

    // ------------------------------------------------------------------------------------------
    // Delivery

    /** Every delivery so far, oldest first. */
    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Matches an event against the rules and hands it to the targets of those that match. */
    void dispatch(CloudEvent event) {
        if (!DEFAULT_BUS.equals(event.eventBusName())) {
            return;
        }
        JsonNode json = event.toJson();
        List<EventRule> matching = new ArrayList<>();
        synchronized (this) {
            for (EventRule rule : rules.values()) {
                if (rule.enabled() && rule.region().equals(event.region()) && rule.pattern().matches(json)) {
                    matching.add(rule);
                }
            }
        }
        for (EventRule rule : matching) {
            for (EventTarget target : rule.targets()) {
                deliver(event, json, rule, target);
            }
        }
    }

    private void deliver(CloudEvent event, JsonNode json, EventRule rule, EventTarget target) {
        attempt(event, json, rule, target, TargetInput.build(target, json, rule), context.clock().now(), 0);
    }

    /**
     * One attempt to hand an event to a target. A failure EventBridge retries (throttling, a
     * service error) is tried again after a growing wait on the cloud's clock while the target's
     * retry policy allows; one it does not retry (the target is missing, or EventBridge may not
     * invoke it) and one whose retries are used up go to the target's dead-letter queue.
     */
    private void attempt(CloudEvent event, JsonNode json, EventRule rule, EventTarget target, String input,
                         java.time.Instant receivedAt, int retries) {
        try {
            String result;
            if (STATE_MACHINE_ARN.matcher(target.arn()).matches()) {
                Execution execution = context.service(StateMachines.class).startExecution(target.arn(), null, input);
                result = execution.executionArn();
            } else {
                LambdaFunctions lambda = context.service(LambdaFunctions.class);
                if (!lambda.permits(target.arn(), EVENTS_PRINCIPAL, rule.arn())) {
                    // EventBridge invokes Lambda targets with the function's resource-based policy.
                    throw new CloudException("AccessDeniedException", 403, "the resource-based policy of " + target.arn()
                            + " does not allow " + EVENTS_PRINCIPAL + " to invoke it from " + rule.arn()
                            + "; add a permission (AWS::Lambda::Permission, SAM adds one per EventBridgeRule event)");
                }
                result = lambda.invoke(target.arn(), null,
                        input.getBytes(StandardCharsets.UTF_8), LambdaFunctions.InvocationType.Event).requestId();
            }
            deliveries.add(new Delivery(event.id(), rule.arn(), target.id(), target.arn(), input, result, null));
        } catch (CloudException | LambdaInvoker.LambdaServiceException | IllegalStateException e) {
            String code = e instanceof CloudException c ? c.code()
                    : e instanceof LambdaInvoker.LambdaServiceException l ? l.errorCode() : "InternalException";
            int status = e instanceof CloudException c ? c.httpStatus()
                    : e instanceof LambdaInvoker.LambdaServiceException l ? l.statusCode() : 500;
            String error = code + ": " + e.getMessage();
            deliveries.add(new Delivery(event.id(), rule.arn(), target.id(), target.arn(), input, null, error));
            boolean retriable = status == 429 || status >= 500;
            EventTarget.RetryPolicy policy = target.effectiveRetryPolicy();
            Duration wait = retryWait(retries);
            Duration age = Duration.between(receivedAt, context.clock().now().plus(wait));
            String exhausted = !retriable ? null
                    : retries >= policy.maximumRetryAttempts() ? "MaximumRetryAttemptsExhausted"
                    : age.getSeconds() > policy.maximumEventAgeSeconds() ? "MaximumEventAgeExhausted" : "";
            if (retriable && exhausted.isEmpty()) {
                System.err.println("local cloud: EventBridge rule " + rule.name() + " could not deliver event " + event.id()
                        + " to " + target.arn() + " (" + error + "); retry " + (retries + 1) + " in " + wait.toSeconds() + " s");
                context.clock().scheduleAfter(wait, () -> attempt(event, json, rule, target, input, receivedAt, retries + 1));
                return;
            }
            deadLetter(event, json, rule, target, code, e.getMessage(), exhausted, retries, error);
        }
    }

    private static Duration retryWait(int retries) {
        Duration wait = FIRST_RETRY_WAIT.multipliedBy(1L << Math.min(retries, 20));
        return wait.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait;
    }

    /**
     * Sends an undelivered event to the target's dead-letter queue, as EventBridge does: the event
     * as the body, why in the message attributes. The queue's policy must let EventBridge send
     * from this rule; otherwise, and without a queue, the event is dropped.
     */
    private void deadLetter(CloudEvent event, JsonNode json, EventRule rule, EventTarget target, String code,
                            String message, String exhausted, int retries, String error) {
        String queue = target.deadLetterArn();
        if (queue == null) {
            System.err.println("local cloud: EventBridge rule " + rule.name() + " could not deliver event " + event.id()
                    + " to " + target.arn() + ": " + error + "; the target has no dead-letter queue: the event is dropped");
            return;
        }
        try {
            SqsQueues queues = context.service(SqsQueues.class);
            if (!queues.allowsServiceSend(queue, EVENTS_PRINCIPAL, rule.arn())) {
                throw new CloudException("AccessDenied", 403, "the policy of queue " + queue + " does not allow "
                        + EVENTS_PRINCIPAL + " to send messages from " + rule.arn());
            }
            Map<String, SqsQueues.MessageAttribute> attributes = new LinkedHashMap<>();
            attributes.put("RULE_ARN", new SqsQueues.MessageAttribute("String", rule.arn()));
            attributes.put("TARGET_ARN", new SqsQueues.MessageAttribute("String", target.arn()));
            attributes.put("ERROR_CODE", new SqsQueues.MessageAttribute("String", code));
            attributes.put("ERROR_MESSAGE", new SqsQueues.MessageAttribute("String",
                    message == null || message.isEmpty() ? code : message));
            if (exhausted != null) {
                attributes.put("EXHAUSTED_RETRY_CONDITION", new SqsQueues.MessageAttribute("String", exhausted));
            }
            attributes.put("RETRY_ATTEMPTS", new SqsQueues.MessageAttribute("Number", Integer.toString(retries)));
            queues.send(queue, dev.mwaaprovisioner.local.cloud.protocol.Json.text(json), attributes, null,
                    context.accountId());
            System.err.println("local cloud: EventBridge rule " + rule.name() + " could not deliver event " + event.id()
                    + " to " + target.arn() + ": " + error + "; sent to dead-letter queue " + queue);
        } catch (RuntimeException e) {
            // EventBridge counts InvocationsFailedToBeSentToDlq; the local cloud says why.
            System.err.println("local cloud: EventBridge rule " + rule.name() + " could not deliver event " + event.id()
                    + " to " + target.arn() + " (" + error + ") nor send it to dead-letter queue " + queue + ": "
                    + e.getMessage() + "; the event is dropped");
        }
    }
}
