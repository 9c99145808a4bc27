package dev.mwaaprovisioner.local.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code mwaa-local.jar}: one sub-command per local job. */
@Command(
        name = "mwaa-local",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Run MWAA Provisioner locally: provision an environment, run the application on the local "
                + "cloud, invoke its functions, validate requests, plan one, show the environments it manages.",
        exitCodeListHeading = "%nExit codes (every command):%n",
        exitCodeList = {
            "0:done: the environment is AVAILABLE, the files are valid, the function returned",
            "1:failed: the workflow failed, a file is invalid, the function failed, or an unexpected error",
            "2:usage error: unknown command or option, a missing or unreadable file, options that do not fit",
            "3:--endpoint cannot be used: no or refused credentials, or nothing answers there",
            "4:not found: status of a Name the deployment does not manage"})
public final class Main implements Runnable {

    /** The sub-commands, by name, in the order help lists them. */
    private static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("help", CommandLine.HelpCommand.class);
        commands.put("provision", ProvisionCommand.class);
        commands.put("up", UpCommand.class);
        commands.put("invoke", InvokeCommand.class);
        commands.put("start-lambda", StartLambdaCommand.class);
        commands.put("validate", ValidateCommand.class);
        commands.put("plan", PlanCommand.class);
        commands.put("status", StatusCommand.class);
        commands.put("list", ListCommand.class);
        commands.put("serve", ServeCommand.class);
        commands.put("diagram", DiagramCommand.class);
        return commands;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        java.util.OptionalInt relaunched = FastStart.relaunch(args);
        if (relaunched.isEmpty()) {
            FastStart.endWithTheLauncher();
        }
        System.exit(relaunched.isPresent() ? relaunched.getAsInt() : commandLine(args).execute(args));
    }

    /** The configured command line with every sub-command; tests execute it in-process. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for these arguments. Building a sub-command's model costs start-up time, so
     * when the first argument names one, only that one is built; otherwise (help, usage errors)
     * all of them.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine commandLine = new CommandLine(new Main()).setExecutionExceptionHandler(new ErrorReporting());
        Class<?> named = args.length > 0 && !args[0].equals("help") ? COMMANDS.get(args[0]) : null;
        if (named != null) {
            commandLine.addSubcommand(args[0], named);
        } else {
            COMMANDS.forEach(commandLine::addSubcommand);
        }
        return commandLine;
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
