package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mwaa-local validate}, run in-process as {@code java -jar mwaa-local.jar} runs it. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        return runWithInput(null, args);
    }

    private static Run runWithInput(String standardInput, String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        if (standardInput != null) {
            ValidateCommand validate = commandLine.getSubcommands().get("validate").getCommand();
            validate.standardInput = new ByteArrayInputStream(standardInput.getBytes(StandardCharsets.UTF_8));
        }
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Path example(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("examples").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no examples/" + name + " above " + Path.of("").toAbsolutePath());
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aValidFilePrintsItsNormalizedRequestAndExitsZero() throws IOException {
        Run run = run("validate", example("minimal.yaml").toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        JsonNode normalized = new ObjectMapper().readTree(run.out());
        assertThat(normalized.get("Name").asText()).isEqualTo("analytics-dev");
        assertThat(normalized.get("AirflowVersion").asText()).isEqualTo("2.10.3");
        assertThat(normalized.get("LoggingConfiguration").get("TaskLogs").get("LogLevel").asText()).isEqualTo("INFO");
        assertThat(run.out()).contains("\n  \"EnvironmentClass\" : \"mw1.small\",\n"); // pretty, for people
    }

    @Test
    void aNewcomersTypoWrongCidrAndWrongClassGiveExactlyThreeLinesAndExitOne() throws IOException {
        Path request = file("analytics-dev.yaml", """
                Name: analytics-dev
                SourceBucketArn: arn:aws:s3:::airflow-analytics-dev
                DagS3Path: dags
                EnvironmentClass: mw1.huge
                MaxWorker: 5
                Network:
                  VpcCIDR: 10.192.0.0/16
                  PublicSubnet1CIDR: 10.192.10.0/24
                  PublicSubnet2CIDR: 10.192.11.0/24
                  PrivateSubnet1CIDR: 10.192.300.0/24
                  PrivateSubnet2CIDR: 10.192.21.0/24
                """);

        Run run = run("validate", request.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly(
                "MaxWorker: unknown key; did you mean MaxWorkers?",
                "Network.PrivateSubnet1CIDR: \"10.192.300.0/24\" has the octet 300, above 255;"
                        + " write an IPv4 block such as 10.192.0.0/16",
                "EnvironmentClass: \"mw1.huge\" is not an environment class; choose one of mw1.micro, mw1.small,"
                        + " mw1.medium, mw1.large, mw1.xlarge, mw1.2xlarge");
    }

    @Test
    void severalFilesPrefixProblemsWithTheFileAndExitOneIfAnyIsInvalid() throws IOException {
        Path bad = file("bad.json", "{\"Name\": \"analytics-dev\"}");
        String good = example("existing-network.yaml").toString();

        Run run = run("validate", good, bad.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("\"SubnetIds\"");
        assertThat(run.errLines()).containsExactly(
                bad + ": SourceBucketArn: is required; give the ARN of the bucket that holds the DAGs, e.g. arn:aws:s3:::airflow-analytics-dev",
                bad + ": DagS3Path: is required; give the DAGs folder inside the bucket, e.g. dags",
                bad + ": Network: is required; give either VpcCIDR, PublicSubnet1CIDR, PublicSubnet2CIDR,"
                        + " PrivateSubnet1CIDR and PrivateSubnet2CIDR (a new network is created) or SubnetIds and"
                        + " SecurityGroupIds (an existing network is used)");
    }

    @Test
    void everyExampleIsValid() throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("validate"));
        try (var files = Files.list(example("minimal.yaml").getParent())) {
            files.sorted().forEach(p -> args.add(p.toString()));
        }

        Run run = run(args.toArray(String[]::new));

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
    }

    @Test
    void readsStandardInput() {
        Run run = runWithInput("Name: x\n", "validate", "-");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactly("SourceBucketArn", "DagS3Path", "Network");
    }

    @Test
    void aMissingFileIsAUsageError() {
        Run run = run("validate", dir.resolve("nope.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nope.yaml does not exist").contains("Usage: mwaa-local validate");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aFolderIsAUsageError() {
        Run run = run("validate", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is a folder");
    }

    @Test
    void noFileAndUnknownOptionsAreUsageErrors() {
        assertThat(run("validate").exitCode()).isEqualTo(2);
        Run unknown = run("validate", "--strict", example("minimal.yaml").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--strict'");
    }

    @Test
    void explainsItselfWithHelp() {
        Run help = run("validate", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: mwaa-local validate", "FILE", "Exit codes:", "1   at least one file is invalid");
        assertThat(run("--help").out()).contains("validate", "Check MWAA request files");
        assertThat(run("help", "validate").out()).contains("Usage: mwaa-local validate");
    }

    private static final String MINIMAL_NEW_NETWORK = """
            Name: analytics-prod
            SourceBucketArn: arn:aws:s3:::airflow-analytics-prod
            DagS3Path: dags
            Network:
              VpcCIDR: 10.192.0.0/16
              PublicSubnet1CIDR: 10.192.10.0/24
              PublicSubnet2CIDR: 10.192.11.0/24
              PrivateSubnet1CIDR: 10.192.20.0/24
              PrivateSubnet2CIDR: 10.192.21.0/24
            """;

    @Test
    void aRoleTheWorkflowMayNotPassIsRefusedAsTheWorkflowRefusesIt() throws IOException {
        Path request = file("role.yaml", MINIMAL_NEW_NETWORK
                + "ExecutionRoleArn: arn:aws:iam::000000000000:role/service-role/analytics-prod-mwaa\n");

        Run run = run("validate", request.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        // The very line the workflow's status carries (ValidateRequestOnCloudTest).
        assertThat(run.errLines()).singleElement().asString().startsWith("ExecutionRoleArn: the provisioner may pass to"
                + " MWAA only roles under the path /mwaa-provisioner/");
    }

    @Test
    void aKeyOfAnotherRegionIsRefusedForTheRegionGivenOrTheEmbeddedOne() throws IOException {
        Path request = file("key.yaml", MINIMAL_NEW_NETWORK
                + "KmsKey: arn:aws:kms:eu-central-1:000000000000:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\n");

        Run embedded = run("validate", request.toString());
        Run frankfurt = run("validate", "--region", "eu-central-1", request.toString());

        assertThat(embedded.exitCode()).isEqualTo(1);
        assertThat(embedded.errLines()).containsExactly("KmsKey: the key is in eu-central-1, but the environment is"
                + " created in us-east-1; MWAA needs a key of its own Region.");
        assertThat(frankfurt.exitCode()).as(frankfurt.err()).isZero();
        assertThat(frankfurt.out()).contains("\"KmsKey\" : \"arn:aws:kms:eu-central-1:");
    }

    @Test
    void aBucketOfAnotherPartitionIsRefused() throws IOException {
        Run china = run("validate", "--region", "cn-north-1", example("minimal.yaml").toString());

        assertThat(china.exitCode()).isEqualTo(1);
        assertThat(china.errLines()).containsExactly("SourceBucketArn: the bucket ARN is not in this account's"
                + " partition aws-cn.");
    }

    @Test
    void aRegionThatIsNoRegionIsAUsageError() {
        Run run = run("validate", "--region", "frankfurt", example("minimal.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--region frankfurt is not an AWS Region code");
    }

    @Test
    void theHelpSaysWhichChecksNeedAws() {
        Run help = run("validate", "--help");

        assertThat(help.out()).contains("--region", "Checked only by the workflow, because they need AWS:",
                "the source bucket exists", "SubnetIds exist", "the KmsKey exists", "ExecutionRoleArn exists",
                "not owned by another request file", "PlanChanges");
    }
}
