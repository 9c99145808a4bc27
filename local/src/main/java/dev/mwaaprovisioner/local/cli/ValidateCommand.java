package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import dev.mwaaprovisioner.common.documents.Partition;
import dev.mwaaprovisioner.common.request.DeploymentRules;
import dev.mwaaprovisioner.common.request.InvalidRequestException;
import dev.mwaaprovisioner.common.request.Problem;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.request.RequestParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate FILE...}: checks request files with every rule the deployed workflow applies
 * without calling AWS — the request rules and the deployment's ({@link DeploymentRules}: Region,
 * partition, passable roles) — and shows the normalized request (every default filled in) or
 * every problem, one per line. What only AWS can answer is listed in the help.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Check MWAA request files (YAML or JSON) with every rule the provisioner applies without calling AWS:"
                    + " the request's own rules, and the deployment's for --region (a KmsKey ARN in that Region,"
                    + " SourceBucketArn in its partition, an ExecutionRoleArn under the path "
                    + DeploymentRules.PROVIDED_ROLE_PATH + ").",
            "A valid file prints its normalized request, every default filled in, as JSON on standard output."
                    + " An invalid file prints every problem on standard error as 'Path: message' lines,"
                    + " prefixed with the file name when several files are given.",
            "",
            "Checked only by the workflow, because they need AWS:",
            "  - the source bucket exists in the Region, versioned, with Block Public Access on (MWAA);",
            "  - SubnetIds exist, are private and in two Availability Zones of one VPC, and SecurityGroupIds exist"
                    + " in that VPC (CheckExistingNetwork);",
            "  - the KmsKey exists, is enabled, symmetric and single-Region (UpdateKeyPolicy);",
            "  - a given ExecutionRoleArn exists and trusts airflow-env.amazonaws.com (MWAA);",
            "  - the Name is not owned by another request file, and a new version of a file does not rename its"
                    + " environment (ValidateRequest, the config bucket's claims);",
            "  - for an existing environment: no change MWAA cannot make in place (subnets, KmsKey, an Airflow"
                    + " major version, removing a path) and the environment is not busy (PlanChanges)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every file is valid",
            "1:at least one file is invalid",
            "2:usage error (unknown option, missing or unreadable file)"})
public final class ValidateCommand implements Callable<Integer> {

    /** Stands for standard input among the files. */
    static final String STANDARD_INPUT = "-";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Request files to check; - reads one from standard input.")
    List<String> files;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = LocalCloud.DEFAULT_REGION,
            description = "The Region the provisioner is deployed in; its partition (aws, aws-cn, aws-us-gov) follows."
                    + " Default: ${DEFAULT-VALUE}, the embedded local cloud's.")
    String region;

    /** Standard input, replaceable in tests. */
    InputStream standardInput = System.in;

    @Override
    public Integer call() {
        for (String file : files) {
            Path path = Path.of(file);
            if (file.equals(STANDARD_INPUT)) {
                continue;
            }
            if (Files.isDirectory(path)) {
                throw new ParameterException(spec.commandLine(), file + " is a folder; give request files, e.g. "
                        + file + "/*.yaml");
            }
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new ParameterException(spec.commandLine(), file + (Files.exists(path)
                        ? " cannot be read" : " does not exist"));
            }
        }
        if (!region.matches(AwsIdentifiers.REGION.pattern())) {
            throw new ParameterException(spec.commandLine(), "--region " + region + " is not an AWS Region code; use one"
                    + " like us-east-1.");
        }
        Partition partition;
        try {
            partition = Partition.forRegion(region);
        } catch (IllegalArgumentException isolated) {
            throw new ParameterException(spec.commandLine(), "--region " + region + ": " + isolated.getMessage());
        }
        RequestParser parser;
        try {
            parser = RequestParser.standard();
        } catch (IllegalArgumentException misconfigured) {
            throw new ParameterException(spec.commandLine(), "the allow-lists are misconfigured: "
                    + misconfigured.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allValid = true;
        for (String file : files) {
            String prefix = files.size() > 1 ? file + ": " : "";
            try {
                ProvisioningRequest request = file.equals(STANDARD_INPUT)
                        ? parser.read(standardInput, "standard input")
                        : parser.read(Path.of(file));
                List<Problem> deployment = DeploymentRules.problems(request, region, partition);
                if (deployment.isEmpty()) {
                    out.println(request.toPrettyJson());
                } else {
                    allValid = false;
                    deployment.forEach(problem -> err.println(prefix + problem));
                }
            } catch (InvalidRequestException invalid) {
                allValid = false;
                for (Problem problem : invalid.problems()) {
                    err.println(prefix + problem);
                }
            } catch (IOException unreadable) {
                throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + unreadable.getMessage());
            }
        }
        out.flush();
        err.flush();
        return allValid ? 0 : 1;
    }
}
