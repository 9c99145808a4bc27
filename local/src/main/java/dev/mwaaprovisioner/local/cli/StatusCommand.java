package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import dev.mwaaprovisioner.local.functions.AwsTarget;
import dev.mwaaprovisioner.local.runner.Deployment;
import dev.mwaaprovisioner.local.runner.ManagedEnvironments;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code status NAME}: one environment the deployment manages, from its records and MWAA. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Show one environment the provisioner manages: its state (status/<Name>.json), MWAA's status, the "
                        + "version applied, the request file that owns it (claims/<Name>.json), its last execution, "
                        + "when it changed, its webserver URL and, after a failure, the error.",
                "Reads only: S3 GetObject of the two documents and MWAA GetEnvironment (plus DescribeStacks to find "
                        + "the config bucket)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the environment is known to the deployment",
                "2:usage error (also: no such stack or config bucket there)",
                "3:the endpoint cannot be used: no or refused credentials, or nothing answers there (is `up` running?)",
                ErrorReporting.NOT_FOUND + ":no such environment: no status or claim of NAME, and no MWAA environment NAME "
                        + "with the provisioner's tag"})
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The environment's Name, e.g. analytics-dev.")
    String name;

    @Mixin
    ReadTargetOption target;

    @Mixin
    DeploymentOption deployment;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        try {
            AwsIdentifiers.requireEnvironmentName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("NAME '" + name + "' is not an MWAA environment name: 1 to 80 characters, a letter "
                    + "followed by letters, digits, '-' or '_' (e.g. analytics-dev).");
        }
        AwsTarget remote = target.target(System.getenv());
        Deployment found = deployment.locate(remote);
        Optional<ManagedEnvironments.Row> row;
        try (ManagedEnvironments environments = new ManagedEnvironments(remote, found)) {
            row = environments.find(name);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (row.isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: no environment " + name + " in the deployment " + found.describe() + " on "
                    + remote.describe() + " (no status or claim of it, no MWAA environment of that Name with the "
                    + "provisioner's tag); `list` shows the environments it manages.");
            err.flush();
            return ErrorReporting.NOT_FOUND;
        }
        ManagedEnvironments.Row r = row.get();
        if (output.json()) {
            OutputOption.printJson(out, r);
        } else {
            line(out, "Name", r.name());
            line(out, "State", r.state());
            line(out, "MWAA status", r.mwaaStatus());
            line(out, "Version applied", r.versionApplied());
            line(out, "Owner file", r.ownerFile());
            line(out, "Last execution", r.lastExecution());
            line(out, "Updated at", r.updatedAt());
            if (r.webserverUrl() != null) {
                line(out, "Webserver URL", r.webserverUrl());
            }
            if (r.error() != null) {
                line(out, "Error", r.error());
            }
        }
        out.flush();
        return 0;
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf("%-16s %s%n", label + ":", value);
    }
}
