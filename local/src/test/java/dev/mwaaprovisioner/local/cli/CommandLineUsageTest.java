package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Help on every command, and usage errors reported in one line with exit code 2, before anything starts. */
class CommandLineUsageTest {

    static final Path ROOT = ProjectCheckout.enclosing(Path.of("")).root();
    static final String MINIMAL = ROOT.resolve("examples/minimal.yaml").toString();

    @ParameterizedTest
    @ValueSource(strings = {"provision", "up", "invoke", "start-lambda", "serve", "validate"})
    void everyCommandHasHelp(String command) {
        CommandRun run = CommandRun.of(command, "--help");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Usage: mwaa-local " + command);
    }

    @Test
    void theMainCommandListsTheLocalCommands() {
        CommandRun run = CommandRun.of("--help");
        assertThat(run.out()).contains("provision", "up", "invoke", "start-lambda");
        assertThat(CommandRun.of().exitCode()).isEqualTo(2);
    }

    @Test
    void provisionRefusesWhatItCannotRun(@TempDir Path dir) throws IOException {
        assertUsage(CommandRun.of("provision"), "Missing required parameter: 'FILE'");
        assertUsage(CommandRun.of("provision", dir.resolve("nothing.yaml").toString()), "no such file");
        Path text = Files.writeString(dir.resolve("request.txt"), "Name: x\n");
        assertUsage(CommandRun.of("provision", text.toString()), "must end in .yaml, .yml or .json");
        assertUsage(CommandRun.of("provision", MINIMAL, "--project-dir", dir.toString()), "there is no template.yaml");
        assertUsage(CommandRun.of("provision", MINIMAL, "--time-scale", "0"), "--time-scale 0.0 must be a positive number");
        assertUsage(CommandRun.of("provision", MINIMAL, "--endpoint", "localhost:4566", "--config-bucket", "b"),
                "is neither an http(s) URL");
        assertUsage(CommandRun.of("provision", MINIMAL, "--endpoint", "http://127.0.0.1:1"), "--endpoint needs --config-bucket");
        assertUsage(CommandRun.of("provision", MINIMAL, "--config-bucket", "b"), "--config-bucket is for --endpoint runs");
        assertUsage(CommandRun.of("provision", MINIMAL, "--frobnicate"), "Unknown option: '--frobnicate'");
    }

    /** Nothing answers on the endpoint: one line that says so and what to check, exit code 3, no stack trace. */
    @Test
    void anEndpointThatDoesNotAnswerIsOneLineWithItsOwnExitCode() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closed;
        for (CommandRun run : List.of(
                CommandRun.of("provision", MINIMAL, "--endpoint", endpoint, "--config-bucket", "b"),
                CommandRun.of("invoke", "ReportFunction", "--endpoint", endpoint))) {
            assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
            assertThat(run.err()).as(run.toString()).startsWith("error: Cannot reach " + endpoint + " (us-east-1) "
                    + "(sts:GetCallerIdentity): ").contains("Check --endpoint").doesNotContain("\tat ");
            assertThat(run.err().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
        }
    }

    @Test
    void invokeAndStartLambdaRefuseWhatTheyCannotRun(@TempDir Path dir) throws IOException {
        assertUsage(CommandRun.of("invoke", "ReportFunction", "--endpoint", "aws", "--region", "moon"),
                "--region moon is not an AWS Region code");
        assertUsage(CommandRun.of("invoke", "ReportFunction", "-e", dir.resolve("none.json").toString()), "no such file");
        Path notJson = Files.writeString(dir.resolve("event.json"), "{not json");
        assertUsage(CommandRun.of("invoke", "ReportFunction", "-e", notJson.toString()), "is not a JSON document");
        assertUsage(CommandRun.of("start-lambda", "--port", "70000"), "--port 70000 is out of range");
        assertUsage(CommandRun.of("up", "--port", "-1"), "--port -1 is out of range");
    }

    private static void assertUsage(CommandRun run, String message) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).as(run.toString()).contains(message);
    }
}
