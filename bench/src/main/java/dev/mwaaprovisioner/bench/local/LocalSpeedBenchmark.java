package dev.mwaaprovisioner.bench.local;

import dev.mwaaprovisioner.bench.Machine;
import dev.mwaaprovisioner.bench.Repository;
import dev.mwaaprovisioner.bench.Table;
import dev.mwaaprovisioner.common.aws.AwsClientFactory;
import dev.mwaaprovisioner.common.aws.AwsService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code local}: how fast the local runner is, as a user meets it.
 * <ol>
 *   <li>{@code java -jar local/target/mwaa-local.jar provision examples/minimal.yaml}, a fresh JVM
 *       each time, wall clock from process start to exit (median of {@code runs});</li>
 *   <li>a running {@code up} (its own JVM, started here), into whose config bucket 100 different
 *       requests are dropped at once: wall clock until every environment is AVAILABLE, and the
 *       peak resident memory (VmHWM) of the {@code up} process.</li>
 * </ol>
 */
public final class LocalSpeedBenchmark {

    static final Duration PROVISION_GOAL = Duration.ofMillis(2500);
    static final Duration BURST_GOAL = Duration.ofSeconds(15);
    private static final Pattern ENDPOINT = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)");

    private final Repository repository;
    private final int runs;
    private final int requests;
    private final PrintStream out;

    public LocalSpeedBenchmark(Repository repository, int runs, int requests, PrintStream out) {
        this.repository = repository;
        this.runs = runs;
        this.requests = requests;
        this.out = out;
    }

    public int run() throws Exception {
        Path jar = repository.localJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No " + jar + "; build it: ./mvnw -B -q -pl bench -am package -DskipTests");
        }
        out.println("Machine: " + Machine.describe());
        List<Long> walls = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            long[] result = provisionOnce(jar);
            if (i > 0) { // the first run warms the page cache
                walls.add(result[0]);
                rss.add(result[1]);
            }
        }
        long provisionMs = median(walls);
        Burst burst = burst(jar);

        Table table = new Table("what", "result", "goal", "");
        table.row("`provision examples/minimal.yaml`, JVM start to exit (median of " + runs + ")", provisionMs + " ms",
                "< " + PROVISION_GOAL.toMillis() + " ms", provisionMs < PROVISION_GOAL.toMillis() ? "met" : "MISSED");
        table.row("its peak RSS (median)", median(rss) / 1024 + " MB", "", "");
        table.row(requests + " requests dropped at once into a running `up`, until all AVAILABLE",
                burst.wall().toMillis() + " ms", "< " + BURST_GOAL.toMillis() + " ms",
                burst.wall().compareTo(BURST_GOAL) < 0 && burst.available() == requests ? "met" : "MISSED");
        table.row("environments AVAILABLE", burst.available() + " of " + requests, "", "");
        table.row("peak RSS of the `up` process", burst.peakRssKb() / 1024 + " MB", "", "");
        out.println();
        table.print(out);
        out.println();
        out.println("Load average at the end: " + Machine.loadAverage());
        return provisionMs < PROVISION_GOAL.toMillis() && burst.wall().compareTo(BURST_GOAL) < 0
                && burst.available() == requests ? 0 : 1;
    }

    /** One provision run: {wall ms, peak RSS kB}. */
    private long[] provisionOnce(Path jar) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toString(), "provision", "examples/minimal.yaml")
                .directory(repository.root().toFile()).redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        AtomicLong peak = new AtomicLong();
        Thread sampler = rssSampler(process, peak);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("provision did not finish in 120 s");
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        sampler.interrupt();
        if (process.exitValue() != 0) {
            throw new IllegalStateException("provision exited " + process.exitValue() + ":\n" + output);
        }
        out.printf("provision: %d ms%n", wall);
        return new long[] {wall, peak.get()};
    }

    record Burst(Duration wall, int available, long peakRssKb) {
    }

    private Burst burst(Path jar) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", jar.toString(), "up", "--port", "0")
                .directory(repository.root().toFile()).redirectErrorStream(true);
        Process up = builder.start();
        AtomicLong peak = new AtomicLong();
        Thread sampler = rssSampler(up, peak);
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
            String endpoint = null;
            for (String line; endpoint == null && (line = lines.readLine()) != null; ) {
                Matcher m = ENDPOINT.matcher(line);
                if (m.find()) {
                    endpoint = m.group(1);
                }
            }
            if (endpoint == null) {
                throw new IllegalStateException("up printed no endpoint; exit " + (up.isAlive() ? "-" : up.exitValue()));
            }
            Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "up-output");
            drain.setDaemon(true);
            drain.start();
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("AWS_REGION", "us-east-1");
            environment.put("AWS_ENDPOINT_URL", endpoint);
            environment.put("AWS_ACCESS_KEY_ID", "test");
            environment.put("AWS_SECRET_ACCESS_KEY", "test");
            try (AwsClientFactory clients = new AwsClientFactory(environment);
                 S3Client s3 = clients.create(S3Client.builder().forcePathStyle(true), AwsService.S3);
                 CloudFormationClient cfn = clients.create(CloudFormationClient.builder(), AwsService.CLOUDFORMATION);
                 MwaaClient mwaa = clients.create(MwaaClient.builder(), AwsService.MWAA)) {
                String bucket = cfn.describeStacks(r -> r.stackName("mwaa-provisioner")).stacks().get(0).outputs().stream()
                        .filter(o -> o.outputKey().equals("ConfigBucketName")).findFirst().orElseThrow().outputValue();
                String source = "airflow-analytics-dev";
                s3.createBucket(b -> b.bucket(source));
                s3.putBucketVersioning(b -> b.bucket(source).versioningConfiguration(v -> v.status("Enabled")));
                s3.putPublicAccessBlock(b -> b.bucket(source).publicAccessBlockConfiguration(c -> c
                        .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
                String template = Files.readString(repository.resolve("examples/minimal.yaml"));
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= requests; i++) {
                    names.add(String.format("burst-%03d", i));
                }
                ExecutorService pool = Executors.newFixedThreadPool(16);
                long start = System.nanoTime();
                List<Future<?>> uploads = new ArrayList<>();
                for (String name : names) {
                    String body = template.replaceFirst("(?m)^Name:.*$", "Name: " + name);
                    uploads.add(pool.submit(() -> s3.putObject(b -> b.bucket(bucket).key("requests/" + name + ".yaml"),
                            RequestBody.fromString(body))));
                }
                for (Future<?> f : uploads) {
                    f.get();
                }
                pool.shutdown();
                // Done when every status document is written, then every environment is checked.
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (s3.listObjectsV2(r -> r.bucket(bucket).prefix("status/")).keyCount() < requests
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Duration wall = Duration.ofNanos(System.nanoTime() - start);
                int available = 0;
                for (String name : names) {
                    try {
                        if ("AVAILABLE".equals(mwaa.getEnvironment(r -> r.name(name)).environment().statusAsString())) {
                            available++;
                        }
                    } catch (RuntimeException missing) {
                        // not created: counted as not available
                    }
                }
                out.printf("burst: %d of %d AVAILABLE in %d ms%n", available, requests, wall.toMillis());
                return new Burst(wall, available, peak.get());
            }
        } finally {
            sampler.interrupt();
            up.destroy();
            if (!up.waitFor(20, TimeUnit.SECONDS)) {
                up.destroyForcibly();
            }
        }
    }

    /**
     * Samples the peak RSS (VmHWM, kB) of the process and of the processes it started, until
     * interrupted or the process ends: {@code java -jar mwaa-local.jar} runs the command in a
     * second JVM (FastStart), which holds the local cloud. The largest of them is kept.
     */
    private static Thread rssSampler(Process process, AtomicLong peak) {
        Thread t = new Thread(() -> {
            while (process.isAlive() && !Thread.currentThread().isInterrupted()) {
                List<ProcessHandle> processes = new ArrayList<>();
                processes.add(process.toHandle());
                process.descendants().forEach(processes::add);
                for (ProcessHandle handle : processes) {
                    try {
                        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
                            if (line.startsWith("VmHWM:")) {
                                peak.accumulateAndGet(Long.parseLong(line.replaceAll("[^0-9]", "")), Math::max);
                            }
                        }
                    } catch (IOException gone) {
                        // the process ended between listing and reading
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static long median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
