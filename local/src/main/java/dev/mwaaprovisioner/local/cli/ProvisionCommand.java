package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.functions.AwsTarget;
import dev.mwaaprovisioner.local.runner.EmbeddedProvisioning;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import dev.mwaaprovisioner.local.runner.StandaloneProvisioning;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code provision FILE}: the main job in one command. On the embedded local cloud (the default)
 * it deploys template.yaml, creates the request's source bucket if missing, uploads the request
 * under {@code requests/} and follows the execution the upload starts. With {@code --endpoint} the
 * state machine runs in the local interpreter and the handlers in-process, but every AWS call the
 * handlers make goes to that endpoint: provisioning there without deploying the application.
 */
@Command(name = "provision", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Provision an MWAA environment from a request file and follow the workflow state by state.",
                "",
                "By default on the embedded local cloud: deploys template.yaml as stack mwaa-provisioner, creates what "
                        + "the request names and must exist if missing (source bucket; subnets and security groups; "
                        + "KMS key; execution role — in the embedded account and Region, under their IDs), each in one "
                        + "line, uploads FILE to "
                        + "s3://<ConfigBucketName>/requests/ and follows the execution the upload starts.",
                "With --endpoint, runs the same state machine and handlers here while their AWS calls go to that "
                        + "endpoint; nothing is created there but what the workflow creates (never the source bucket).",
                "",
                "Exit status: 0 when the environment is AVAILABLE, 1 when the workflow failed, 2 for usage errors, "
                        + "3 when the --endpoint account or endpoint cannot be used."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the environment is AVAILABLE", "1:the workflow failed (error and cause printed)",
                "2:usage error",
                "3:--endpoint cannot be used: no or refused credentials, or nothing answers there"})
public final class ProvisionCommand implements Callable<Integer> {

    static final List<String> REQUEST_SUFFIXES = List.of(".yaml", ".yml", ".json");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The request file (.yaml, .yml or .json), e.g. "
            + "examples/minimal.yaml.")
    Path file;

    @Mixin
    TargetOption target;

    @Option(names = "--config-bucket", paramLabel = "BUCKET",
            description = "With --endpoint: the bucket there to put the request under requests/ and the status under "
                    + "status/ (it must exist). The embedded cloud uses the deployed stack's ConfigBucketName.")
    String configBucket;

    @Mixin
    TimeScaleOption time;

    @Mixin
    CheckoutOption checkout;

    @Mixin
    FunctionLogOption functionLog;

    @Override
    public Integer call() throws Exception {
        byte[] request = readRequest();
        ProjectCheckout project = checkout.checkout();
        PrintWriter out = spec.commandLine().getOut();
        String key = EmbeddedProvisioning.REQUEST_PREFIX + file.getFileName();
        if (target.embedded()) {
            if (configBucket != null) {
                throw new UsageException("--config-bucket is for --endpoint runs; the embedded cloud uses the bucket of "
                        + "the stack it deploys.");
            }
            double scale = time.scale(TimeScaleOption.FAST);
            out.printf("Deploying %s into the embedded local cloud (time scale %s)...%n", project.template(),
                    TimeScaleOption.format(scale));
            out.flush();
            try (LocalApplication application = LocalApplication.start(project,
                    LocalApplication.config().withTimeScale(scale))) {
                functionLog.attach(application.cloud().service(LambdaFunctions.class), "provision",
                        spec.commandLine().getErr());
                out.printf("Stack %s deployed in %d ms on %s: config bucket %s%n", LocalApplication.STACK_NAME,
                        application.deployTime().toMillis(), application.cloud().endpoint(), application.configBucket());
                EmbeddedProvisioning provisioning = new EmbeddedProvisioning(application, out);
                provisioning.createReferencedResources(request, file.toString());
                return provisioning.provision(request, key).available() ? 0 : ErrorReporting.FAILED;
            } finally {
                functionLog.finish(out);
            }
        }
        if (configBucket == null) {
            throw new UsageException("--endpoint needs --config-bucket: the bucket where the request is put under "
                    + "requests/ and the status document written under status/.");
        }
        AwsTarget remote = target.remote(System.getenv());
        java.net.URI endpoint = remote.endpointOverride().orElse(null);
        if (endpoint != null && RunningUp.at(endpoint)) {
            throw new UsageException("--endpoint " + endpoint + " is a running `up`, which runs the workflow itself: "
                    + "upload the request there instead, e.g. aws s3 cp " + file + " s3://" + configBucket + "/" + key
                    + " --endpoint-url " + endpoint);
        }
        StandaloneProvisioning provisioning = StandaloneProvisioning.start(project, remote, configBucket,
                time.scale(1), out);
        functionLog.attach(provisioning.lambda(), "provision", spec.commandLine().getErr());
        try (provisioning) {
            return provisioning.provision(request, key).available() ? 0 : ErrorReporting.FAILED;
        } finally {
            functionLog.finish(out);
        }
    }

    private byte[] readRequest() {
        String name = file.getFileName().toString();
        if (REQUEST_SUFFIXES.stream().noneMatch(name::endsWith)) {
            throw new UsageException("FILE " + file + " must end in .yaml, .yml or .json: only such keys under "
                    + "requests/ start the workflow.");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageException("FILE " + file + ": no such file.");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("FILE " + file + " cannot be read: " + e.getMessage());
        }
    }
}
