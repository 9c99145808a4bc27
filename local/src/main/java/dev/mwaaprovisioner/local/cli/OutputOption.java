package dev.mwaaprovisioner.local.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}: a table for people, or JSON for scripts. */
final class OutputOption {

    enum Format { text, json }

    @Option(names = "--output", paramLabel = "text|json", defaultValue = "text",
            description = "text (default) for people, json for scripts (the same fields, one document on standard "
                    + "output).")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
