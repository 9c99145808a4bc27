package dev.mwaaprovisioner.local.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to start a {@link LocalCloud}.
 *
 * @param port          TCP port on 127.0.0.1; 0 picks a free port
 * @param timeScale     simulated seconds per real second (1 = real time; tests use 1000+)
 * @param defaultRegion region of requests whose signature names none
 * @param startTime     the simulated instant the clock starts at; null = now
 * @param services      factories of the services to serve, in creation order
 */
public record LocalCloudConfig(int port, double timeScale, String defaultRegion, Instant startTime,
                               List<Function<ServiceContext, CloudService>> services) {

    public LocalCloudConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: use 0 (any free port) to 65535");
        }
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("time scale " + timeScale + " must be a positive number (1 = real time)");
        }
        Objects.requireNonNull(defaultRegion, "defaultRegion");
        services = List.copyOf(services);
    }

    /** Any free port, real time, us-east-1, every service of {@link CloudServices}. */
    public static LocalCloudConfig defaults() {
        return new LocalCloudConfig(0, 1.0, LocalCloud.DEFAULT_REGION, null, CloudServices.all());
    }

    public LocalCloudConfig withPort(int newPort) {
        return new LocalCloudConfig(newPort, timeScale, defaultRegion, startTime, services);
    }

    public LocalCloudConfig withTimeScale(double newScale) {
        return new LocalCloudConfig(port, newScale, defaultRegion, startTime, services);
    }

    public LocalCloudConfig withDefaultRegion(String region) {
        return new LocalCloudConfig(port, timeScale, region, startTime, services);
    }

    public LocalCloudConfig withStartTime(Instant start) {
        return new LocalCloudConfig(port, timeScale, defaultRegion, start, services);
    }

    /** Replaces the services served. */
    public LocalCloudConfig withServices(List<Function<ServiceContext, CloudService>> newServices) {
        return new LocalCloudConfig(port, timeScale, defaultRegion, startTime, newServices);
    }

    /** Adds a service to those served (e.g. one a test defines). */
    public LocalCloudConfig withService(Function<ServiceContext, CloudService> factory) {
        List<Function<ServiceContext, CloudService>> all = new ArrayList<>(services);
        all.add(factory);
        return withServices(all);
    }
}
