package dev.mwaaprovisioner.local.cloud.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.sqs.SqsQueues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What happens to an event nobody could process, as AWS documents it. Lambda: an asynchronous
 * event whose function fails is retried as the EventInvokeConfig says (one, then two minutes
 * later), then its invocation record goes to the on-failure SQS queue. EventBridge: a target that
 * may not be invoked, or does not exist, sends the event to the target's dead-letter queue at
 * once; a throttled target is retried under its RetryPolicy, then dead-lettered with the
 * exhausted condition; a queue whose policy does not allow the rule gets nothing.
 */
class UndeliveredEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalCloud cloud;
    private static SqsClient sqs;
    private static EventBridgeClient events;
    private static LambdaFunctions functions;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(2000));
        sqs = TestClients.client(SqsClient.builder(), cloud);
        events = TestClients.client(EventBridgeClient.builder(), cloud);
        functions = cloud.service(LambdaFunctions.class);
    }

    @AfterAll
    static void stop() {
        sqs.close();
        events.close();
        cloud.close();
    }

    private static String queue(String name) {
        return sqs.createQueue(r -> r.queueName(name)).queueUrl();
    }

    private static String arn(String url) {
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributesAsStrings().get("QueueArn");
    }

    private static List<Message> received(String url) {
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).messageAttributeNames("All")).messages();
    }

    private static void allowEventBridge(String url, String ruleArn) {
        String policy = JSON.createObjectNode().put("Version", "2012-10-17").set("Statement", JSON.createArrayNode()
                .add(JSON.createObjectNode().put("Effect", "Allow")
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("Principal",
                                JSON.createObjectNode().put("Service", "events.amazonaws.com"))
                        .put("Action", "sqs:SendMessage").put("Resource", arn(url))
                        .set("Condition", JSON.createObjectNode().set("ArnEquals",
                                JSON.createObjectNode().put("aws:SourceArn", ruleArn))))).toString();
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("Policy", policy)));
    }

    // ------------------------------------------------------------------ Lambda asynchronous invocation

    @Test
    void aFailingAsynchronousEventIsTriedThreeTimesThenRecordedInTheOnFailureQueue() throws Exception {
        String url = queue("failed-invocations");
        AtomicInteger attempts = new AtomicInteger();
        functions.register("always-fails", (RequestHandler<Map<String, Object>, String>) (event, context) -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("AccessDeniedException: not allowed to StartExecution");
        });
        functions.putEventInvokeConfig("always-fails", null, new LambdaFunctions.EventInvokeConfig(2, 3600, arn(url)));
        String started = cloud.clock().now().toString();

        functions.invoke("always-fails", null, "{\"id\":\"event-1\"}".getBytes(), LambdaFunctions.InvocationType.Event);

        waitUntil(Duration.ofSeconds(20), () -> sqs.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributesAsStrings()
                .get("ApproximateNumberOfMessages").equals("1"));
        JsonNode record = JSON.readTree(received(url).get(0).body());
        assertThat(attempts).hasValue(3);
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.path("requestContext").path("functionArn").asText()).endsWith(":function:always-fails:$LATEST");
        assertThat(record.path("requestPayload").path("id").asText()).isEqualTo("event-1");
        assertThat(record.path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
        assertThat(record.path("responsePayload").path("errorMessage").asText()).contains("not allowed to StartExecution");
        // One minute, then two: the record is written three minutes (on the cloud's clock) after the event.
        assertThat(Duration.between(java.time.Instant.parse(started), java.time.Instant.parse(
                record.path("timestamp").asText()))).isGreaterThanOrEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void anEventThatSucceedsOnItsSecondAttemptLeavesNoRecord() throws Exception {
        String url = queue("second-attempt");
        AtomicInteger attempts = new AtomicInteger();
        functions.register("fails-once", (RequestHandler<Map<String, Object>, String>) (event, context) -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("Throttling");
            }
            return "ok";
        });
        functions.putEventInvokeConfig("fails-once", null, new LambdaFunctions.EventInvokeConfig(2, 3600, arn(url)));

        functions.invoke("fails-once", null, "{}".getBytes(), LambdaFunctions.InvocationType.Event);

        waitUntil(Duration.ofSeconds(20), () -> attempts.get() == 2);
        cloud.clock().sleep(Duration.ofMinutes(5));
        assertThat(attempts).hasValue(2);
        assertThat(received(url)).isEmpty();
    }

    @Test
    void retriesAndEventAgeOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new LambdaFunctions.EventInvokeConfig(3, 3600, null))
                .hasMessageContaining("MaximumRetryAttempts 3").hasMessageContaining("0 to 2");
        assertThatThrownBy(() -> new LambdaFunctions.EventInvokeConfig(0, 59, null))
                .hasMessageContaining("60 to 21600");
    }

    // ------------------------------------------------------------------ EventBridge targets

    @Test
    void aTargetEventBridgeMayNotInvokeSendsTheEventToItsDeadLetterQueueAtOnce() throws Exception {
        String url = queue("not-permitted-dlq");
        functions.register("no-permission", (RequestHandler<Map<String, Object>, String>) (event, context) -> "ok");
        String ruleArn = events.putRule(r -> r.name("to-no-permission")
                .eventPattern("{\"source\":[\"test.not-permitted\"]}")).ruleArn();
        allowEventBridge(url, ruleArn);
        events.putTargets(r -> r.rule("to-no-permission").targets(Target.builder().id("t").arn(functions.arn("no-permission"))
                .retryPolicy(p -> p.maximumRetryAttempts(3).maximumEventAgeInSeconds(600))
                .deadLetterConfig(d -> d.arn(arn(url))).build()));
        assertThat(events.listTargetsByRule(r -> r.rule("to-no-permission")).targets().get(0).deadLetterConfig().arn())
                .isEqualTo(arn(url));

        String id = events.putEvents(r -> r.entries(e -> e.source("test.not-permitted").detailType("Test")
                .detail("{\"n\":1}"))).entries().get(0).eventId();

        waitUntil(Duration.ofSeconds(10), () -> !cloud.service(SqsQueues.class).messages(url).isEmpty());
        Message message = received(url).get(0);
        assertThat(JSON.readTree(message.body()).path("id").asText()).isEqualTo(id);
        assertThat(message.messageAttributes().get("ERROR_CODE").stringValue()).isEqualTo("AccessDeniedException");
        assertThat(message.messageAttributes().get("RULE_ARN").stringValue()).isEqualTo(ruleArn);
        assertThat(message.messageAttributes().get("RETRY_ATTEMPTS").stringValue()).isEqualTo("0");
    }

    @Test
    void aThrottledTargetIsRetriedUnderItsPolicyThenDeadLettered() throws Exception {
        String url = queue("throttled-dlq");
        AtomicInteger invoked = new AtomicInteger();
        functions.register("throttled", (RequestHandler<Map<String, Object>, String>) (event, context) ->
                "ok" + invoked.incrementAndGet());
        String ruleArn = events.putRule(r -> r.name("to-throttled").eventPattern("{\"source\":[\"test.throttled\"]}"))
                .ruleArn();
        functions.addPermission("throttled", "events", "lambda:InvokeFunction", "events.amazonaws.com", ruleArn);
        allowEventBridge(url, ruleArn);
        events.putTargets(r -> r.rule("to-throttled").targets(Target.builder().id("t").arn(functions.arn("throttled"))
                .retryPolicy(p -> p.maximumRetryAttempts(2).maximumEventAgeInSeconds(600))
                .deadLetterConfig(d -> d.arn(arn(url))).build()));

        // Throttled twice, then through: delivered by the second retry.
        cloud.faults().failResource(LambdaFunctions.THROTTLE_FAULT_KIND, "throttled", "THROTTLED", Map.of(), 2);
        events.putEvents(r -> r.entries(e -> e.source("test.throttled").detailType("Test").detail("{}")));
        waitUntil(Duration.ofSeconds(10), () -> invoked.get() == 1);
        assertThat(received(url)).isEmpty();

        // Throttled more often than the policy retries: dead-lettered with the condition.
        cloud.faults().failResource(LambdaFunctions.THROTTLE_FAULT_KIND, "throttled", "THROTTLED", Map.of(), 3);
        String id = events.putEvents(r -> r.entries(e -> e.source("test.throttled").detailType("Test").detail("{}")))
                .entries().get(0).eventId();
        waitUntil(Duration.ofSeconds(10), () -> !cloud.service(SqsQueues.class).messages(url).isEmpty());
        Message message = received(url).get(0);
        assertThat(JSON.readTree(message.body()).path("id").asText()).isEqualTo(id);
        assertThat(message.messageAttributes().get("ERROR_CODE").stringValue()).isEqualTo("TooManyRequestsException");
        assertThat(message.messageAttributes().get("EXHAUSTED_RETRY_CONDITION").stringValue())
                .isEqualTo("MaximumRetryAttemptsExhausted");
        assertThat(message.messageAttributes().get("RETRY_ATTEMPTS").stringValue()).isEqualTo("2");
        assertThat(invoked).hasValue(1);
    }

    @Test
    void aQueueWhosePolicyDoesNotNameTheRuleGetsNothing() throws Exception {
        String url = queue("other-rule-dlq");
        String ruleArn = events.putRule(r -> r.name("unscoped").eventPattern("{\"source\":[\"test.unscoped\"]}")).ruleArn();
        allowEventBridge(url, ruleArn.replace("unscoped", "some-other-rule"));
        events.putTargets(r -> r.rule("unscoped").targets(Target.builder().id("t")
                .arn(functions.arn("missing-" + UUID.randomUUID())).deadLetterConfig(d -> d.arn(arn(url))).build()));
        events.putEvents(r -> r.entries(e -> e.source("test.unscoped").detailType("Test").detail("{}")));
        waitUntil(Duration.ofSeconds(10), () -> cloud.service(EventRules.class).deliveries().stream()
                .anyMatch(d -> d.ruleArn().equals(ruleArn)));
        cloud.clock().sleep(Duration.ofSeconds(5));
        assertThat(received(url)).isEmpty();
    }

    @Test
    void aRetryPolicyOutOfRangeIsRefused() {
        events.putRule(r -> r.name("bad-policy").eventPattern("{\"source\":[\"test.bad\"]}"));
        assertThatThrownBy(() -> events.putTargets(r -> r.rule("bad-policy").targets(Target.builder().id("t")
                .arn(functions.arn("x")).retryPolicy(p -> p.maximumRetryAttempts(186)).build())))
                .isInstanceOf(EventBridgeException.class).hasMessageContaining("0 to 185");
    }

    private static void waitUntil(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + limit);
            }
            Thread.sleep(20);
        }
    }
}
