package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.functions.AwsTarget;
import dev.mwaaprovisioner.local.runner.Deployment;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import dev.mwaaprovisioner.local.runner.ProvisioningPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plan FILE}: what provisioning the file would do on a deployment (create, update with
 * the field changes, nothing, or refused and why), decided by the workflow's own steps with read
 * calls only. Nothing is uploaded, claimed or changed.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Show what provisioning a request file would do, without changing anything: create (and what), update "
                        + "in place (one line per field; Airflow configuration options by name only), nothing, or "
                        + "refused (every field, with the fix).",
                "",
                "The workflow's own steps decide, with read calls only (Get, Describe, List): ValidateRequest's checks "
                        + "(without its claim of the Name), the Name's owner in claims/<Name>.json, PlanChanges' "
                        + "comparison with the environment, its network stack and role, and CheckExistingNetwork for "
                        + "subnets the file names. FILE is planned as s3://<config bucket>/requests/<its file name>.",
                "By default on the embedded local cloud (it starts empty: a valid file is a creation); with --endpoint, "
                        + "on that deployment, e.g. a running `up` or AWS."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:planned: create, update, nothing to do, or wait for a busy environment",
                "1:the workflow would refuse the file (invalid, Name owned by another file, change MWAA cannot make)",
                "2:usage error (also: no such stack or config bucket there)",
                "3:--endpoint cannot be used: no or refused credentials, or nothing answers there"})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The request file (.yaml, .yml or .json).")
    Path file;

    @Mixin
    TargetOption target;

    @Mixin
    DeploymentOption deployment;

    @Mixin
    OutputOption output;

    @Mixin
    CheckoutOption checkout;

    @Override
    public Integer call() {
        byte[] request = RequestFile.read(file);
        PrintWriter out = spec.commandLine().getOut();
        ProvisioningPlan.Result result;
        String where;
        if (target.embedded()) {
            if (deployment.given()) {
                throw new UsageException("--stack-name and --config-bucket are for --endpoint; the embedded cloud uses "
                        + "the stack it deploys.");
            }
            try (LocalApplication application = LocalApplication.start(checkout.checkout(),
                    LocalApplication.config().withTimeScale(TimeScaleOption.FAST))) {
                AwsTarget local = AwsTarget.localCloud(application.cloud().endpoint(), application.cloud().defaultRegion());
                where = "the embedded local cloud (it starts empty)";
                result = new ProvisioningPlan(local, Deployment.ofBucket(application.configBucket()))
                        .plan(file.toString(), file.getFileName().toString(), request);
            }
        } else {
            AwsTarget remote = target.remote(System.getenv());
            Deployment found = deployment.locate(remote);
            where = remote.describe() + ", config bucket " + found.describe();
            result = new ProvisioningPlan(remote, found).plan(file.toString(), file.getFileName().toString(), request);
        }
        if (output.json()) {
            OutputOption.printJson(out, result);
        } else {
            out.printf("Plan for %s as %s on %s:%n", file, result.requestUri(), where);
            out.println(result.summary());
            result.details().forEach(line -> out.println("  " + line));
            out.println("Nothing was uploaded or changed.");
        }
        out.flush();
        return result.refused() ? ErrorReporting.FAILED : 0;
    }

    /** A request file as provision reads it: the suffixes that start the workflow, readable. */
    static final class RequestFile {
        private RequestFile() {
        }

        static byte[] read(Path file) {
            String name = file.getFileName().toString();
            if (ProvisionCommand.REQUEST_SUFFIXES.stream().noneMatch(name::endsWith)) {
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
}
