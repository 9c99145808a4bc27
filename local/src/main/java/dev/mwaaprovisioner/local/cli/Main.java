package dev.mwaaprovisioner.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code mwaa-local.jar}: one sub-command per local job. */
@Command(
        name = "mwaa-local",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Run MWAA Provisioner locally: provision an environment, run the application on the local "
                + "cloud, invoke its functions, validate requests.",
        subcommands = {
                CommandLine.HelpCommand.class,
                ProvisionCommand.class,
                UpCommand.class,
                InvokeCommand.class,
                StartLambdaCommand.class,
                ValidateCommand.class,
                ServeCommand.class,
                DiagramCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        java.util.OptionalInt relaunched = FastStart.relaunch(args);
        System.exit(relaunched.isPresent() ? relaunched.getAsInt() : commandLine().execute(args));
    }

    /** The configured command line; tests execute it in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler(new ErrorReporting());
    }

    @Override
    public void run() {
        // No sub-command: a usage error, as picocli reports it for unknown commands.
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mwaa-local " + (v == null ? "development build" : v)};
        }
    }
}
