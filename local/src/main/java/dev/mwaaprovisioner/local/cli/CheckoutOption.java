package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --project-dir}: where template.yaml, statemachine/ and events/ are read from. */
final class CheckoutOption {

    @Option(names = "--project-dir", paramLabel = "DIR",
            description = "The MWAA Provisioner checkout (the folder holding template.yaml). "
                    + "Default: the nearest folder holding template.yaml, from the working directory up.")
    Path projectDir;

    ProjectCheckout checkout() {
        return ProjectCheckout.locate(projectDir);
    }
}
