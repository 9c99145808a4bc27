package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.protocol.Timestamps;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code serve}: runs the local cloud on a loopback port until stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the local cloud's AWS APIs on 127.0.0.1 until stopped (Ctrl-C).")
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + LocalCloud.DEFAULT_PORT,
            description = "TCP port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--time-scale", paramLabel = "N", defaultValue = "1",
            description = "Simulated seconds per real second: 1 = real time, 60 = a 25-minute environment creation takes 25 s. Default: ${DEFAULT-VALUE}.")
    double timeScale;

    @Option(names = "--log-requests",
            description = "Print a line per AWS request: service, operation, region, status, error code, User-Agent.")
    boolean logRequests;

    /** Counted down when the server should stop; tests stop it without a signal. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile LocalCloud cloud;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--port " + port + " is out of range: use 0 (any free port) to 65535");
        }
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--time-scale " + timeScale + " must be a positive number (1 = real time)");
        }
        LocalCloud started = LocalCloud.start(LocalCloudConfig.defaults().withPort(port).withTimeScale(timeScale));
        long readyNanos = System.nanoTime();
        // CPU time is what the start costs whatever else the machine is doing.
        long readyCpuMillis = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
        cloud = started;
        Thread hook = new Thread(() -> {
            started.close();
            stop.countDown();
        }, "local-cloud-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printBanner(started, readyNanos, readyCpuMillis);
        if (logRequests) {
            PrintWriter out = spec.commandLine().getOut();
            started.requestLog().subscribe(r -> {
                synchronized (out) {
                    out.println(Timestamps.iso(r.at()) + " " + r.summary());
                    out.flush();
                }
            });
        }
        try {
            stop.await();
        } finally {
            started.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already running the hook.
            }
        }
        return 0;
    }

    private void printBanner(LocalCloud started, long readyNanos, long readyCpuMillis) {
        PrintWriter out = spec.commandLine().getOut();
        String endpoint = started.endpoint().toString();
        out.printf("Local cloud listening on %s (account %s, region %s, time scale %s)%n",
                endpoint, started.accountId(), started.defaultRegion(), formatScale(timeScale));
        out.printf("Services: %s%n", String.join(", ", started.signingNames()));
        out.printf("Ready %d ms after JVM start (%s of CPU time).%n", millisFromJvmStartTo(readyNanos),
                readyCpuMillis < 0 ? "unknown" : readyCpuMillis + " ms");
        out.println();
        out.println("Point the AWS CLI 1.x at it:");
        out.printf("  export AWS_ENDPOINT_URL=%s AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \\%n", endpoint);
        out.printf("         AWS_DEFAULT_REGION=%s AWS_DISABLE_HOST_PREFIX_INJECTION=true%n", started.defaultRegion());
        out.println("  aws sts get-caller-identity");
        out.println("AWS CLI v2 (Debian's 2.9 ignores AWS_ENDPOINT_URL):");
        out.printf("  aws --endpoint-url %s sts get-caller-identity%n", endpoint);
        out.println("Faults, events and inventory: " + endpoint + "/_local/faults, /_local/events, /_local/inventory");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static String formatScale(double scale) {
        return scale == Math.rint(scale) ? Long.toString((long) scale) : Double.toString(scale);
    }

    /**
     * The JVM's uptime at the ready instant. The management bean is loaded only after the
     * server listens, so measuring does not slow the start it measures.
     */
    private static long millisFromJvmStartTo(long readyNanos) {
        long uptimeNow = ManagementFactory.getRuntimeMXBean().getUptime();
        return uptimeNow - (System.nanoTime() - readyNanos) / 1_000_000;
    }
}
