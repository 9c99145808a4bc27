package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.cloud.AwsCli;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.sqs.SqsQueues;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Nothing an event asks for is lost silently, through the deployed application as a user drives
 * it (AWS CLI uploads, the queues read with {@code aws sqs receive-message}):
 * <ul>
 *   <li>StartExecution denied to the DispatchFunction for good: no execution; the function logs
 *       one line naming the event, the file and the error; {@code status/dispatch/<name>.json}
 *       says DISPATCH_FAILED with the event and the queue; after Lambda's two retries its record
 *       of the event is in DispatchFailureQueue.</li>
 *   <li>Denied once, then allowed: Lambda's retry starts exactly one execution; no dead letter.</li>
 *   <li>EventBridge cannot invoke the function (throttled throughout): after the target's retry
 *       policy the event is in UndeliveredEventQueue, naming the rule and why.</li>
 * </ul>
 */
@Isolated("Swaps System.err to read what the in-process DispatchFunction logs: nothing else may print meanwhile")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DispatchFailureEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** Refused by validation at once: these tests are about the dispatch, not the provisioning. */
    private static final String REQUEST = "Name: dispatch-test\n";

    LocalApplication app;
    AwsCli aws;
    S3Client s3;
    SqsClient sqs;
    String dispatchFailures;
    String undelivered;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream err;
    @TempDir
    Path files;

    @BeforeAll
    void deploy() {
        err = System.err;
        System.setErr(new PrintStream(new TeeStream(printed, err), true, StandardCharsets.UTF_8));
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")), LocalApplication.config().withTimeScale(2000));
        // The function's log lines (its log group in Lambda), beside what the local cloud prints.
        app.cloud().service(LambdaFunctions.class).onLog((function, log) -> {
            synchronized (printed) {
                printed.writeBytes(log.getBytes(StandardCharsets.UTF_8));
            }
        });
        aws = AwsCli.on(app.cloud());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
        sqs = TestClients.client(SqsClient.builder(), app.cloud());
        dispatchFailures = app.outputs().get("DispatchFailureQueueUrl");
        undelivered = app.outputs().get("UndeliveredEventQueueUrl");
    }

    @AfterAll
    void stop() {
        try {
            s3.close();
            sqs.close();
            app.close();
        } finally {
            System.setErr(err);
        }
    }

    @AfterEach
    void clearFaults() {
        app.cloud().faults().clear();
    }

    private String upload(String file) throws Exception {
        Path local = files.resolve(file);
        Files.writeString(local, REQUEST);
        aws.run("s3", "cp", local.toString(), "s3://" + app.configBucket() + "/requests/" + file).ok();
        return "requests/" + file;
    }

    private List<Execution> executionsFor(String key) {
        return app.cloud().service(StateMachines.class).executions(app.stateMachineArn()).stream()
                .filter(e -> key.equals(e.input().path("detail").path("object").path("key").asText()))
                .toList();
    }

    private int queued(String url) {
        return app.cloud().service(SqsQueues.class).messages(url).size();
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + LIMIT + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDispatchDeniedForGoodIsRecordedLoggedAndDeadLettered() throws Exception {
        app.cloud().faults().failOperation("states", "StartExecution", "DispatchFunction", "AccessDeniedException", 400,
                "User is not authorized to perform: states:StartExecution", FaultInjector.UNLIMITED);
        int undeliveredBefore = queued(undelivered);

        String key = upload("denied.yaml");

        waitUntil("a dead letter", () -> queued(dispatchFailures) == 1);
        JsonNode messages = aws.run("sqs", "receive-message", "--queue-url", dispatchFailures,
                "--max-number-of-messages", "10").ok().json().path("Messages");
        assertThat(messages).hasSize(1);
        JsonNode record = JSON.readTree(messages.get(0).path("Body").asText());
        JsonNode event = record.path("requestPayload");
        assertThat(event.path("detail").path("object").path("key").asText()).isEqualTo(key);
        assertThat(record.path("requestContext").path("condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(3);
        assertThat(record.path("requestContext").path("functionArn").asText()).endsWith(":live");
        assertThat(record.path("responsePayload").path("errorMessage").asText()).contains("not authorized");
        assertThat(executionsFor(key)).as("no execution").isEmpty();

        String eventId = event.path("id").asText();
        String versionId = event.path("detail").path("object").path("version-id").asText();
        var statuses = s3.listObjectsV2(r -> r.bucket(app.configBucket()).prefix("status/dispatch/")).contents();
        JsonNode status = statuses.stream()
                .map(o -> readJson(o.key()))
                .filter(s -> s.path("Event").path("Id").asText().equals(eventId))
                .findFirst().orElseThrow(() -> new AssertionError("no status/dispatch/ record of event " + eventId));
        assertThat(status.path("State").asText()).isEqualTo("DISPATCH_FAILED");
        assertThat(status.path("RequestFile").path("Key").asText()).isEqualTo(key);
        assertThat(status.path("RequestFile").path("VersionId").asText()).isEqualTo(versionId);
        assertThat(status.path("Error").path("Code").asText()).isEqualTo("AccessDeniedException");
        assertThat(status.path("DeadLetterQueue").asText()).isEqualTo(dispatchFailures);
        assertThat(status.path("ExecutionName").asText()).startsWith("denied-yaml-");
        assertThat(status.has("Request")).as("the record carries no request content").isFalse();

        assertThat(printed()).contains("DISPATCH_FAILED event " + eventId + " (Object Created, s3://"
                + app.configBucket() + "/" + key + " (version " + versionId + ")): AccessDeniedException");
        assertThat(queued(undelivered)).as("EventBridge delivered: the function received the event")
                .isEqualTo(undeliveredBefore);
    }

    @Test
    void aDispatchDeniedOnceStartsExactlyOneExecutionOnLambdasRetry() throws Exception {
        app.cloud().faults().failOperation("states", "StartExecution", "DispatchFunction", "AccessDeniedException", 400,
                "User is not authorized to perform: states:StartExecution", 1);
        int deadLetters = app.cloud().service(SqsQueues.class).messages(dispatchFailures).size();

        String key = upload("denied-once.yaml");

        waitUntil("the retried dispatch's execution", () -> !executionsFor(key).isEmpty());
        app.cloud().clock().sleep(Duration.ofMinutes(10)); // past every retry Lambda could still make
        assertThat(executionsFor(key)).hasSize(1);
        assertThat(queued(dispatchFailures)).isEqualTo(deadLetters);
        // The failed attempt's record names the execution the retry started.
        String versionId = executionsFor(key).get(0).input().path("detail").path("object").path("version-id").asText();
        JsonNode status = s3.listObjectsV2(r -> r.bucket(app.configBucket()).prefix("status/dispatch/")).contents().stream()
                .map(o -> readJson(o.key()))
                .filter(s -> versionId.equals(s.path("RequestFile").path("VersionId").asText()))
                .findFirst().orElseThrow();
        assertThat(status.path("ExecutionName").asText()).isEqualTo(executionsFor(key).get(0).name());
        assertThat(app.cloud().faults().operationFaults()).singleElement()
                .satisfies(fault -> assertThat(fault.triggered()).as("the first attempt was denied").isEqualTo(1));
    }

    @Test
    void anEventEventBridgeCannotDeliverLandsInTheTargetsDeadLetterQueueAfterItsRetries() throws Exception {
        String function = app.functionName("DispatchFunction").orElseThrow();
        app.cloud().faults().failResource(LambdaFunctions.THROTTLE_FAULT_KIND, function, "THROTTLED", Map.of(),
                FaultInjector.UNLIMITED);

        int before = queued(undelivered);

        String key = upload("throttled.yaml");

        waitUntil("an undelivered event", () -> queued(undelivered) == before + 1);
        Message message = sqs.receiveMessage(r -> r.queueUrl(undelivered).maxNumberOfMessages(10)
                .messageAttributeNames("All")).messages().stream()
                .filter(m -> m.body().contains("\"" + key + "\"")).findFirst().orElseThrow();
        JsonNode event = JSON.readTree(message.body());
        assertThat(event.path("detail").path("object").path("key").asText()).isEqualTo(key);
        var attributes = message.messageAttributes();
        assertThat(attributes.get("ERROR_CODE").stringValue()).isEqualTo("TooManyRequestsException");
        assertThat(attributes.get("RULE_ARN").stringValue())
                .endsWith(":rule/" + app.physicalId("DispatchFunctionRequestFileCreated").orElseThrow());
        assertThat(attributes.get("EXHAUSTED_RETRY_CONDITION").stringValue()).startsWith("Maximum");
        assertThat(Integer.parseInt(attributes.get("RETRY_ATTEMPTS").stringValue())).isGreaterThan(5);
        assertThat(executionsFor(key)).isEmpty();
        assertThat(printed()).contains("sent to dead-letter queue");
    }

    private JsonNode readJson(String key) {
        try {
            return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket(app.configBucket()).key(key)).asByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Keeps what is printed and still shows it. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
