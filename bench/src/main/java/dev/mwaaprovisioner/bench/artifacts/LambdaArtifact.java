package dev.mwaaprovisioner.bench.artifacts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * One function's deployment artifact as its module's build lays it out (target/lambda: lib/*.jar,
 * the java21 runtime's zip layout) and the runtime dependency set it was made from
 * (target/lambda-dependencies.txt): sizes, and what must never be in it.
 */
public final class LambdaArtifact {

    /** The size limit of one function's artifact (zipped as `sam build` zips it). */
    public static final long MAX_ZIP_BYTES = 8L * 1024 * 1024;

    /**
     * The one module allowed more: functions/environment sends Airflow option values to MWAA and
     * reads them from the request object's version with the S3 client (option values never travel
     * in the state document), on top of its MWAA, CloudFormation, IAM and KMS clients; the S3
     * client alone adds about 4 MiB after shrinking.
     */
    public static final long MAX_ZIP_BYTES_ENVIRONMENT = 11L * 1024 * 1024;

    /** The size limit of the artifact of {@code module}. */
    public static long maxZipBytes(String module) {
        return module.equals("functions/environment") ? MAX_ZIP_BYTES_ENVIRONMENT : MAX_ZIP_BYTES;
    }

    /** The MWAA module alone may carry the Apache HTTP client: MWAA's UpdateEnvironment is a PATCH. */
    public static final String APACHE_ALLOWED_MODULE = "functions/environment";

    /** One runtime dependency: {@code group:artifact:version} and its jar. */
    public record Dependency(String groupId, String artifactId, String version, Path jar) {

        public String coordinates() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    private static final Pattern LIST_LINE = Pattern.compile(
            "^\\s*([\\w.\\-]+):([\\w.\\-]+):(?:jar|bundle)(?::[\\w.\\-]+)?:([\\w.\\-]+):(?:compile|runtime):(/[^\\s]+?\\.jar)");

    private final String module;
    private final Path folder;
    private final Path dependencyList;

    public LambdaArtifact(String module, Path folder, Path dependencyList) {
        this.module = module;
        this.folder = folder;
        this.dependencyList = dependencyList;
    }

    public String module() {
        return module;
    }

    public Path folder() {
        return folder;
    }

    /** The artifact's jars; a missing artifact is an error that says how to build it. */
    public List<Path> jars() {
        Path lib = folder.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(module + " has no deployment artifact at " + lib
                    + "; build it first: ./mvnw -B -q -pl " + module + " -am package -DskipTests");
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of the artifact unzipped (what Lambda counts against its 250 MB). */
    public long unzippedBytes() {
        return jars().stream().mapToLong(LambdaArtifact::size).sum();
    }

    /** The bytes of the artifact zipped the way `sam build` uploads it (deflate, lib/ inside). */
    public long zippedBytes() {
        CountingStream counter = new CountingStream();
        try (ZipOutputStream zip = new ZipOutputStream(counter)) {
            for (Path jar : jars()) {
                zip.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
                Files.copy(jar, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    /** The number of classes in the artifact. */
    public int classCount() {
        int count = 0;
        for (Path jar : jars()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                count += (int) zip.stream().filter(e -> e.getName().endsWith(".class")).count();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return count;
    }

    /** The runtime dependencies the artifact was made from (the module's own jar excluded). */
    public List<Dependency> dependencies() {
        if (!Files.isRegularFile(dependencyList)) {
            throw new IllegalStateException(module + " has no dependency list at " + dependencyList
                    + "; build it first: ./mvnw -B -q -pl " + module + " -am package -DskipTests");
        }
        List<Dependency> dependencies = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dependencyList)) {
                Matcher m = LIST_LINE.matcher(line);
                if (m.find()) {
                    dependencies.add(new Dependency(m.group(1), m.group(2), m.group(3), Path.of(m.group(4))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (dependencies.isEmpty()) {
            throw new IllegalStateException("No dependency found in " + dependencyList + "; its format changed?");
        }
        return dependencies;
    }

    /** The bytes of the dependency jars before shrinking. */
    public long dependencyBytes() {
        return dependencies().stream().mapToLong(d -> size(d.jar())).sum();
    }

    /**
     * What must not be in this function's dependency set or artifact, each with the reason:
     * Netty, the AWS CRT, a second HTTP client, the Apache client outside the MWAA module.
     */
    public List<String> forbidden() {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (Dependency d : dependencies()) {
            ids.add(d.groupId() + ":" + d.artifactId());
            if (d.groupId().equals("io.netty") || d.artifactId().startsWith("netty-")) {
                problems.add(d.coordinates() + ": Netty (the SDK's async client) is never needed by a synchronous handler");
            }
            if (d.artifactId().equals("aws-crt") || d.artifactId().equals("aws-crt-client")) {
                problems.add(d.coordinates() + ": the AWS CRT is a large native library; use the URL-connection client");
            }
        }
        boolean apache = ids.contains("software.amazon.awssdk:apache-client");
        boolean urlConnection = ids.contains("software.amazon.awssdk:url-connection-client");
        if (apache && !module.equals(APACHE_ALLOWED_MODULE)) {
            problems.add("software.amazon.awssdk:apache-client: only " + APACHE_ALLOWED_MODULE
                    + " (MWAA's PATCH) may use the Apache HTTP client; exclude it from the service module");
        }
        if (apache && urlConnection) {
            problems.add("apache-client and url-connection-client: one HTTP client per function; exclude the other");
        }
        for (String prefix : packagesIn()) {
            if (prefix.startsWith("io/netty/")) {
                problems.add("artifact contains " + prefix + " (Netty)");
            } else if (prefix.startsWith("software/amazon/awssdk/crt/")) {
                problems.add("artifact contains " + prefix + " (AWS CRT)");
            }
        }
        return problems;
    }

    private Set<String> packagesIn() {
        Set<String> prefixes = new TreeSet<>();
        for (Path jar : jars()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.stream().map(ZipEntry::getName)
                        .filter(n -> n.startsWith("io/netty/") || n.startsWith("software/amazon/awssdk/crt/"))
                        .map(n -> n.substring(0, n.indexOf('/', n.indexOf('/') + 1) + 1))
                        .forEach(prefixes::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return prefixes;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
