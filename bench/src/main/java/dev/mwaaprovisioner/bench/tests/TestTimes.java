package dev.mwaaprovisioner.bench.tests;

import dev.mwaaprovisioner.bench.Repository;
import dev.mwaaprovisioner.bench.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * Where the time of {@code ./mvnw -B verify} goes: the Surefire and Failsafe reports of every
 * module summed per module and per test class, with the count of tests and of assertion call
 * sites in the test sources, so a change to the suite can show that nothing was dropped. With the
 * build's log it also gives each module's wall time from Maven's reactor summary (compiling,
 * packaging and testing together) and the build's total.
 *
 * <p>A class's time is what its report says: the wall time of the class from its first test to
 * its last. Classes that run concurrently overlap, so the class times of a module can add up to
 * more than the module's wall time.
 */
public final class TestTimes {

    /** Calls that assert something: AssertJ's entry points and JUnit's own. */
    private static final Pattern ASSERTION = Pattern.compile(
            "\\b(assertThat|assertThatThrownBy|assertThatCode|assertThatExceptionOfType|assertThatNoException"
                    + "|assertThatIllegalArgumentException|assertThatIllegalStateException|assertEquals|assertTrue"
                    + "|assertFalse|assertThrows|assertNotNull|assertNull|assertSame|fail)\\s*\\(");
    /** A line of Maven's reactor summary: {@code [INFO] MWAA Provisioner :: local ... SUCCESS [04:12 min]}. */
    private static final Pattern REACTOR_LINE = Pattern.compile(
            "\\[INFO] (.+?) \\.*\\s*(SUCCESS|FAILURE|SKIPPED)\\s*\\[\\s*([0-9:.]+)\\s*(min|s|h)]");
    private static final Pattern TOTAL_LINE = Pattern.compile("\\[INFO] Total time:\\s*([0-9:.]+)\\s*(min|s|h)");

    record Suite(String module, String name, int tests, int failures, int errors, int skipped, double seconds) { }

    private final Repository repository;
    private final Path mavenLog;
    private final int top;
    private final PrintStream out;

    public TestTimes(Repository repository, Path mavenLog, int top, PrintStream out) {
        this.repository = repository;
        this.mavenLog = mavenLog;
        this.top = top;
        this.out = out;
    }

    public int run() throws Exception {
        List<Suite> suites = suites();
        if (suites.isEmpty()) {
            out.println("No Surefire or Failsafe reports under " + repository.root()
                    + " (*/target/*-reports/TEST-*.xml): run ./mvnw -B verify first.");
            return 1;
        }
        Map<String, String> moduleWallTimes = mavenLog == null ? Map.of() : reactorTimes(Files.readString(mavenLog));

        Map<String, List<Suite>> byModule = new LinkedHashMap<>();
        suites.forEach(s -> byModule.computeIfAbsent(s.module(), m -> new ArrayList<>()).add(s));
        Table modules = new Table("module", "classes", "tests", "failed", "skipped", "test time (sum of classes)",
                "assertion call sites", "module wall time (Maven)");
        int tests = 0;
        int failed = 0;
        int skipped = 0;
        long assertions = 0;
        for (var entry : byModule.entrySet()) {
            List<Suite> of = entry.getValue();
            int t = of.stream().mapToInt(Suite::tests).sum();
            int f = of.stream().mapToInt(s -> s.failures() + s.errors()).sum();
            int s = of.stream().mapToInt(Suite::skipped).sum();
            long a = assertionCallSites(repository.resolve(entry.getKey()).resolve("src/test/java"));
            tests += t;
            failed += f;
            skipped += s;
            assertions += a;
            modules.row(entry.getKey(), of.size(), t, f, s, seconds(of.stream().mapToDouble(Suite::seconds).sum()), a,
                    moduleWallTimes.getOrDefault(artifactName(entry.getKey()), "-"));
        }
        modules.row("all", suites.size(), tests, failed, skipped,
                seconds(suites.stream().mapToDouble(Suite::seconds).sum()), assertions,
                moduleWallTimes.getOrDefault("total", "-"));
        modules.print(out);
        out.println();

        Table classes = new Table("test class", "module", "tests", "time");
        suites.stream().sorted(Comparator.comparingDouble(Suite::seconds).reversed()).limit(top)
                .forEach(s -> classes.row(s.name().substring(s.name().lastIndexOf('.') + 1), s.module(), s.tests(),
                        seconds(s.seconds())));
        classes.print(out);
        return failed == 0 ? 0 : 1;
    }

    /** Every TEST-*.xml of every module's Surefire and Failsafe reports. */
    private List<Suite> suites() throws Exception {
        List<Suite> suites = new ArrayList<>();
        var factory = DocumentBuilderFactory.newInstance();
        List<Path> reports;
        try (Stream<Path> files = Files.walk(repository.root())) {
            reports = files.filter(p -> p.getFileName().toString().startsWith("TEST-")
                            && p.getFileName().toString().endsWith(".xml")
                            && p.getParent().getFileName().toString().matches("(surefire|failsafe)-reports")
                            && !p.toString().contains("/node_modules/"))
                    .sorted().toList();
        }
        for (Path report : reports) {
            Element suite = factory.newDocumentBuilder().parse(report.toFile()).getDocumentElement();
            String module = repository.root().relativize(report.getParent().getParent().getParent()).toString();
            suites.add(new Suite(module.isEmpty() ? "." : module, suite.getAttribute("name"),
                    number(suite, "tests"), number(suite, "failures"), number(suite, "errors"), number(suite, "skipped"),
                    Double.parseDouble(suite.getAttribute("time").replace(",", ""))));
        }
        return suites;
    }

    private static int number(Element element, String attribute) {
        String value = element.getAttribute(attribute);
        return value.isEmpty() ? 0 : Integer.parseInt(value);
    }

    static long assertionCallSites(Path testSources) throws IOException {
        if (!Files.isDirectory(testSources)) {
            return 0;
        }
        long count = 0;
        try (Stream<Path> files = Files.walk(testSources)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = ASSERTION.matcher(Files.readString(file));
                while (m.find()) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Module wall times by the module's name in the reactor summary, and "total". */
    static Map<String, String> reactorTimes(String log) {
        Map<String, String> times = new LinkedHashMap<>();
        for (String line : log.split("\n")) {
            Matcher m = REACTOR_LINE.matcher(line);
            if (m.find()) {
                times.put(m.group(1).trim(), m.group(3) + " " + m.group(4));
            }
            Matcher total = TOTAL_LINE.matcher(line);
            if (total.find()) {
                times.put("total", total.group(1) + " " + total.group(2));
            }
        }
        return times;
    }

    /** The reactor summary's name of a module folder: the {@code <name>} each POM gives. */
    private String artifactName(String module) {
        try {
            String pom = Files.readString(repository.resolve(module).resolve("pom.xml"));
            Matcher m = Pattern.compile("</parent>.*?<name>([^<]+)</name>", Pattern.DOTALL).matcher(pom);
            return m.find() ? m.group(1).trim() : module;
        } catch (IOException e) {
            return module;
        }
    }

    private static String seconds(double seconds) {
        return String.format("%.1f s", seconds);
    }
}
