package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.functions.JavaHandler;
import dev.mwaaprovisioner.local.runner.Deployment;
import dev.mwaaprovisioner.local.runner.TargetUnreachableException;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import dev.mwaaprovisioner.local.sam.SamTemplateException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * How commands end on an exception: a usage error (no checkout, a missing file, options that do
 * not fit) in one line with exit code 2; an account or endpoint that cannot be used (no or refused
 * credentials, nothing answering) in one line with the fix, exit code 3; a template or handler the local runner refuses, or an
 * I/O failure, in one line with exit code 1; anything else with its stack trace, exit code 1. Exit
 * code 4 ({@code status} of a Name the deployment does not know) is a command's answer, not an exception.
 */
final class ErrorReporting implements CommandLine.IExecutionExceptionHandler {

    static final int FAILED = 1;
    static final int USAGE = 2;
    /** The account or endpoint given with --endpoint cannot be used: credentials, or not answering. */
    static final int TARGET = 3;
    /** What the command was asked about does not exist there ({@code status} of an unknown Name). */
    static final int NOT_FOUND = 4;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        var err = commandLine.getErr();
        if (e instanceof UsageException || e instanceof ProjectCheckout.CheckoutNotFoundException
                || e instanceof Deployment.NotDeployedException) {
            err.println("error: " + e.getMessage());
            err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return USAGE;
        }
        if (e instanceof TargetUnreachableException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return TARGET;
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
