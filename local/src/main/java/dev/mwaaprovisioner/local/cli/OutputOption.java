package dev.mwaaprovisioner.local.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.io.PrintWriter;
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

    /** Prints {@code value} as the one indented JSON document {@code --output json} promises. */
    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(WorkflowJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
