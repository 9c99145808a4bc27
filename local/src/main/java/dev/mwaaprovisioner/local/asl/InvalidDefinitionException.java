package dev.mwaaprovisioner.local.asl;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A state machine definition that cannot run. The message is the one Step Functions puts in its
 * {@code InvalidDefinition} error, e.g.
 * {@code Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Foo at /States/Bar/Next'}.
 */
public final class InvalidDefinitionException extends Exception {

    private final List<Diagnostic> diagnostics;

    public InvalidDefinitionException(List<Diagnostic> diagnostics) {
        super("Invalid State Machine Definition: '"
                + diagnostics.stream().map(Diagnostic::render).collect(Collectors.joining(", ")) + "'");
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
