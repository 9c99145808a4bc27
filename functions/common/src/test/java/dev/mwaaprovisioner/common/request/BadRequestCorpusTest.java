package dev.mwaaprovisioner.common.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code bad-requests/} is refused, quickly, with exactly the problem paths that
 * {@code bad-requests/EXPECTED.tsv} lists for it (in order), and one message containing its text.
 * "Quickly" is measured in CPU time of the parsing thread, so that a busy build machine does not
 * make the test flaky while a parser that loops or expands a bomb still fails it.
 */
class BadRequestCorpusTest {

    private static final Duration QUICKLY = Duration.ofMillis(500);

    record Case(String file, List<String> paths, String text) {
        @Override
        public String toString() {
            return file;
        }
    }

    private static Path folder() throws URISyntaxException {
        return Path.of(BadRequestCorpusTest.class.getResource("/bad-requests/EXPECTED.tsv").toURI()).getParent();
    }

    static Stream<Case> cases() throws IOException, URISyntaxException {
        return Files.readAllLines(folder().resolve("EXPECTED.tsv"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("\t", -1))
                .map(f -> new Case(f[0], Arrays.asList(f[1].split(" \\| ")), f.length > 2 ? f[2] : ""));
    }

    @BeforeAll
    static void warmUp() {
        // Load the parser's classes once, so that the timing below measures parsing.
        catchThrowableOfType(InvalidRequestException.class, () -> RequestParser.standard().parse("Name: warm-up\n", "warm-up"));
        catchThrowableOfType(InvalidRequestException.class, () -> RequestParser.standard().parse("{\"Name\": 1}", "warm-up"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedQuicklyWithTheExpectedPaths(Case c) throws IOException, URISyntaxException {
        byte[] content = Files.readAllBytes(folder().resolve(c.file()));

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assertThat(threads.isCurrentThreadCpuTimeSupported()).as("this JVM measures thread CPU time").isTrue();
        long start = threads.getCurrentThreadCpuTime();
        InvalidRequestException refused = catchThrowableOfType(InvalidRequestException.class,
                () -> RequestParser.standard().parse(content, c.file()));
        Duration took = Duration.ofNanos(threads.getCurrentThreadCpuTime() - start);

        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.problems()).extracting(Problem::path).as(refused.getMessage()).containsExactlyElementsOf(c.paths());
        assertThat(refused.problems()).extracting(Problem::message).as(refused.getMessage())
                .anyMatch(message -> message.contains(c.text()));
        assertThat(refused.getMessage().lines()).as("one problem per line").hasSize(refused.problems().size());
        assertThat(took).as("CPU time to refuse").isLessThan(QUICKLY);
    }

    @Test
    void everyFileHasAnExpectationAndEveryExpectationAFile() throws IOException, URISyntaxException {
        List<String> expected = cases().map(Case::file).toList();
        try (Stream<Path> files = Files.list(folder())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("EXPECTED.tsv")))
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(expected).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(60);
    }
}
