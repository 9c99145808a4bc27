package dev.mwaaprovisioner.bench.coldstart;

import dev.mwaaprovisioner.bench.LambdaFunction;
import dev.mwaaprovisioner.bench.Machine;
import dev.mwaaprovisioner.bench.Repository;
import dev.mwaaprovisioner.bench.Table;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code coldstart}: for every function, fresh JVMs with the Lambda runtime's flags run its first
 * invocation against the local cloud (served by this process on loopback, seeded so the call does
 * what a real first call does): the function as deployed (its shrunk artifact, clients built once
 * from the environment), the baseline (the same handler logic with clients built the SDK's
 * default way, packaged the default way), and the function primed as SnapStart primes it.
 * Medians of {@code runs} runs each, after one discarded warm-up run per variant.
 */
public final class ColdStartBenchmark {

    /** What Lambda's java21 runtime starts the JVM with (heap: 85 % of 512 MB). */
    public static final List<String> LAMBDA_JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx435m");

    /** Goals of the issue: cold start at most 60 % of the baseline's; init under 300 ms. */
    static final double MAX_RATIO = 0.60;
    static final long MAX_INIT_MS = 300;

    enum Variant { FUNCTION, BASELINE, PRIMED }

    /** One run's figures, in milliseconds and kB. */
    record Run(long totalMs, long jvmMs, long initMs, long primeMs, long invokeMs, long peakRssKb, boolean ok,
               String failure) {
    }

    private static final Pattern RESULT = Pattern.compile(
            "COLDSTART main=(\\d+) initNs=(\\d+) primeNs=(\\d+) invokeNs=(\\d+) end=(\\d+) hwmKb=(-?\\d+) ok=(\\w+)");

    private final Repository repository;
    private final int runs;
    private final List<String> only;
    private final PrintStream out;

    public ColdStartBenchmark(Repository repository, int runs, List<String> only, PrintStream out) {
        this.repository = repository;
        this.runs = runs;
        this.only = only;
        this.out = out;
    }

    public int run() throws IOException, InterruptedException {
        List<LambdaFunction> functions = LambdaFunction.all(repository).stream()
                .filter(f -> only.isEmpty() || only.contains(f.logicalId())).toList();
        Path work = Files.createTempDirectory("mwaa-coldstart");
        Path runner = RunnerClasses.extract(work.resolve("runner"));
        Path home = Files.createDirectories(work.resolve("home"));
        Map<LambdaFunction, Map<Variant, List<Run>>> results = new LinkedHashMap<>();
        // 600x: a network stack completes in 0.3 s, so seeding stays short.
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(600));
             Seeder seeder = new Seeder(cloud, repository)) {
            out.printf("Local cloud %s; %d runs per variant after a warm-up; JVM flags %s%nMachine: %s%n", cloud.endpoint(),
                    runs, String.join(" ", LAMBDA_JVM_FLAGS), Machine.describe());
            for (LambdaFunction function : functions) {
                Map<Variant, List<Run>> byVariant = new LinkedHashMap<>();
                for (Variant v : Variant.values()) {
                    byVariant.put(v, new ArrayList<>());
                }
                results.put(function, byVariant);
                out.printf("%s ", function.logicalId());
                for (int i = 0; i <= runs; i++) {
                    for (Variant variant : Variant.values()) {
                        String name = "cold-" + variant.name().charAt(0) + i + "-" + Math.abs(function.logicalId().hashCode() % 997);
                        Run run;
                        try {
                            Path event = Seeder.write(work, name, Scenarios.event(function.logicalId(), seeder, name));
                            Thread.sleep(150); // let this process settle before the measured JVM starts
                            run = launch(function, variant, event, runner, home, seeder.environment());
                            Scenarios.cleanUp(function.logicalId(), seeder, name);
                        } catch (RuntimeException e) {
                            run = new Run(0, 0, 0, 0, 0, 0, false, "seeding failed: " + e);
                        }
                        if (i > 0 || !run.ok()) {
                            byVariant.get(variant).add(run);
                        }
                        out.print(run.ok() ? "." : "x");
                    }
                }
                out.println();
            }
        }
        printTables(results);
        out.println();
        out.println("Load average at the end: " + Machine.loadAverage());
        deleteRecursively(work);
        return results.values().stream().allMatch(m -> m.values().stream().flatMap(List::stream).allMatch(Run::ok)) ? 0 : 1;
    }

    private Run launch(LambdaFunction function, Variant variant, Path event, Path runner, Path home,
            Map<String, String> environment) throws IOException, InterruptedException {
        Path lib = variant == Variant.BASELINE ? repository.baselineLib() : function.artifact(repository).resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("No artifact at " + lib + "; build first: ./mvnw -B -q -pl bench -am package -DskipTests");
        }
        String handler = variant == Variant.BASELINE ? function.baselineClass() : function.handlerClass();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_JVM_FLAGS);
        command.addAll(List.of("-cp", runner + ":" + lib + "/*", FunctionRunner.class.getName(), handler,
                event.toString()));
        if (variant == Variant.PRIMED) {
            command.add("--prime");
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("HOME", home.toString()); // no ~/.aws: as on Lambda
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        Path errors = event.resolveSibling(event.getFileName() + "." + variant + ".stderr");
        builder.redirectError(errors.toFile());
        long start = System.currentTimeMillis();
        Process process = builder.start();
        String stdout;
        try (InputStream in = process.getInputStream()) {
            stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Run(0, 0, 0, 0, 0, 0, false, "timed out");
        }
        Matcher m = RESULT.matcher(stdout);
        if (!m.find()) {
            return new Run(0, 0, 0, 0, 0, 0, false, "exit " + process.exitValue() + ": " + firstLines(stdout + Files.readString(errors)));
        }
        boolean ok = Boolean.parseBoolean(m.group(7));
        String failure = ok ? null : firstLines(stdout.substring(stdout.indexOf("ERROR") + 6).replace('\u001f', '\n'));
        return new Run(Long.parseLong(m.group(5)) - start, Long.parseLong(m.group(1)) - start,
                ms(m.group(2)), ms(m.group(3)), ms(m.group(4)), Long.parseLong(m.group(6)), ok, failure);
    }

    private void printTables(Map<LambdaFunction, Map<Variant, List<Run>>> results) {
        Table coldStart = new Table("function", "cold start", "JVM start", "init", "1st invoke", "peak RSS",
                "baseline cold start", "baseline init", "baseline 1st invoke", "baseline RSS", "ratio", "goals");
        Table priming = new Table("function", "1st invoke, no priming", "1st invoke after priming", "priming (before snapshot)",
                "peak RSS primed");
        List<String> failures = new ArrayList<>();
        for (var entry : results.entrySet()) {
            String fn = entry.getKey().logicalId();
            List<Run> ours = ok(entry.getValue().get(Variant.FUNCTION), fn + " (function)", failures);
            List<Run> base = ok(entry.getValue().get(Variant.BASELINE), fn + " (baseline)", failures);
            List<Run> primed = ok(entry.getValue().get(Variant.PRIMED), fn + " (primed)", failures);
            if (ours.isEmpty() || base.isEmpty()) {
                coldStart.row(fn, "failed", "", "", "", "", base.isEmpty() ? "failed" : "", "", "", "", "", "");
                continue;
            }
            long total = median(ours, Run::totalMs);
            long baseTotal = median(base, Run::totalMs);
            long init = median(ours, Run::initMs);
            double ratio = (double) total / baseTotal;
            String goals = (ratio <= MAX_RATIO ? "ratio ok" : "ratio MISSED") + ", "
                    + (init < MAX_INIT_MS ? "init ok" : "init MISSED");
            coldStart.row(fn, total + " ms", median(ours, Run::jvmMs) + " ms", init + " ms",
                    median(ours, Run::invokeMs) + " ms", mb(median(ours, Run::peakRssKb)),
                    baseTotal + " ms", median(base, Run::initMs) + " ms", median(base, Run::invokeMs) + " ms",
                    mb(median(base, Run::peakRssKb)), String.format("%.0f %%", ratio * 100), goals);
            if (!primed.isEmpty()) {
                priming.row(fn, median(ours, Run::invokeMs) + " ms", median(primed, Run::invokeMs) + " ms",
                        median(primed, Run::primeMs) + " ms", mb(median(primed, Run::peakRssKb)));
            }
        }
        out.println();
        out.println("Cold start, median of " + runs + " fresh JVMs (cold start = process start to end of first invocation;"
                + " init = handler class load, static init and constructor)");
        out.println();
        coldStart.print(out);
        out.println();
        out.println("SnapStart priming (org.crac beforeCheckpoint run in the same JVM before the first invocation)");
        out.println();
        priming.print(out);
        if (!failures.isEmpty()) {
            out.println();
            out.println("Failed runs:");
            failures.forEach(f -> out.println("  " + f));
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<Run> ok(List<Run> runs, String what, List<String> failures) {
        runs.stream().filter(r -> !r.ok()).findFirst().ifPresent(r -> failures.add(what + ": " + r.failure()));
        return runs.stream().filter(Run::ok).toList();
    }

    private static long median(List<Run> runs, ToLongFunction<Run> metric) {
        long[] values = runs.stream().mapToLong(metric).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static long ms(String nanos) {
        return Math.round(Long.parseLong(nanos) / 1_000_000.0);
    }

    private static String mb(long kb) {
        return kb < 0 ? "n/a" : String.format("%.0f MB", kb / 1024.0);
    }

    private static String firstLines(String text) {
        return Arrays.stream(text.split("\n")).limit(6).reduce((a, b) -> a + " | " + b).orElse("").trim();
    }

    /** The runner's classes, copied out of this jar so the measured JVM's class path holds nothing else. */
    static final class RunnerClasses {
        private RunnerClasses() {
        }

        static Path extract(Path dir) {
            String base = FunctionRunner.class.getName().replace('.', '/');
            String[] names = {"", "$RunnerContext", "$RunnerContext$1"};
            try {
                for (String suffix : names) {
                    String resource = base + suffix + ".class";
                    try (InputStream in = FunctionRunner.class.getClassLoader().getResourceAsStream(resource)) {
                        if (in == null) {
                            throw new IllegalStateException("runner class missing: " + resource);
                        }
                        Path target = dir.resolve(resource);
                        Files.createDirectories(target.getParent());
                        Files.write(target, in.readAllBytes());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return dir;
        }
    }
}
