package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code provision} prints, run from the packaged jar as users run it: the progress table and
 * the outcome, with no SnapStart priming line, no {@code ?} or {@code null} standing for something
 * unknown, and no function log line in between; the functions' JSON lines go to the log file the
 * command names at the end, or to standard error with {@code --verbose}.
 */
class CleanOutputJarIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A lone ? or the word null, as an unknown value prints. */
    private static final Pattern UNKNOWN = Pattern.compile("(^|[\\s(:'\"])(\\?|null)($|[\\s),.:'\"])");
    private static final Pattern LOG_FILE = Pattern.compile("Function logs \\(JSON lines\\): (\\S+)");

    @Test
    void provisionPrintsProgressOnlyAndNamesTheFunctionLog(@TempDir Path dir) throws Exception {
        Run run = run(dir, "provision", "examples/minimal.yaml");
        assertThat(run.exit).as(run.stdout + run.stderr).isZero();
        assertClean(run.stdout);
        assertThat(run.stderr).as("nothing on standard error without --verbose").isBlank();
        Matcher named = LOG_FILE.matcher(run.stdout);
        assertThat(named.find()).as(run.stdout).isTrue();
        Path log = Path.of(named.group(1));
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(lines).isNotEmpty();
        List<String> functions = new ArrayList<>();
        for (String line : lines) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.has("timestamp") && entry.has("level") && entry.has("AWSRequestId")).as(line).isTrue();
            JsonNode step = JSON.readTree(entry.path("message").asText());
            functions.add(step.path("Function").asText());
            assertThat(step.path("Notes").toString()).as("priming logs nothing").doesNotContain("priming");
        }
        assertThat(functions).contains("DispatchFunction", "ValidateRequestFunction", "CreateEnvironmentFunction",
                "ReportFunction");
    }

    @Test
    void withVerboseTheFunctionLogGoesToStandardError(@TempDir Path dir) throws Exception {
        Run run = run(dir, "provision", "examples/minimal.yaml", "--verbose");
        assertThat(run.exit).as(run.stdout + run.stderr).isZero();
        assertClean(run.stdout);
        assertThat(run.stdout).doesNotContain("Function logs (JSON lines)");
        List<String> lines = run.stderr.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(JSON.readTree(line).path("message").asText()).as(line).startsWith("{\"Function\":");
        }
    }

    private static void assertClean(String stdout) {
        assertThat(stdout).doesNotContain("priming").contains("Environment analytics-dev is AVAILABLE after");
        for (String line : stdout.lines().toList()) {
            assertThat(line.strip()).as("a raw log line in the output").doesNotStartWith("{");
            assertThat(UNKNOWN.matcher(line).find()).as("an unknown value in: " + line).isFalse();
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private static Run run(Path dir, String... arguments) throws IOException, InterruptedException {
        Path root = CommandLineUsageTest.ROOT;
        Path jar = root.resolve("local/target/mwaa-local.jar");
        assertThat(jar).as("the packaged jar").isRegularFile();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 180 s: " + Files.readString(out));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
