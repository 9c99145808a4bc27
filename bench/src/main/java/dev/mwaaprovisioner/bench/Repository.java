package dev.mwaaprovisioner.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checkout the benchmarks measure: found from the working directory upwards (the folder
 * holding template.yaml and functions/), so they run from the root or from bench/.
 */
public final class Repository {

    private final Path root;

    private Repository(Path root) {
        this.root = root;
    }

    public static Repository find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isDirectory(p.resolve("functions"))) {
                return new Repository(p);
            }
        }
        throw new IllegalStateException("No checkout of MWAA Provisioner (template.yaml and functions/) at or above "
                + dir + "; run the benchmarks from the repository root.");
    }

    /** The checkout at {@code root}, as found. */
    public static Repository at(Path root) {
        return new Repository(root.toAbsolutePath());
    }

    public Path root() {
        return root;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public Path template() {
        return root.resolve("template.yaml");
    }

    public Path makefile() {
        return root.resolve("Makefile");
    }

    public Path events() {
        return root.resolve("events");
    }

    /** What the cold-start baseline runs: bench/baseline's jar and all its dependencies. */
    public Path baselineLib() {
        return root.resolve("bench/baseline/target/lambda/lib");
    }

    /** The local runner jar. */
    public Path localJar() {
        return root.resolve("local/target/mwaa-local.jar");
    }
}
