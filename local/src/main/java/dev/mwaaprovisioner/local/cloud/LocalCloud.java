package dev.mwaaprovisioner.local.cloud;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The local cloud: the AWS APIs of {@link CloudServices} served on one loopback port in their
 * real wire protocols. Start it with {@link #start(LocalCloudConfig)}; close it to stop.
 */
public final class LocalCloud implements AutoCloseable {

    /** The fixed account of the local cloud. */
    public static final String ACCOUNT_ID = "000000000000";
    public static final String DEFAULT_REGION = "us-east-1";
    /** The port {@code serve} listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 4566;

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;
    private final CloudClock clock;
    private final FaultInjector faults = new FaultInjector();
    private final RequestLog requestLog = new RequestLog();
    private final EventBus eventBus = new RecordingEventBus();
    private final String defaultRegion;
    private final List<CloudService> services = new ArrayList<>();
    private volatile boolean closed;

    private LocalCloud(LocalCloudConfig config) {
        this.defaultRegion = config.defaultRegion();
        this.clock = new CloudClock(config.startTime() == null ? Instant.now() : config.startTime(), config.timeScale());
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 128);
        } catch (BindException e) {
            clock.close();
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + config.port()
                    + " (" + e.getMessage() + "): stop what uses it or choose another port (--port, 0 = any free port)", e);
        } catch (IOException e) {
            clock.close();
            throw new UncheckedIOException("Cannot start the local cloud's HTTP server: " + e.getMessage(), e);
        }
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        Context context = new Context();
        try {
            for (Function<ServiceContext, CloudService> factory : config.services()) {
                services.add(factory.apply(context));
            }
        } catch (RuntimeException e) {
            server.stop(0);
            clock.close();
            throw e;
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "local-cloud-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/", new RequestRouter(this));
    }

    /** Starts a local cloud bound to 127.0.0.1; returns once it accepts connections. */
    public static LocalCloud start(LocalCloudConfig config) {
        LocalCloud cloud = new LocalCloud(config);
        cloud.server.start();
        return cloud;
    }

    /** The base URI clients use as endpoint override, e.g. {@code http://127.0.0.1:4566}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    public CloudClock clock() {
        return clock;
    }

    public FaultInjector faults() {
        return faults;
    }

    /** Every AWS request served so far, with its caller. */
    public RequestLog requestLog() {
        return requestLog;
    }

    public EventBus eventBus() {
        return eventBus;
    }

    public String accountId() {
        return ACCOUNT_ID;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /** The services served, in creation order. */
    public List<CloudService> services() {
        return Collections.unmodifiableList(services);
    }

    /**
     * A service, or a component a service exports (e.g. {@code service(IamStore.class)}).
     *
     * @throws IllegalStateException when none of that type is served
     */
    public <T> T service(Class<T> type) {
        return findService(type).orElseThrow(() -> new IllegalStateException(
                "The local cloud serves no " + type.getSimpleName() + "; services: " + signingNames()));
    }

    public <T> Optional<T> findService(Class<T> type) {
        for (CloudService service : services) {
            if (type.isInstance(service)) {
                return Optional.of(type.cast(service));
            }
        }
        for (CloudService service : services) {
            for (Object component : service.components()) {
                if (type.isInstance(component)) {
                    return Optional.of(type.cast(component));
                }
            }
        }
        return Optional.empty();
    }

    /** Signing names of the services served. */
    public List<String> signingNames() {
        return services.stream().map(CloudService::signingName).toList();
    }

    /** Resources of every service, keyed by signing name (for {@code GET /_local/inventory}). */
    Map<String, Object> inventory() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (CloudService service : services) {
            Object inventory = service.inventory();
            if (inventory != null) {
                // The first service of a signing name serves its requests: its resources are the inventory.
                all.putIfAbsent(service.signingName(), inventory);
            }
        }
        return all;
    }

    /** Whether {@link #close()} has run. */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the server, the clock's timers and every service. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        for (CloudService service : services) {
            try {
                service.close();
            } catch (RuntimeException e) {
                System.err.println("local cloud: closing " + service.displayName() + " failed: " + e);
            }
        }
        clock.close();
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Context implements ServiceContext {
        @Override
        public CloudClock clock() {
            return clock;
        }

        @Override
        public FaultInjector faults() {
            return faults;
        }

        @Override
        public String accountId() {
            return ACCOUNT_ID;
        }

        @Override
        public String defaultRegion() {
            return defaultRegion;
        }

        @Override
        public EventBus eventBus() {
            return eventBus;
        }

        @Override
        public URI endpoint() {
            return endpoint;
        }

        @Override
        public <T> T service(Class<T> type) {
            return LocalCloud.this.service(type);
        }

        @Override
        public <T> Optional<T> findService(Class<T> type) {
            return LocalCloud.this.findService(type);
        }
    }
}
