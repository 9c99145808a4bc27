package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunction;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaService;
import dev.mwaaprovisioner.local.functions.AwsTarget;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import dev.mwaaprovisioner.local.runner.StandaloneFunctions;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import dev.mwaaprovisioner.local.sam.SamApplication;
import dev.mwaaprovisioner.local.sam.SamFunction;
import dev.mwaaprovisioner.local.sam.SamTransform;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code start-lambda}, like {@code sam local start-lambda}: serves the Lambda Invoke API
 * ({@code POST /2015-03-31/functions/{name}/invocations}) on a loopback port for every function
 * of template.yaml, addressed by logical ID — bare, qualified with its {@code AutoPublishAlias}
 * ({@code ValidateRequestFunction:live}) or as an ARN of either — so Step Functions Local, another
 * interpreter running statemachine/provision.asl.json with the template's substitutions (the alias
 * ARNs), or {@code aws lambda invoke} can call them. Another qualifier is Lambda's
 * ResourceNotFoundException. The functions' AWS calls go to an embedded local cloud
 * with the application deployed, or to {@code --endpoint}.
 */
@Command(name = "start-lambda", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve the Lambda Invoke API for every function of template.yaml (by logical ID), like "
                + "`sam local start-lambda`, until stopped (Ctrl-C).",
                "A function answers to its logical ID, to ID:ALIAS for the template's AutoPublishAlias (e.g. "
                        + "ValidateRequestFunction:live) and to the ARNs of both, e.g. "
                        + "arn:aws:lambda:us-east-1:123456789012:function:ValidateRequestFunction:live, which is what the "
                        + "state machine's ${...FunctionArn} substitutions (!Ref Fn.Alias) are.",
                "The functions' AWS calls go to an embedded local cloud with the application deployed (its endpoint "
                        + "is printed), or to --endpoint."})
public final class StartLambdaCommand implements Callable<Integer> {

    public static final int DEFAULT_PORT = 3001;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
            description = "TCP port on 127.0.0.1 for the Lambda API (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Mixin
    TargetOption target;

    @Option(names = "--config-bucket", paramLabel = "BUCKET",
            description = "With --endpoint: the config bucket there, for functions whose CONFIG_BUCKET refers to it.")
    String configBucket;

    @Mixin
    TimeScaleOption time;

    @Mixin
    CheckoutOption checkout;

    /** Counted down when the server should stop; tests stop it without a signal. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile LocalCloud server;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port " + port + " is out of range: use 0 (any free port) to 65535.");
        }
        ProjectCheckout project = checkout.checkout();
        PrintWriter out = spec.commandLine().getOut();
        List<AutoCloseable> running = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread hook = new Thread(() -> {
            closeAll(running);
            stop.countDown();
        }, "mwaa-local-shutdown");
        try {
            SamApplication application;
            String callsGoTo;
            LocalCloud lambdaServer;
            if (target.embedded()) {
                if (configBucket != null) {
                    throw new UsageException("--config-bucket is for --endpoint runs; the embedded cloud uses the bucket "
                            + "of the stack it deploys.");
                }
                LocalApplication deployed = LocalApplication.start(project,
                        LocalApplication.config().withTimeScale(time.scale(TimeScaleOption.FAST)));
                running.add(deployed);
                application = deployed.application();
                lambdaServer = lambdaServer(running);
                LambdaFunctions served = lambdaServer.service(LambdaFunctions.class);
                LambdaFunctions inCloud = deployed.cloud().service(LambdaFunctions.class);
                for (SamFunction function : application.functions().values()) {
                    LambdaFunction fn = inCloud.find(deployed.functionName(function.logicalId()).orElseThrow())
                            .orElseThrow();
                    served.register(function.logicalId(), fn.handlerObject(), fn.timeout(), fn.memoryMb());
                    if (function.aliasName() != null) {
                        served.addAlias(function.logicalId(), function.aliasName());
                    }
                }
                callsGoTo = "the embedded local cloud " + deployed.cloud().endpoint() + " (stack "
                        + LocalApplication.STACK_NAME + ", config bucket " + deployed.configBucket() + ")";
            } else {
                application = new SamTransform(project).transformCheckout();
                AwsTarget remote = target.remote(System.getenv());
                String account = StandaloneFunctions.account(remote);
                lambdaServer = lambdaServer(running);
                StandaloneFunctions functions = StandaloneFunctions.register(application, remote, account,
                        configBucket, lambdaServer.service(LambdaFunctions.class));
                functions.reportUnset(out);
                callsGoTo = remote.describe();
            }
            server = lambdaServer;
            Runtime.getRuntime().addShutdownHook(hook);
            printBanner(out, lambdaServer, application, callsGoTo);
            stop.await();
            return 0;
        } finally {
            closeAll(running);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException notAddedOrShuttingDown) {
                // Nothing to remove.
            }
        }
    }

    private LocalCloud lambdaServer(List<AutoCloseable> running) {
        LocalCloud lambdaServer = LocalCloud.start(LocalCloudConfig.defaults().withPort(port)
                .withTimeScale(time.scale(target.embedded() ? TimeScaleOption.FAST : 1))
                .withServices(List.of(LambdaService::new)));
        running.add(0, lambdaServer);
        return lambdaServer;
    }

    private static void printBanner(PrintWriter out, LocalCloud lambdaServer, SamApplication application,
                                    String callsGoTo) {
        String endpoint = lambdaServer.endpoint().toString();
        out.printf("Serving the Lambda Invoke API on %s for %d functions: %s%n", endpoint,
                application.functions().size(), String.join(", ", application.functions().keySet()));
        out.printf("Their AWS calls go to %s.%n", callsGoTo);
        application.functions().values().stream().filter(f -> f.aliasName() != null).findFirst().ifPresent(f ->
                out.printf("Qualified names and ARNs answer too, e.g. %s:%s (the alias the state machine calls).%n",
                        f.logicalId(), f.aliasName()));
        out.println();
        out.println("Invoke one with the AWS CLI 1.x (v2: add --cli-binary-format raw-in-base64-out):");
        out.printf("  aws lambda invoke --endpoint-url %s --function-name ValidateRequestFunction \\%n", endpoint);
        out.println("      --payload file://events/ValidateRequestFunction/provision-environment-inline.json out.json");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable closeable : List.copyOf(running)) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("start-lambda: closing failed: " + e);
            }
        }
        running.clear();
    }
}
