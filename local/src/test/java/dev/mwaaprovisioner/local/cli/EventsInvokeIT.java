package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample event of {@code events/} runs with {@code java -jar mwaa-local.jar invoke FUNCTION
 * -e events/FUNCTION/FILE} on a fresh embedded deployment, as the README shows, and the function
 * returns: the files are found, not listed, so a new event is covered as soon as it is added.
 */
class EventsInvokeIT {

    static Stream<Path> events() throws IOException {
        Path events = JarRun.ROOT.resolve("events");
        try (Stream<Path> files = Files.walk(events)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).map(events::relativize).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "invoke events/{0}")
    @MethodSource("events")
    void everyEventRunsOnAFreshDeployment(Path event) throws Exception {
        String function = event.getName(0).toString();
        JarRun run = JarRun.of("invoke", function, "-e", "events/" + event);
        assertThat(run.exit()).as(run.printed()).isZero();
        assertThat(run.printed()).as(run.printed()).doesNotContain("\"errorType\"", function + " failed (");
    }
}
