package dev.mwaaprovisioner.common.request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's own files that tests check: the published schema and the examples. */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** The repository root: the nearest folder above the working directory with a {@code schema/} folder. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("schema")) && Files.isDirectory(dir.resolve("examples"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root with schema/ and examples/ above " + Path.of("").toAbsolutePath());
    }

    static Path schema() {
        return root().resolve("schema/provisioning-request.schema.json");
    }

    /** Every request file under {@code examples/}. */
    static List<Path> examples() {
        try (Stream<Path> files = Files.list(root().resolve("examples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
