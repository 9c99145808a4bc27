package dev.mwaaprovisioner.local.cli;

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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code validate FILE...}: checks request files exactly as the deployed workflow will, and shows
 * the normalized request (every default filled in) or every problem, one per line.
 */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check MWAA request files (YAML or JSON) exactly as the provisioner will.",
            "A valid file prints its normalized request, every default filled in, as JSON on standard output."
                    + " An invalid file prints every problem on standard error as 'Path: message' lines,"
                    + " prefixed with the file name when several files are given."},
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
                out.println(request.toPrettyJson());
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
