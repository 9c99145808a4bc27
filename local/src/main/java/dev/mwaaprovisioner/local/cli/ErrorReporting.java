package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.functions.JavaHandler;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import dev.mwaaprovisioner.local.sam.SamTemplateException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * How commands end on an exception: a usage error (no checkout, a missing file, options that do
 * not fit) in one line with exit code 2; a template or handler the local runner refuses, or an
 * I/O failure, in one line with exit code 1; anything else with its stack trace, exit code 1.
 */
final class ErrorReporting implements CommandLine.IExecutionExceptionHandler {

    static final int FAILED = 1;
    static final int USAGE = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        var err = commandLine.getErr();
        if (e instanceof UsageException || e instanceof ProjectCheckout.CheckoutNotFoundException) {
            err.println("error: " + e.getMessage());
            err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return USAGE;
        }
        if (e instanceof SamTemplateException || e instanceof JavaHandler.HandlerException
                || e instanceof UncheckedIOException || e instanceof LocalRunException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return FAILED;
        }
        err.println("error: " + e);
        e.printStackTrace(err);
        err.flush();
        return FAILED;
    }
}
