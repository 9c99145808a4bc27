package dev.mwaaprovisioner.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.asl.LambdaInvoker;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.functions.AwsTarget;
import dev.mwaaprovisioner.local.runner.EventPreparation;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import dev.mwaaprovisioner.local.runner.StandaloneFunctions;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import dev.mwaaprovisioner.local.sam.SamApplication;
import dev.mwaaprovisioner.local.sam.SamTransform;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code invoke FUNCTION -e EVENT}, like {@code sam local invoke}: runs one function of
 * template.yaml, by its logical ID, on an event file and prints its result; a function error is
 * printed as Lambda's error document, with exit code 1.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one function of template.yaml on an event, like `sam local invoke`, and print its result "
                + "(JSON), or its error document (exit code 1).",
                "By default the function runs in the application deployed on an embedded local cloud, which starts "
                        + "empty; with --endpoint its AWS calls go to that endpoint (e.g. a running `up`).",
                "",
                "On the embedded cloud the deployment is first made to hold what the event refers to, so every file "
                        + "of events/ runs as it is (what is made is said on standard error):",
                "  - a request file next to the event, EVENT.given.yaml (input.json: input.given.yaml), is provisioned "
                        + "first, as requests/<Name>.yaml: for steps that need an environment, a stack, a claim or a "
                        + "request object;",
                "  - placeholders are filled: ${ConfigBucketName}, ${AWS::Region}, ${AWS::AccountId}, and after a "
                        + "given request ${RequestVersionId} and ${NetworkStackId};",
                "  - what the event's Request, ExecutionRoleArn, SubnetIds and SecurityGroupIds name (source bucket, "
                        + "subnets, security groups, KMS key, role) is created if missing, under those IDs.",
                "With --endpoint nothing is made there: ${ConfigBucketName} is --config-bucket, ${AWS::Region} and "
                        + "${AWS::AccountId} the target's, other placeholders are sent as they are."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the function returned", "1:the function failed", "2:usage error",
                "3:--endpoint cannot be used: no or refused credentials, or nothing answers there"})
public final class InvokeCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FUNCTION",
            description = "The function's logical ID in template.yaml, e.g. ValidateRequestFunction.")
    String function;

    @Option(names = {"-e", "--event"}, paramLabel = "EVENT",
            description = "The event file (JSON), e.g. events/ValidateRequestFunction/s3-object-created.json, "
                    + "or - to read it from standard input. Default: an empty event {}.")
    Path event;

    @Mixin
    TargetOption target;

    @Option(names = "--config-bucket", paramLabel = "BUCKET",
            description = "With --endpoint: the config bucket there, for functions whose CONFIG_BUCKET refers to it.")
    String configBucket;

    @Mixin
    TimeScaleOption time;

    @Mixin
    CheckoutOption checkout;

    @Override
    public Integer call() throws Exception {
        byte[] payload = readEvent();
        ProjectCheckout project = checkout.checkout();
        if (target.embedded()) {
            if (configBucket != null) {
                throw new UsageException("--config-bucket is for --endpoint runs; the embedded cloud uses the bucket of "
                        + "the stack it deploys.");
            }
            try (LocalApplication application = LocalApplication.start(project,
                    LocalApplication.config().withTimeScale(time.scale(TimeScaleOption.FAST)))) {
                String name = application.functionName(function).orElseThrow(() -> unknownFunction(application.application()));
                byte[] prepared;
                try {
                    prepared = EventPreparation.prepare(application, stdin() ? null : event, payload,
                            spec.commandLine().getErr());
                } catch (IllegalArgumentException unprepared) {
                    throw new UsageException(unprepared.getMessage());
                }
                return print(application.cloud().service(LambdaFunctions.class), name, prepared);
            }
        }
        SamApplication application = new SamTransform(project).transformCheckout();
        if (!application.functions().containsKey(function)) {
            throw unknownFunction(application);
        }
        AwsTarget remote = target.remote(System.getenv());
        String account = StandaloneFunctions.account(remote);
        try (CloudClock clock = new CloudClock(Instant.now(), time.scale(1));
             LambdaFunctions lambda = new LambdaFunctions(clock, new FaultInjector(), account, remote.region())) {
            StandaloneFunctions functions = StandaloneFunctions.register(application, remote, account, configBucket,
                    lambda);
            functions.reportUnset(spec.commandLine().getErr());
            java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
            if (configBucket != null) {
                values.put("ConfigBucketName", configBucket);
            }
            values.put("AWS::Region", remote.region());
            values.put("AWS::AccountId", account);
            return print(lambda, function, EventPreparation.fill(payload, values, false, ""));
        }
    }

    private int print(LambdaFunctions lambda, String name, byte[] payload)
            throws LambdaInvoker.LambdaServiceException, IOException {
        LambdaFunctions.Invocation invocation = lambda.invoke(name, null, payload,
                LambdaFunctions.InvocationType.RequestResponse);
        PrintWriter out = spec.commandLine().getOut();
        // As sam local invoke: the function's log on standard error, its response alone on standard output.
        if (!invocation.log().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.print(invocation.log());
            err.flush();
        }
        out.println(pretty(invocation.payload()));
        out.flush();
        if (invocation.functionError() != null) {
            PrintWriter err = spec.commandLine().getErr();
            JsonNode error = Json.MAPPER.readTree(invocation.payload());
            err.printf("%s failed (%s): %s%n", function, error.path("errorType").asText(),
                    error.path("errorMessage").asText());
            err.flush();
            return ErrorReporting.FAILED;
        }
        return 0;
    }

    private static String pretty(byte[] payload) {
        if (payload.length == 0) {
            return "";
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(payload));
        } catch (IOException notJson) {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private boolean stdin() {
        return event != null && event.toString().equals("-");
    }

    private byte[] readEvent() {
        if (event == null) {
            return "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        boolean stdin = event.toString().equals("-");
        if (!stdin && !Files.isRegularFile(event)) {
            throw new UsageException("--event " + event + ": no such file.");
        }
        try {
            byte[] bytes = stdin ? System.in.readAllBytes() : Files.readAllBytes(event);
            Json.MAPPER.readTree(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UsageException("--event " + (stdin ? "- (standard input)" : event) + " is not a JSON document: "
                    + e.getMessage());
        }
    }

    private UsageException unknownFunction(SamApplication application) {
        return new UsageException("FUNCTION " + function + " is not a function of template.yaml; its functions are: "
                + String.join(", ", application.functions().keySet()) + ".");
    }
}
