package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.workflow.StateMachineDiagram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code diagram}: prints the state machine as a Mermaid flowchart, or refreshes the copy in docs/how-it-works.md. */
@Command(name = "diagram", mixinStandardHelpOptions = true,
        description = "Print the provisioning state machine as a Mermaid flowchart, or refresh a document's copy (docs/how-it-works.md).")
public final class DiagramCommand implements Callable<Integer> {

    @Option(names = "--asl", defaultValue = "statemachine/provision.asl.json",
            description = "State machine definition (default: ${DEFAULT-VALUE}).")
    Path asl;

    @Option(names = {"--update", "--update-readme"}, paramLabel = "FILE",
            description = "Rewrite the diagram block of this Markdown file (docs/how-it-works.md) instead of printing.")
    Path document;

    @Override
    public Integer call() throws Exception {
        if (document != null) {
            StateMachineDiagram.updateDocument(document, asl);
            System.out.println("Updated the state machine diagram in " + document);
        } else {
            System.out.print(StateMachineDiagram.mermaid(Files.readString(asl, StandardCharsets.UTF_8)));
        }
        return 0;
    }
}
