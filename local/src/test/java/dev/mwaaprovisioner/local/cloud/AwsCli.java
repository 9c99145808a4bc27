package dev.mwaaprovisioner.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the real AWS CLI ({@code aws} on PATH) against a local cloud, as a user would: endpoint
 * URL, test credentials, us-east-1, no user configuration files.
 */
public final class AwsCli {

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            try {
                return Json.parse(stdout);
            } catch (IOException e) {
                throw new AssertionError("aws printed no JSON (exit " + exitCode + "): " + stdout + stderr, e);
            }
        }

        public Result ok() {
            if (exitCode != 0) {
                throw new AssertionError("aws failed with exit " + exitCode + ": " + stderr + stdout);
            }
            return this;
        }
    }

    private final LocalCloud cloud;
    private final String executable;
    private Boolean version1;

    private AwsCli(LocalCloud cloud, String executable) {
        this.cloud = cloud;
        this.executable = executable;
    }

    /** The CLI on PATH; the calling test is skipped (not passed) when there is none. */
    public static AwsCli on(LocalCloud cloud) {
        Optional<String> found = find();
        Assumptions.assumeTrue(found.isPresent(), "The AWS CLI (aws) is not on PATH");
        return new AwsCli(cloud, found.get());
    }

    /** Runs {@code aws <args>} with JSON output. */
    public Result run(String... args) {
        List<String> command = new ArrayList<>(List.of(executable, "--endpoint-url", cloud.endpoint().toString(),
                "--output", "json"));
        command.addAll(List.of(args));
        return run(command, Map.of(
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", cloud.endpoint().toString(),
                "AWS_CONFIG_FILE", "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "AWS_DISABLE_HOST_PREFIX_INJECTION", "true",
                "AWS_PAGER", ""));
    }

    /** Options that make {@code --payload} take raw JSON text on either CLI major version. */
    public synchronized List<String> rawPayloadOptions() {
        if (version1 == null) {
            // Each run of the CLI costs a second or more, so its version is asked only when needed.
            Result version = run(List.of(executable, "--version"), Map.of());
            version1 = (version.stdout + version.stderr).startsWith("aws-cli/1.");
        }
        return version1 ? List.of() : List.of("--cli-binary-format", "raw-in-base64-out");
    }

    public static Path tempFile(String content) throws IOException {
        Path file = Files.createTempFile("aws-cli-", ".json");
        file.toFile().deleteOnExit();
        Files.writeString(file, content);
        return file;
    }

    private static Result run(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            File out = File.createTempFile("aws-out-", ".txt");
            File err = File.createTempFile("aws-err-", ".txt");
            builder.redirectOutput(out).redirectError(err);
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("aws did not finish within 60 s: " + command);
            }
            Result result = new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath(), StandardCharsets.UTF_8));
            out.delete();
            err.delete();
            return result;
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Optional<String> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "aws");
            if (candidate.canExecute()) {
                return Optional.of(candidate.getAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
