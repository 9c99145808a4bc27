package dev.mwaaprovisioner.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on, printed with every table: figures taken under load are not comparable. */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, JDK " + System.getProperty("java.version")
                + ", load average " + loadAverage();
    }

    /** The 1-minute load average (from /proc/loadavg), or "unknown". */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
