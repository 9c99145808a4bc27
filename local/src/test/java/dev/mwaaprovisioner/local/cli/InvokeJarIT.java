package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code invoke} as users run it from the packaged jar, with the event on standard input as {@code sam local invoke -e -} takes it. */
class InvokeJarIT {

    private static final Path ROOT = CommandLineUsageTest.ROOT;

    @Test
    void theEventIsReadFromStandardInputWithADash() throws Exception {
        Path event = ROOT.resolve("events/ValidateRequestFunction/provision-environment-inline.json");
        Run run = invoke(event, "invoke", "ValidateRequestFunction", "-e", "-");
        assertThat(run.exit).as(run.printed).isZero();
        assertThat(run.printed).contains("\"Name\" : \"analytics-dev\"");
    }

    @Test
    void standardInputThatIsNotJsonIsAUsageError() throws Exception {
        Path notJson = Files.writeString(Files.createTempFile("event", ".txt"), "Name: analytics-dev\n");
        try {
            Run run = invoke(notJson, "invoke", "ValidateRequestFunction", "-e", "-");
            assertThat(run.exit).as(run.printed).isEqualTo(2);
            assertThat(run.printed).contains("--event - (standard input) is not a JSON document");
        } finally {
            Files.delete(notJson);
        }
    }

    private record Run(int exit, String printed) { }

    private static Run invoke(Path stdin, String... args) throws Exception {
        Path jar = ROOT.resolve("local/target/mwaa-local.jar");
        assertThat(jar).as("the packaged jar").isRegularFile();
        Path output = Files.createTempFile("invoke", ".out");
        try {
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectInput(stdin.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("invoke did not end within 120 s: " + Files.readString(output));
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.delete(output);
        }
    }
}
