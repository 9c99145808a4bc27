package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, as users run it: {@code java -jar local/target/mwaa-local.jar
 * provision examples/minimal.yaml} from the checkout, with the jar and class-data archive the
 * build just made.
 */
class ProvisionJarIT {

    @Test
    void theJarProvisionsTheMinimalExample() throws IOException, InterruptedException {
        Path root = CommandLineUsageTest.ROOT;
        Path jar = root.resolve("local/target/mwaa-local.jar");
        assertThat(jar).as("the packaged jar").isRegularFile();
        Path output = Files.createTempFile("provision", ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "provision", "examples/minimal.yaml"))
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        assertThat(ended).as(printed).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        assertThat(printed).contains("Environment analytics-dev is AVAILABLE after");
        System.out.printf("java -jar local/target/mwaa-local.jar provision examples/minimal.yaml: %d ms%n", took.toMillis());
    }
}
