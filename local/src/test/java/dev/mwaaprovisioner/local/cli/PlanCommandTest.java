package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.cloud.RequestLog;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.runner.EmbeddedProvisioning;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code plan FILE --endpoint URL} against a running deployment of the application (as {@code up}
 * runs it) where environments were provisioned through the workflow: a new file is a creation, an
 * edit an update with its field lines, the same file nothing, a change MWAA cannot make and an
 * invalid file are refused with the field and the fix. Every plan is shown to change nothing: the
 * local cloud served only Get/Describe/List/Head calls meanwhile, and its inventory is the same
 * before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MINIMAL = """
            Name: %s
            SourceBucketArn: arn:aws:s3:::airflow-%s
            DagS3Path: dags
            Network:
              VpcCIDR: 10.192.0.0/16
              PublicSubnet1CIDR: 10.192.10.0/24
              PublicSubnet2CIDR: 10.192.11.0/24
              PrivateSubnet1CIDR: 10.192.20.0/24
              PrivateSubnet2CIDR: 10.192.21.0/24
            """;

    LocalApplication app;
    String endpoint;
    S3Client s3;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void deploy() {
        app = LocalApplication.start(ProjectCheckout.enclosing(Path.of("")), LocalApplication.config().withTimeScale(2000));
        endpoint = app.cloud().endpoint().toString();
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), app.cloud());
    }

    @AfterAll
    void stop() {
        s3.close();
        app.close();
    }

    @Test
    void aNewFileIsACreationOfEveryResource(@TempDir Path dir) throws Exception {
        Path file = write(dir, "plan-new.yaml", minimal("plan-new"));
        CommandRun run = plannedWithoutChanges(file);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).as(run.toString())
                .contains("Plan for " + file + " as s3://" + app.configBucket() + "/requests/plan-new.yaml on " + endpoint)
                .contains("Create: environment plan-new is provisioned:")
                .contains("  Network: stack mwaa-plan-new-network with VPC 10.192.0.0/16")
                .contains("  ExecutionRole: role mwaa-plan-new-execution with policy mwaa-plan-new-execution-policy -> create")
                .contains("  Environment: plan-new (")
                .contains("Nothing was uploaded or changed.");
        assertThat(s3.listObjectsV2(r -> r.bucket(app.configBucket()).prefix("requests/plan-new")).contents())
                .as("nothing uploaded").isEmpty();
    }

    @Test
    void theSameFileIsNothingAnEditIsAnUpdateWithItsFieldLines(@TempDir Path dir) throws Exception {
        String request = minimal("plan-edit") + "MaxWorkers: 3\nAirflowConfigurationOptions:\n  core.secret_thing: first-secret-value\n";
        Path file = write(dir, "plan-edit.yaml", request);
        provision(file);

        CommandRun same = plannedWithoutChanges(file);
        assertThat(same.exitCode()).as(same.toString()).isZero();
        assertThat(same.out()).as(same.toString()).contains("Nothing to do: environment plan-edit is as " + file
                + " asks (AVAILABLE).");

        Files.writeString(file, request.replace("MaxWorkers: 3", "MaxWorkers: 7")
                .replace("first-secret-value", "second-secret-value") + "  core.added_option: third-secret-value\n");
        CommandRun edit = plannedWithoutChanges(file);
        assertThat(edit.exitCode()).as(edit.toString()).isZero();
        assertThat(edit.out()).as(edit.toString())
                .contains("Update: environment plan-edit changes in place (2 changes):")
                .contains("  MaxWorkers: 3 -> 7")
                .contains("  AirflowConfigurationOptions: added core.added_option; changed core.secret_thing (values not shown)")
                .doesNotContain("secret-value");

        CommandRun json = plannedWithoutChanges(file, "--output", "json");
        JsonNode plan = JSON.readTree(json.out());
        assertThat(plan.path("Action").asText()).as(json.toString()).isEqualTo("Update");
        assertThat(plan.path("Name").asText()).isEqualTo("plan-edit");
        assertThat(plan.path("RequestUri").asText()).isEqualTo("s3://" + app.configBucket() + "/requests/plan-edit.yaml");
        assertThat(plan.path("Details")).extracting(JsonNode::asText).contains("MaxWorkers: 3 -> 7");
        assertThat(json.out()).doesNotContain("secret-value");
    }

    @Test
    void aChangeMwaaCannotMakeIsRefusedWithTheFieldAndTheFix(@TempDir Path dir) throws Exception {
        Path file = write(dir, "plan-network.yaml", minimal("plan-network"));
        provision(file);
        Files.writeString(file, minimal("plan-network").replace("VpcCIDR: 10.192.0.0/16", "VpcCIDR: 10.192.0.0/17"));
        CommandRun run = plannedWithoutChanges(file);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as(run.toString())
                .contains("Refused: environment plan-network cannot change in place as " + file)
                .contains("  Network.VpcCIDR: is 10.192.0.0/16 (stack mwaa-plan-network-network), the request says "
                        + "10.192.0.0/17; an environment's network cannot change after creation.")
                .contains("delete the request (which removes the environment) and upload the changed one as a new request");
    }

    @Test
    void anInvalidFileIsRefusedNamingTheField(@TempDir Path dir) throws Exception {
        Path file = write(dir, "plan-invalid.yaml", minimal("plan-invalid") + "MaxWorkers: 0\n");
        CommandRun run = plannedWithoutChanges(file);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as(run.toString())
                .contains("Refused: " + file + " is not a valid request; the workflow would change nothing.")
                .containsPattern("(?m)^  MaxWorkers: .*0");
    }

    @Test
    void aNameAnotherFileOwnsIsRefusedNamingTheOwner(@TempDir Path dir) throws Exception {
        Path owner = write(dir, "plan-owner.yaml", minimal("plan-owned"));
        provision(owner);
        Path other = write(dir, "plan-other.yaml", minimal("plan-owned") + "MaxWorkers: 4\n");
        CommandRun run = plannedWithoutChanges(other);
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).as(run.toString())
                .contains("Refused: environment name plan-owned is owned by s3://" + app.configBucket()
                        + "/requests/plan-owner.yaml")
                .contains("not by s3://" + app.configBucket() + "/requests/plan-other.yaml. Give this request another Name");
    }

    @Test
    void aStackThatIsNotThereIsAUsageErrorNamingTheOptions(@TempDir Path dir) throws Exception {
        Path file = write(dir, "plan-nostack.yaml", minimal("plan-nostack"));
        CommandRun run = CommandRun.of("plan", file.toString(), "--endpoint", endpoint, "--stack-name", "other-stack");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("error: No stack other-stack on " + endpoint, "--stack-name", "--config-bucket");
    }

    // ----------------------------------------------------------------------------------------

    /**
     * Runs {@code plan FILE --endpoint <the deployment>} and checks it changed nothing: every
     * request the cloud served meanwhile is a read, and the inventory is as before.
     */
    private CommandRun plannedWithoutChanges(Path file, String... more) throws Exception {
        synchronized (this) { // the request log is the cloud's: one plan at a time reads it alone
            String before = inventory();
            int served = app.cloud().requestLog().entries().size();
            List<String> args = new java.util.ArrayList<>(List.of("plan", file.toString(), "--endpoint", endpoint));
            args.addAll(List.of(more));
            CommandRun run = CommandRun.of(args.toArray(String[]::new));
            List<RequestLog.Entry> calls = app.cloud().requestLog().entries();
            List<String> operations = calls.subList(served, calls.size()).stream()
                    .map(e -> e.service() + ":" + e.operation()).toList();
            assertThat(operations).as("the plan's calls").isNotEmpty()
                    .allMatch(op -> op.matches("[a-z0-9-]+:(Get|Describe|List|Head)[A-Za-z0-9]*"), "a read");
            assertThat(inventory()).as("the cloud after the plan").isEqualTo(before);
            return run;
        }
    }

    private String inventory() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_local/inventory")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private void provision(Path file) throws InterruptedException {
        byte[] request;
        try {
            request = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        StringWriter progress = new StringWriter();
        EmbeddedProvisioning provisioning = new EmbeddedProvisioning(app, new PrintWriter(progress, true));
        provisioning.createReferencedResources(request, file.toString());
        assertThat(provisioning.provision(request, EmbeddedProvisioning.REQUEST_PREFIX + file.getFileName()).available())
                .as(progress.toString()).isTrue();
    }

    private static String minimal(String name) {
        return MINIMAL.formatted(name, name);
    }

    private static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
