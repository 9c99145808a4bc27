package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.common.request.RequestParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request file in {@code examples/} provisions with {@code java -jar mwaa-local.jar provision
 * examples/FILE}, as the README shows: the files are found, not listed, so a new example is
 * covered as soon as it is added.
 */
class ExamplesProvisionIT {

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(JarRun.ROOT.resolve("examples"))) {
            return files.filter(f -> ProvisionCommand.REQUEST_SUFFIXES.stream()
                    .anyMatch(f.getFileName().toString()::endsWith)).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "provision examples/{0}")
    @MethodSource("examples")
    void everyExampleProvisions(Path example) throws Exception {
        String name = RequestParser.standard().read(example).name();
        JarRun run = JarRun.of("provision", "examples/" + example.getFileName());
        assertThat(run.exit()).as(run.printed()).isZero();
        assertThat(run.printed()).as(run.printed()).contains("Environment " + name + " is AVAILABLE after");
    }

    @org.junit.jupiter.api.Test
    void theExamplesAreFound() throws IOException {
        assertThat(examples().map(p -> p.getFileName().toString()))
                .contains("minimal.yaml", "existing-network.yaml", "customer-managed-key.yaml", "full-options.yaml");
    }
}
