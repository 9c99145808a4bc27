package dev.mwaaprovisioner.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.HistoryEvent;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StateMachines;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import dev.mwaaprovisioner.local.runner.ProgressListener;
import dev.mwaaprovisioner.local.runner.ProgressReport;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code up}: the application deployed on the local cloud, running until stopped. Any AWS client
 * pointed at the printed endpoint can then drop a request under {@code requests/} of the config
 * bucket, or put a {@code Provision Environment} event, and the workflow provisions it.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the local cloud, deploy template.yaml into it as stack mwaa-provisioner, and run until "
                + "stopped (Ctrl-C).",
                "Prints the endpoint, the stack outputs and how to point the AWS CLI at it; then one line when an "
                        + "execution starts and one when it ends (--follow: one per state)."})
public final class UpCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + LocalCloud.DEFAULT_PORT,
            description = "TCP port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--follow", description = "Print every state of every execution, not only its start and end.")
    boolean follow;

    @Mixin
    TimeScaleOption time;

    @Mixin
    CheckoutOption checkout;

    @Mixin
    FunctionLogOption functionLog;

    /** Counted down when the application should stop; tests stop it without a signal. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile LocalApplication application;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port " + port + " is out of range: use 0 (any free port) to 65535.");
        }
        double scale = time.scale(TimeScaleOption.FAST);
        ProjectCheckout project = checkout.checkout();
        PrintWriter out = spec.commandLine().getOut();
        LocalApplication started = LocalApplication.start(project,
                LocalApplication.config().withPort(port).withTimeScale(scale));
        application = started;
        functionLog.attach(started.cloud().service(LambdaFunctions.class), "up", spec.commandLine().getErr());
        Thread hook = new Thread(() -> {
            started.close();
            stop.countDown();
        }, "mwaa-local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (AutoCloseable watch = started.cloud().service(StateMachines.class)
                .onExecutionStarted(execution -> watch(execution, out))) {
            printBanner(started, project, scale, out);
            if (functionLog.destination() != null) {
                out.println("Function logs (JSON lines) go to " + functionLog.destination() + " (--verbose: standard "
                        + "error).");
                out.flush();
            }
            stop.await();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            started.close();
            functionLog.finish(out);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already running the hook.
            }
        }
        return 0;
    }

    private void watch(Execution execution, PrintWriter out) {
        if (follow) {
            execution.addListener(new ProgressListener(new ProgressReport(out)));
            return;
        }
        synchronized (out) {
            out.printf("%s  started  %s from %s%n", Instant.now(), execution.name(), source(execution));
            out.flush();
        }
        execution.addListener((e, event) -> {
            if (event.type().startsWith("Execution") && !event.type().equals("ExecutionStarted")) {
                synchronized (out) {
                    out.printf("%s  %-8s %s%s%n", Instant.now(), status(event), e.name(), outcome(event));
                    out.flush();
                }
            }
        });
    }

    /** The status an ending event gives the execution (it changes just after the event). */
    private static String status(HistoryEvent event) {
        return switch (event.type()) {
            case "ExecutionSucceeded" -> "SUCCEEDED";
            case "ExecutionTimedOut" -> "TIMED_OUT";
            case "ExecutionAborted" -> "ABORTED";
            default -> "FAILED";
        };
    }

    private static String source(Execution execution) {
        var input = execution.input();
        var object = input.path("detail").path("object");
        if (object.has("key")) {
            return "s3://" + input.path("detail").path("bucket").path("name").asText() + "/" + object.path("key").asText();
        }
        return input.path("detail-type").asText("input") + " event " + input.path("id").asText("");
    }

    private static String outcome(HistoryEvent event) {
        if (event.detail("output").isPresent()) {
            try {
                return succeeded(Json.MAPPER.readTree(event.detail("output").get().asText()));
            } catch (java.io.IOException e) {
                return "";
            }
        }
        return ": " + ProgressReport.shortError(event.detail("error").map(n -> n.asText()).orElse(null)) + ": "
                + ProgressReportText.firstLine(event.detail("cause").map(n -> n.asText()).orElse(""));
    }

    /**
     * What a succeeded execution did, from its output (the state document): the environment it
     * provisioned, updated, left unchanged or removed, or that there was nothing to remove.
     */
    private static String succeeded(JsonNode state) {
        var environment = state.path("Environment");
        String name = firstText(environment.path("Name"), state.path("Removal").path("Name"),
                state.path("Request").path("Name"));
        String outcome = state.path("Report").path("Outcome").asText("");
        if (name == null) {
            return state.has("Removal") ? ": nothing to remove" : "";
        }
        String url = environment.hasNonNull("WebserverUrl") ? ", " + environment.path("WebserverUrl").asText() : "";
        String status = environment.hasNonNull("Status") ? " " + environment.path("Status").asText() : "";
        return switch (outcome) {
            case "DEPROVISIONED" -> ": environment " + name + " deprovisioned, removed";
            case "RETAINED" -> ": environment " + name + " deprovisioned, kept (DeletionPolicy: Retain)";
            case "UNCHANGED" -> ": environment " + name + " unchanged" + status + url;
            case "UPDATED" -> ": environment " + name + " updated" + status + url;
            default -> ": environment " + name + status + url;
        };
    }

    private static String firstText(JsonNode... nodes) {
        for (var node : nodes) {
            if (node.isTextual() && !node.asText().isBlank()) {
                return node.asText();
            }
        }
        return null;
    }

    private static void printBanner(LocalApplication app, ProjectCheckout project, double scale, PrintWriter out) {
        String endpoint = app.cloud().endpoint().toString();
        String bucket = app.configBucket();
        out.printf("MWAA Provisioner is up on %s (account %s, region %s, time scale %s).%n", endpoint,
                app.cloud().accountId(), app.cloud().defaultRegion(), TimeScaleOption.format(scale));
        out.printf("Deployed %s as stack %s in %d ms.%n", project.template(), LocalApplication.STACK_NAME,
                app.deployTime().toMillis());
        out.println();
        out.println("Stack outputs:");
        app.outputs().forEach((key, value) -> out.printf("  %-28s %s%n", key, value));
        out.println();
        out.println("Point the AWS CLI 1.x (or an SDK) at it:");
        out.printf("  export AWS_ENDPOINT_URL=%s AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \\%n", endpoint);
        out.printf("         AWS_DEFAULT_REGION=%s AWS_DISABLE_HOST_PREFIX_INJECTION=true%n", app.cloud().defaultRegion());
        out.println("AWS CLI v2 (Debian's 2.9 ignores AWS_ENDPOINT_URL): add --endpoint-url " + endpoint);
        out.println();
        out.println("Provision an environment (the request's source bucket must exist, versioned, public access "
                + "blocked):");
        out.println("  aws s3 mb s3://airflow-analytics-dev");
        out.println("  aws s3api put-bucket-versioning --bucket airflow-analytics-dev "
                + "--versioning-configuration Status=Enabled");
        out.println("  aws s3api put-public-access-block --bucket airflow-analytics-dev --public-access-block-configuration "
                + "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true");
        out.printf("  aws s3 cp examples/minimal.yaml s3://%s/requests/minimal.yaml%n", bucket);
        out.printf("  aws s3 cp s3://%s/status/analytics-dev.json -%n", bucket);
        out.println("or send the request as an event:");
        out.println("  aws events put-events --entries '[{\"Source\":\"mwaa-provisioner\",\"DetailType\":"
                + "\"Provision Environment\",\"Detail\":\"{\\\"RequestUri\\\":\\\"s3://" + bucket
                + "/requests/minimal.yaml\\\"}\"}]'");
        out.println();
        out.println("Executions are shown below as they start and end. Press Ctrl-C to stop.");
        out.flush();
    }

    /** Reading a cause for a one-line message. */
    static final class ProgressReportText {
        private ProgressReportText() {
        }

        static String firstLine(String cause) {
            String message = dev.mwaaprovisioner.local.runner.ProgressReport.errorMessage(cause);
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline) + " ...";
        }
    }
}
