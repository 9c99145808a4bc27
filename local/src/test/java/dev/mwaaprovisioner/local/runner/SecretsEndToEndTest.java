package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cli.Main;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.RequestLog;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Isolated;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Airflow configuration option values are secrets, against the deployed application:
 * <ul>
 *   <li>a provisioning, an update and an inline {@code Provision Environment} event with a marker
 *       in every option leave the marker in none of the execution histories, execution inputs and
 *       outputs, status files, outcome events, function logs, nor anywhere in the local cloud's
 *       request log but the MWAA CreateEnvironment/UpdateEnvironment bodies (and the user's own
 *       upload of the request, and the dispatch's stored copy of the inline request, which are
 *       where the values are kept);</li>
 *   <li>every file of the secret-carrying hostile corpus ({@code secret-requests/}) is refused
 *       without the marker in its status file, its outcome event, the execution's error, the
 *       function logs or {@code validate}'s output.</li>
 * </ul>
 */
@Isolated("Swaps System.out and System.err to read what the in-process functions log: nothing else may print meanwhile")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);
    private static final Path CORPUS = ProjectCheckout.enclosing(Path.of("")).root()
            .resolve("functions/common/src/test/resources/secret-requests");
    /** The part of every marker no output may show. */
    private static final String CORE = "SECRET";

    LocalApplication app;
    ExampleWorld world;
    S3Client s3;
    SfnClient sfn;
    MwaaClient mwaa;
    EventBridgeClient events;
    final Map<String, CompletableFuture<Execution>> started = new ConcurrentHashMap<>();
    final List<Execution> executions = new java.util.concurrent.CopyOnWriteArrayList<>();
    AutoCloseable watch;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    final StringBuffer functionLog = new StringBuffer();
    PrintStream out;
    PrintStream err;

    @BeforeAll
    void deploy() {
        out = System.out;
        err = System.err;
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")), LocalApplication.config().withTimeScale(2000));
        // The functions' log lines, as Lambda sends them to the log group.
        app.cloud().service(LambdaFunctions.class).onLog((function, lines) -> functionLog.append(lines));
        world = new ExampleWorld(app.cloud());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
        sfn = TestClients.client(SfnClient.builder(), app.cloud());
        mwaa = TestClients.client(MwaaClient.builder(), app.cloud());
        events = TestClients.client(EventBridgeClient.builder(), app.cloud());
        watch = app.cloud().service(StateMachines.class).onExecutionStarted(execution -> {
            executions.add(execution);
            JsonNode detail = execution.input().path("detail");
            String key = detail.path("object").path("key").asText(null);
            String inline = detail.path("RequestCopy").path("Name").asText(null);
            String id = key != null ? key + "@" + detail.path("object").path("version-id").asText("")
                    : inline == null ? null : "event:" + inline;
            if (id != null) {
                started.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(execution);
            }
        });
    }

    @AfterAll
    void stop() throws Exception {
        try {
            watch.close();
            for (AutoCloseable client : List.of(s3, sfn, mwaa, events)) {
                client.close();
            }
            app.close();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Execution finished(String id) throws Exception {
        Execution execution = started.computeIfAbsent(id, k -> new CompletableFuture<>())
                .get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(execution.awaitCompletion(RUN_LIMIT)).as(id + " ends").isTrue();
        return execution;
    }

    private String upload(String key, byte[] content) {
        return s3.putObject(r -> r.bucket(app.configBucket()).key(key), RequestBody.fromBytes(content)).versionId();
    }

    @Test
    void aProvisioningAnUpdateAndAnInlineEventLeaveNoOptionValueOutsideTheRequestAndMwaa() throws Exception {
        // Every option carries a marker; the update changes one value and adds an option.
        ExampleWorld.Prepared prepared = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-secrets");
        ObjectNode request = (ObjectNode) JSON.readTree(prepared.json());
        ObjectNode options = request.putObject("AirflowConfigurationOptions");
        options.put("core.fernet_key", "Mk1-SECRET-fernet-81c2");
        options.put("smtp.smtp_password", "Mk1-SECRET-smtp-0a9d");
        options.put("secrets.backend_kwargs", "{\"connections_prefix\": \"Mk1-SECRET-kwargs-55e1\"}");
        String key = "requests/" + prepared.name() + ".json";
        String first = upload(key, JSON.writeValueAsBytes(request));
        Execution provisioned = finished(key + "@" + first);
        assertThat(provisioned.status()).as(provisioned.cause().orElse("")).isEqualTo(ExecutionStatus.SUCCEEDED);
        var environment = mwaa.getEnvironment(r -> r.name(prepared.name())).environment();
        assertThat(environment.airflowConfigurationOptions()).containsEntry("core.fernet_key", "Mk1-SECRET-fernet-81c2");

        options.put("smtp.smtp_password", "Mk2-SECRET-smtp-77b0");
        options.put("webserver.secret_key", "Mk2-SECRET-webserver-3f1e");
        String second = upload(key, JSON.writeValueAsBytes(request));
        Execution updated = finished(key + "@" + second);
        assertThat(updated.status()).as(updated.cause().orElse("")).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(updated.history().toString()).contains("UpdateEnvironment");
        environment = mwaa.getEnvironment(r -> r.name(prepared.name())).environment();
        assertThat(environment.airflowConfigurationOptions())
                .containsEntry("smtp.smtp_password", "Mk2-SECRET-smtp-77b0")
                .containsEntry("webserver.secret_key", "Mk2-SECRET-webserver-3f1e");

        // The same request, inline in a Provision Environment event, under another Name.
        ExampleWorld.Prepared inlinePrepared = world.prepare(ExampleWorld.EXAMPLES.resolve("minimal.yaml"), "-secrets-inline");
        ObjectNode inline = (ObjectNode) JSON.readTree(inlinePrepared.json());
        inline.set("AirflowConfigurationOptions", options.deepCopy());
        ObjectNode detail = JSON.createObjectNode();
        detail.set("Request", inline);
        var put = events.putEvents(r -> r.entries(e -> e.source("mwaa-provisioner").detailType("Provision Environment")
                .detail(detail.toString())));
        assertThat(put.failedEntryCount()).isZero();
        Execution inlineRun = finished("event:" + inlinePrepared.name());
        assertThat(inlineRun.status()).as(inlineRun.cause().orElse("")).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(mwaa.getEnvironment(r -> r.name(inlinePrepared.name())).environment().airflowConfigurationOptions())
                .containsEntry("webserver.secret_key", "Mk2-SECRET-webserver-3f1e");

        // Execution histories, inputs and outputs, through the Step Functions API.
        List<ExecutionListItem> all = sfn.listExecutions(r -> r.stateMachineArn(app.stateMachineArn())).executions();
        assertThat(all).hasSizeGreaterThanOrEqualTo(3);
        for (ExecutionListItem item : all) {
            var described = sfn.describeExecution(r -> r.executionArn(item.executionArn()));
            assertThat(described.input()).as("input of " + item.name()).doesNotContain(CORE);
            assertThat(String.valueOf(described.output())).as("output of " + item.name()).doesNotContain(CORE);
            for (HistoryEvent event : sfn.getExecutionHistory(r -> r.executionArn(item.executionArn()).maxResults(1000))
                    .events()) {
                assertThat(event.toString()).as("history of " + item.name()).doesNotContain(CORE);
            }
        }
        assertThat(provisioned.history().toString()).contains("sha256:").doesNotContain(CORE);
        // Status files and outcome events.
        assertNoMarkerInStatusesAndEvents();
        // Function logs: everything the in-process functions printed.
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("printed").doesNotContain(CORE);
        assertThat(functionLog.toString()).as("function logs")
                .contains("Stored the inline request of event").doesNotContain(CORE);
        // The request log: only MWAA's CreateEnvironment/UpdateEnvironment bodies carry values, besides
        // the request itself (the test's upload and event, and the dispatch's stored copy).
        int mwaaBodies = 0;
        for (RequestLog.Entry entry : app.cloud().requestLog().entries()) {
            String text = entry.request().rawPath() + "?" + entry.request().rawQuery() + " " + entry.request().headers()
                    + " " + entry.request().bodyText();
            if (!text.contains(CORE)) {
                continue;
            }
            if ("airflow".equals(entry.service()) && List.of("CreateEnvironment", "UpdateEnvironment").contains(entry.operation())) {
                mwaaBodies++;
                continue;
            }
            boolean userSubmission = entry.caller() == null && (("s3".equals(entry.service())
                    && "PutObject".equals(entry.operation()) && entry.request().rawPath().contains("/requests/"))
                    || ("events".equals(entry.service()) && "PutEvents".equals(entry.operation())));
            boolean storedCopy = "DispatchFunction".equals(entry.caller()) && "PutObject".equals(entry.operation())
                    && entry.request().rawPath().contains("/inline-requests/");
            assertThat(userSubmission || storedCopy).as("request log: " + entry.summary() + " " + entry.request().rawPath())
                    .isTrue();
        }
        assertThat(mwaaBodies).as("CreateEnvironment x2 and UpdateEnvironment carry the values").isGreaterThanOrEqualTo(3);
    }

    @Test
    void everySecretCarryingHostileFileIsRefusedWithoutShowingTheMarker() throws Exception {
        List<Path> corpus;
        try (Stream<Path> files = Files.list(CORPUS)) {
            corpus = files.sorted().toList();
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(25);
        for (Path file : corpus) {
            String name = file.getFileName().toString();
            assertThat(Files.readString(file)).as(name).contains(CORE);
            String key = "requests/secret-corpus/" + name;
            String version = upload(key, Files.readAllBytes(file));
            Execution execution = finished(key + "@" + version);
            assertThat(execution.status()).as(name).isEqualTo(ExecutionStatus.FAILED);
            assertThat(execution.error()).as(name).hasValueSatisfying(e -> assertThat(e).endsWith("RequestValidationException"));
            assertThat(execution.cause().orElse("")).as(name).isNotEmpty().doesNotContain(CORE);
            assertThat(execution.history().toString()).as(name).doesNotContain(CORE);
            JsonNode event = failureEvent(execution);
            assertThat(event).as(name + ": the failure event").isNotNull();
            assertThat(event.toString()).as(name).doesNotContain(CORE);
            assertThat(event.path("Error").path("Problems").size()).as(name).isPositive();

            // validate, as a user runs it before uploading
            StringWriter output = new StringWriter();
            CommandLine validate = Main.commandLine();
            validate.setOut(new PrintWriter(output, true));
            validate.setErr(new PrintWriter(output, true));
            int exit = validate.execute("validate", file.toString());
            assertThat(exit).as(name + ": " + output).isNotZero();
            assertThat(output.toString()).as(name).isNotBlank().doesNotContain(CORE);
        }
        assertNoMarkerInStatusesAndEvents();
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("printed").doesNotContain(CORE);
        assertThat(functionLog.toString()).as("function logs").doesNotContain(CORE);
    }

    private void assertNoMarkerInStatusesAndEvents() {
        List<String> statuses = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(app.configBucket()).prefix("status/")).contents()) {
            String text = s3.getObjectAsBytes(r -> r.bucket(app.configBucket()).key(object.key())).asUtf8String();
            statuses.add(object.key());
            assertThat(text).as(object.key()).doesNotContain(CORE);
        }
        assertThat(statuses).isNotEmpty();
        for (CloudEvent event : app.cloud().eventBus().events()) {
            if (event.source().equals("mwaa-provisioner") && event.detailType().startsWith("Environment")) {
                assertThat(event.toJson().toString()).as("outcome event " + event.detailType()).doesNotContain(CORE);
            }
        }
    }

    private JsonNode failureEvent(Execution execution) {
        for (CloudEvent event : app.cloud().eventBus().events()) {
            if ("Environment Provisioning Failed".equals(event.detailType())
                    && execution.executionArn().equals(event.detail().path("ExecutionArn").asText())) {
                return event.detail();
            }
        }
        return null;
    }
}
