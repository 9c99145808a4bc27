package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.cloud.lambda.LambdaFunctions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/**
 * Where a command puts the functions' log lines (one JSON line per step outcome, as Lambda writes
 * them with {@code LogFormat: JSON}): a log file the command names when it ends, or standard error
 * with {@code --verbose}. Never the command's output, where the progress table is.
 */
public final class FunctionLogOption {

    @Option(names = "--verbose", description = "Write the functions' log lines (JSON) to standard error as they come, "
            + "instead of to a log file named at the end.")
    boolean verbose;

    @Option(names = "--log-file", paramLabel = "FILE", description = "The file the functions' log lines are appended "
            + "to. Default: mwaa-local-<command>-<time>.log in the system's temporary directory.")
    Path logFile;

    private Path written;
    private Writer writer;
    private boolean finished;

    /** Sends the functions' log lines of this command to the file, or to {@code err} with --verbose. */
    public synchronized void attach(LambdaFunctions lambda, String command, PrintWriter err) {
        written = logFile != null ? logFile : Path.of(System.getProperty("java.io.tmpdir"),
                "mwaa-local-" + command + "-" + LocalDateTime.now().format(STAMP) + ".log");
        lambda.onLog((function, lines) -> write(err, lines));
    }

    /** Where the lines go: the log file, or null with --verbose (standard error). */
    public synchronized Path destination() {
        return verbose ? null : written;
    }

    private synchronized void write(PrintWriter err, String lines) {
        if (finished) {
            return; // an invocation still running when the command ends
        }
        if (verbose) {
            synchronized (err) {
                err.print(lines);
                err.flush();
            }
            return;
        }
        try {
            if (writer == null) {
                writer = Files.newBufferedWriter(written, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            writer.write(lines);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the function log " + written, e);
        }
    }

    /** Closes the file and names it on {@code out}, if anything was logged. */
    public synchronized void finish(PrintWriter out) {
        finished = true;
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            // The lines were flushed as they came.
        }
        writer = null;
        out.println("Function logs (JSON lines): " + written);
        out.flush();
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
}
