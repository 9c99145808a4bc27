package dev.mwaaprovisioner.local.cli;

import picocli.CommandLine.Option;

/** {@code --time-scale}: how much faster than real time the embedded cloud's clock runs. */
final class TimeScaleOption {

    /**
     * The default for local runs: 28 simulated minutes (a network stack and an MWAA environment)
     * pass in under a second, while the workflow's 4-hour execution timeout still leaves the real
     * work of a busy machine several seconds.
     */
    static final int FAST = 2000;

    @Option(names = "--time-scale", paramLabel = "N",
            description = "Simulated seconds per real second on the embedded cloud's clock: stack and environment "
                    + "creation, Wait states and retries. Default for the embedded cloud: " + "2000"
                    + " (25 simulated minutes in under a second); with --endpoint: 1 (real time).")
    Double timeScale;

    /** The scale to use, checked. */
    double scale(double whenUnset) {
        double scale = timeScale == null ? whenUnset : timeScale;
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new UsageException("--time-scale " + timeScale + " must be a positive number (1 = real time).");
        }
        return scale;
    }

    static String format(double scale) {
        return scale == Math.rint(scale) ? Long.toString((long) scale) : Double.toString(scale);
    }
}
