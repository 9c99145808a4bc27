package dev.mwaaprovisioner.local.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.common.documents.CloudFormationYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The deployed files of the checkout, read as the deployment reads them (never a copy). */
final class RepositoryFiles {

    static final Path ROOT = findRoot();
    static final Path TEMPLATE = ROOT.resolve("template.yaml");
    static final Path STATE_MACHINE = ROOT.resolve("statemachine/provision.asl.json");
    static final Path EVENTS = ROOT.resolve("events");
    static final Path MAKEFILE = ROOT.resolve("Makefile");
    static final Path README = ROOT.resolve("README.md");
    static final Path DOCS = ROOT.resolve("docs");
    static final Path HOW_IT_WORKS = DOCS.resolve("how-it-works.md");

    private static final ObjectMapper JSON = new ObjectMapper();

    private RepositoryFiles() {
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static Map<String, Object> template() {
        return CloudFormationYaml.parseTemplate(read(TEMPLATE));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Logical ID to resource of every resource of a type. */
    static Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        map(template().get("Resources")).forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No template.yaml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
