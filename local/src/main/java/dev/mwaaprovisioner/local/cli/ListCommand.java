package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.functions.AwsTarget;
import dev.mwaaprovisioner.local.runner.Deployment;
import dev.mwaaprovisioner.local.runner.ManagedEnvironments;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code list}: every environment the deployment manages, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "List the environments the provisioner manages: every Name with a status (status/<Name>.json) or a "
                        + "claim (claims/<Name>.json) in the config bucket, and every MWAA environment with the "
                        + "provisioner's tag. One line each: Name, state, MWAA status, version applied, owner file, last "
                        + "execution, updated at ('-' where nothing is recorded).",
                "Reads only: S3 ListObjectsV2 and GetObject, MWAA ListEnvironments and GetEnvironment (plus "
                        + "DescribeStacks to find the config bucket)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed (also when there is none)",
                "2:usage error (also: no such stack or config bucket there)",
                "3:the endpoint cannot be used: no or refused credentials, or nothing answers there (is `up` running?)"})
public final class ListCommand implements Callable<Integer> {

    private static final String[] HEADINGS = {"NAME", "STATE", "MWAA STATUS", "VERSION APPLIED", "OWNER FILE",
            "LAST EXECUTION", "UPDATED AT"};

    @Spec
    CommandSpec spec;

    @Mixin
    ReadTargetOption target;

    @Mixin
    DeploymentOption deployment;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        AwsTarget remote = target.target(System.getenv());
        Deployment found = deployment.locate(remote);
        List<ManagedEnvironments.Row> rows;
        try (ManagedEnvironments environments = new ManagedEnvironments(remote, found)) {
            rows = environments.list();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOption.printJson(out, rows);
        } else if (rows.isEmpty()) {
            out.println("No environments in the deployment " + found.describe() + " on " + remote.describe() + ".");
        } else {
            List<String[]> table = new ArrayList<>();
            table.add(HEADINGS);
            for (ManagedEnvironments.Row r : rows) {
                table.add(new String[] {r.name(), r.state(), r.mwaaStatus(), r.versionApplied(), r.ownerFile(),
                        r.lastExecution(), r.updatedAt()});
            }
            int[] widths = new int[HEADINGS.length];
            for (String[] row : table) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : table) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
                }
                out.println(line);
            }
        }
        out.flush();
        return 0;
    }
}
