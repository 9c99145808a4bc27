package dev.mwaaprovisioner.bench.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.bench.Repository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-time table read from a checkout laid out as Maven leaves it after {@code verify}. */
class TestTimesTest {

    @TempDir
    Path root;

    @Test
    void sumsTheReportsOfEachModuleAndReadsTheReactorSummary() throws Exception {
        checkout();
        report("lib/target/surefire-reports", "dev.example.SlowTest", 3, 0, 12.5);
        report("lib/target/surefire-reports", "dev.example.QuickTest", 2, 0, 0.25);
        report("lib/target/failsafe-reports", "dev.example.JarIT", 1, 0, 4.0);
        Files.writeString(root.resolve("lib/src/test/java/SlowTest.java"),
                "class SlowTest { void t() { assertThat(1).isOne(); assertEquals(1, 1); fail(\"no\"); } }");
        Path log = Files.writeString(root.resolve("verify.log"), """
                [INFO] Reactor Summary for Example 1.0:
                [INFO] Example :: lib ............................ SUCCESS [01:02 min]
                [INFO] Total time:  01:05 min
                """);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exit = new TestTimes(Repository.at(root), log, 10, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        String table = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(table).contains("| lib    | 3       | 6     | 0      | 0       | 16.8 s", "| 3 ", "01:02 min")
                .contains("| all    | 3       | 6 ", "01:05 min");
        assertThat(table.indexOf("SlowTest")).as("slowest first").isLessThan(table.indexOf("JarIT"));
        assertThat(table.indexOf("JarIT")).isLessThan(table.indexOf("QuickTest"));
    }

    @Test
    void aFailedTestFailsTheCommand() throws Exception {
        checkout();
        report("lib/target/surefire-reports", "dev.example.BrokenTest", 2, 1, 1.0);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exit = new TestTimes(Repository.at(root), null, 10, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        assertThat(exit).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("| lib    | 1       | 2     | 1 ");
    }

    @Test
    void noReportsIsSaidAndFails() throws Exception {
        checkout();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exit = new TestTimes(Repository.at(root), null, 10, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();

        assertThat(exit).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("No Surefire or Failsafe reports", "./mvnw -B verify");
    }

    private void checkout() throws Exception {
        Files.writeString(root.resolve("template.yaml"), "Resources: {}\n");
        Files.createDirectories(root.resolve("functions"));
        Files.createDirectories(root.resolve("lib/src/test/java"));
        Files.writeString(root.resolve("lib/pom.xml"),
                "<project><parent><artifactId>example</artifactId></parent><name>Example :: lib</name></project>");
    }

    private void report(String folder, String suite, int tests, int failures, double seconds) throws Exception {
        Path dir = Files.createDirectories(root.resolve(folder));
        Files.writeString(dir.resolve("TEST-" + suite + ".xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="%s" time="%s" tests="%d" errors="0" skipped="0" failures="%d">
                </testsuite>
                """.formatted(suite, seconds, tests, failures));
    }
}
