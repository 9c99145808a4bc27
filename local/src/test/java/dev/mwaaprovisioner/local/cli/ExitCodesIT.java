package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes {@code java -jar mwaa-local.jar --help} documents, one run of the packaged jar per code. */
class ExitCodesIT {

    @Test
    void theHelpDocumentsEveryExitCode() throws Exception {
        JarRun help = JarRun.of("--help");

        assertThat(help.exit()).as(help.printed()).isZero();
        assertThat(help.printed()).contains("Exit codes (every command):", "0   done:", "1   failed:",
                "2   usage error:", "3   --endpoint cannot be used:");
    }

    @Test
    void zeroWhenDone() throws Exception {
        JarRun valid = JarRun.of("validate", "examples/full-options.yaml");

        assertThat(valid.exit()).as(valid.printed()).isZero();
    }

    @Test
    void oneWhenARequestIsRefused(@TempDir Path dir) throws Exception {
        Path request = Files.writeString(dir.resolve("role.yaml"), Files.readString(
                JarRun.ROOT.resolve("examples/minimal.yaml"))
                + "ExecutionRoleArn: arn:aws:iam::000000000000:role/service-role/analytics-dev\n");

        JarRun invalid = JarRun.of("validate", request.toString());

        assertThat(invalid.exit()).as(invalid.printed()).isEqualTo(1);
        assertThat(invalid.printed()).startsWith("ExecutionRoleArn: the provisioner may pass to MWAA only roles under"
                + " the path /mwaa-provisioner/");
    }

    @Test
    void twoForAUsageError() throws Exception {
        JarRun usage = JarRun.of("provision", "examples/no-such-request.yaml");

        assertThat(usage.exit()).as(usage.printed()).isEqualTo(2);
        assertThat(usage.printed()).contains("error: FILE examples/no-such-request.yaml: no such file.");
    }

    /** No credentials at all: one line with the fix, exit code 3 (not 1, which says the workflow failed). */
    @Test
    void threeWithoutCredentialsForAws(@TempDir Path home) throws Exception {
        Map<String, String> environment = new HashMap<>();
        for (String name : System.getenv().keySet()) {
            if (name.startsWith("AWS_")) {
                environment.put(name, null);
            }
        }
        environment.put("HOME", home.toString());
        environment.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        // The credential chain would ask the instance metadata service last; nothing here leaves the host.
        environment.put("AWS_EC2_METADATA_DISABLED", "true");

        JarRun run = JarRun.of(environment, "provision", "examples/minimal.yaml", "--endpoint", "aws", "--region",
                "us-east-1", "--config-bucket", "mwaa-provisioner-config");

        assertThat(run.exit()).as(run.printed()).isEqualTo(3);
        assertThat(run.printed().lines()).as(run.printed()).singleElement().asString()
                .startsWith("error: No AWS credentials for AWS (us-east-1): set AWS_ACCESS_KEY_ID");
    }
}
