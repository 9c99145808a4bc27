package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One run of the packaged {@code local/target/mwaa-local.jar} from the checkout, as users start it. */
record JarRun(int exit, String printed) {

    static final Path ROOT = CommandLineUsageTest.ROOT;
    static final Path JAR = ROOT.resolve("local/target/mwaa-local.jar");

    static JarRun of(String... args) throws IOException, InterruptedException {
        return of(Map.of(), args);
    }

    /**
     * Runs {@code java -jar mwaa-local.jar ARGS} in the checkout with these environment variables
     * (a null value removes the variable); standard output and error together.
     */
    static JarRun of(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged jar").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("mwaa-local", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", args) + " did not end within 180 s: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new JarRun(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.delete(output);
        }
    }
}
