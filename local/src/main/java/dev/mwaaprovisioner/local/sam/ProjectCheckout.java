package dev.mwaaprovisioner.local.sam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's checkout: the folder holding {@code template.yaml}, next to {@code statemachine/}
 * and {@code events/}. The local commands read these files where they are, never a copy, so what
 * runs locally is what {@code sam deploy} deploys.
 */
public final class ProjectCheckout {

    public static final String TEMPLATE = "template.yaml";
    public static final String EVENTS = "events";

    private final Path root;

    private ProjectCheckout(Path root) {
        this.root = root;
    }

    /**
     * The checkout that contains {@code start}: {@code start} itself or the nearest parent folder
     * holding {@code template.yaml}.
     *
     * @throws CheckoutNotFoundException when no folder up to the file system root holds one
     */
    public static ProjectCheckout enclosing(Path start) {
        Path absolute = start.toAbsolutePath().normalize();
        for (Path dir = absolute; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(TEMPLATE))) {
                return new ProjectCheckout(dir);
            }
        }
        throw new CheckoutNotFoundException("No " + TEMPLATE + " in " + absolute + " or any folder above it: run the "
                + "command inside the MWAA Provisioner checkout, or give it with --project-dir.");
    }

    /**
     * The checkout at {@code dir}, which must hold {@code template.yaml} (as given with {@code --project-dir}).
     *
     * @throws CheckoutNotFoundException when it does not
     */
    public static ProjectCheckout at(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw new CheckoutNotFoundException("--project-dir " + dir + ": no such folder; give the folder that holds "
                    + TEMPLATE + ".");
        }
        if (!Files.isRegularFile(absolute.resolve(TEMPLATE))) {
            throw new CheckoutNotFoundException("--project-dir " + dir + ": there is no " + TEMPLATE + " in "
                    + absolute + "; give the folder of the MWAA Provisioner checkout that holds it.");
        }
        return new ProjectCheckout(absolute);
    }

    /** {@link #at} when a folder is given, otherwise {@link #enclosing} the working directory. */
    public static ProjectCheckout locate(Path projectDir) {
        return projectDir != null ? at(projectDir) : enclosing(Path.of(""));
    }

    public Path root() {
        return root;
    }

    public Path template() {
        return root.resolve(TEMPLATE);
    }

    public Path events() {
        return root.resolve(EVENTS);
    }

    /** The template's text. */
    public String readTemplate() {
        return read(template());
    }

    /**
     * A file the template names by a path relative to the checkout (as SAM resolves {@code CodeUri}
     * and {@code DefinitionUri} against the template's folder). Paths that leave the checkout are refused.
     *
     * @param property what names the file, for messages, e.g. {@code ProvisioningStateMachine.DefinitionUri}
     */
    public Path resolve(String relative, String property) {
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root)) {
            throw new SamTemplateException(property + ": '" + relative + "' leads outside the checkout " + root
                    + "; name a path inside it.");
        }
        return resolved;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }

    /** No checkout where one was looked for. */
    public static final class CheckoutNotFoundException extends RuntimeException {
        public CheckoutNotFoundException(String message) {
            super(message);
        }
    }
}
