package dev.mwaaprovisioner.local.cli;

import picocli.CommandLine.Option;

/** {@code --time-scale}: how much faster than real time the embedded cloud's clock runs. */
final class TimeScaleOption {

    /**
     * The default for local runs: the 28 simulated minutes of a network stack and an MWAA
     * environment pass in a fifth of a second. Executions stay correct at any scale: their own
     * clock accelerates only their waiting, never the real time their functions take.
     */
    static final int FAST = 10_000;

    @Option(names = "--time-scale", paramLabel = "N",
            description = "Simulated seconds per real second on the embedded cloud's clock: stack and environment "
                    + "creation, Wait states and retries (the real time functions take is not accelerated). Default "
                    + "for the embedded cloud: " + FAST + " (25 simulated minutes in 0.15 s); with --endpoint: 1 "
                    + "(real time).")
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
