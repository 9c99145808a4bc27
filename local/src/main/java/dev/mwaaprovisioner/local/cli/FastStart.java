package dev.mwaaprovisioner.local.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@code java -jar mwaa-local.jar} quickly. Most of a command's first seconds go to loading
 * and compiling classes (the AWS SDK alone has thousands), so the jar runs the command in a second
 * JVM that maps them from a class-data archive made at build time ({@value #ARCHIVE}, AppCDS, next
 * to the jar) and, for commands that end by themselves, compiles with the quick C1 compiler only.
 * The first JVM only waits for it and passes its exit code on.
 *
 * <p>Off with {@code MWAA_LOCAL_FAST_START=false}, and when not run from the jar. A missing or
 * stale archive (the jar was rebuilt or moved) only costs the speed-up.
 */
final class FastStart {

    static final String ARCHIVE = "mwaa-local.jsa";
    /** Set in the second JVM, so it runs the command itself. */
    static final String LAUNCHED = "mwaa.local.launched";
    /** The first JVM's process ID, which the second watches: it ends when the first ends. */
    static final String LAUNCHER = "mwaa.local.launcher";
    static final String SWITCH = "MWAA_LOCAL_FAST_START";
    /** Commands that run until stopped keep the full JIT: their steady speed matters more than their start. */
    private static final Set<String> LONG_RUNNING = Set.of("up", "start-lambda", "serve");

    private FastStart() {
    }

    /**
     * Runs the command in a tuned JVM when it applies.
     *
     * @return the command's exit code, or empty to run it in this JVM
     */
    static OptionalInt relaunch(String[] args) {
        if (System.getProperty(LAUNCHED) != null || "false".equalsIgnoreCase(System.getenv(SWITCH))) {
            return OptionalInt.empty();
        }
        Optional<Path> jar = runningJar();
        Optional<String> java = ProcessHandle.current().info().command();
        if (jar.isEmpty() || java.isEmpty()) {
            return OptionalInt.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(java.get());
        command.addAll(jvmOptions(jar.get()));
        Path archive = jar.get().resolveSibling(ARCHIVE);
        if (Files.isReadable(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
            command.add("-Xlog:cds=off,cds+dynamic=off");
        }
        if (args.length == 0 || !LONG_RUNNING.contains(args[0])) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.add("-D" + LAUNCHED + "=true");
        command.add("-D" + LAUNCHER + "=" + ProcessHandle.current().pid());
        command.add("-jar");
        command.add(jar.get().toString());
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).inheritIO().start();
        } catch (IOException e) {
            return OptionalInt.empty(); // run here, only slower
        }
        // When this JVM is stopped (Ctrl-C, kill), the command is stopped too, and closes down (its
        // shutdown hooks run) before this JVM exits.
        Thread waitForChild = new Thread(() -> {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "mwaa-local-stop");
        Runtime.getRuntime().addShutdownHook(waitForChild);
        try {
            return OptionalInt.of(process.waitFor());
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            return OptionalInt.of(ErrorReporting.FAILED);
        }
    }

    /**
     * In the second JVM: ends it when the first one ends. A first JVM that is stopped normally
     * stops the second itself (its shutdown hook); one killed outright ({@code kill -9}) cannot,
     * and the command would go on serving and holding its port with nobody to stop it.
     */
    static void endWithTheLauncher() {
        String launcher = System.getProperty(LAUNCHER);
        if (launcher == null) {
            return;
        }
        Optional<ProcessHandle> handle;
        try {
            handle = ProcessHandle.of(Long.parseLong(launcher));
        } catch (NumberFormatException e) {
            return;
        }
        if (handle.isEmpty()) {
            stopBecauseTheLauncherEnded(); // it ended before this JVM got here
            return;
        }
        handle.get().onExit().thenRun(FastStart::stopBecauseTheLauncherEnded);
    }

    private static void stopBecauseTheLauncherEnded() {
        System.err.println("mwaa-local: the process that started this command ended; stopping.");
        Runtime.getRuntime().halt(ErrorReporting.FAILED);
    }

    /** The jar this class runs from, if it runs from one. */
    private static Optional<Path> runningJar() {
        try {
            var source = FastStart.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path path = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
            return path.toString().endsWith(".jar") && Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The JVM options this JVM was started with ({@code -D...}, {@code -Xmx...}), for the second JVM:
     * what comes before {@code -jar} on this process's command line.
     */
    private static List<String> jvmOptions(Path jar) {
        List<String> options = new ArrayList<>();
        String[] arguments = ProcessHandle.current().info().arguments().orElse(new String[0]);
        for (String argument : arguments) {
            if (argument.equals("-jar") || argument.endsWith(File.separator + jar.getFileName())) {
                break;
            }
            options.add(argument);
        }
        return options;
    }
}
