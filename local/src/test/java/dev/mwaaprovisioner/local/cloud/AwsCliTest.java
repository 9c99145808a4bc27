package dev.mwaaprovisioner.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the local cloud with the real AWS CLI found on PATH (the 1.x CLI, or Debian's 2.x),
 * configured only through the environment and {@code --endpoint-url}, as the README tells users.
 */
class AwsCliTest {

    static LocalCloud cloud;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        assumeTrue(awsCliAvailable(), "the AWS CLI is not on PATH (CI installs it)");
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void s3ObjectsRoundTrip() throws Exception {
        Path request = Files.writeString(dir.resolve("dev.yaml"), "Name: analytics-dev\nDagS3Path: dags\n");
        aws("s3api", "create-bucket", "--bucket", "cli-bucket");
        JsonNode put = aws("s3api", "put-object", "--bucket", "cli-bucket", "--key", "requests/dev.yaml", "--body", request.toString());
        assertThat(put.get("ETag").asText()).startsWith("\"").hasSize(34);
        Path out = dir.resolve("out.yaml");
        JsonNode got = aws("s3api", "get-object", "--bucket", "cli-bucket", "--key", "requests/dev.yaml", out.toString());
        assertThat(got.get("ETag").asText()).isEqualTo(put.get("ETag").asText());
        assertThat(Files.readString(out)).isEqualTo(Files.readString(request));
    }

    @Test
    void iamRoleWithAnInlinePolicy() throws Exception {
        Path trust = Files.writeString(dir.resolve("trust.json"), """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                  "Principal": {"Service": ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]}, "Action": "sts:AssumeRole"}]}""");
        Path policy = Files.writeString(dir.resolve("policy.json"), """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject*",
                  "Resource": "arn:aws:s3:::cli-bucket/*"}]}""");
        JsonNode role = aws("iam", "create-role", "--role-name", "cli-role", "--assume-role-policy-document", "file://" + trust);
        assertThat(role.at("/Role/Arn").asText()).isEqualTo("arn:aws:iam::000000000000:role/cli-role");
        aws("iam", "put-role-policy", "--role-name", "cli-role", "--policy-name", "execution", "--policy-document", "file://" + policy);
        // The CLI decodes IAM's URL-encoded documents and prints them as JSON.
        JsonNode got = aws("iam", "get-role-policy", "--role-name", "cli-role", "--policy-name", "execution");
        assertThat(got.get("PolicyDocument")).isEqualTo(Json.parse(Files.readString(policy)));
        assertThat(aws("iam", "get-role", "--role-name", "cli-role").at("/Role/AssumeRolePolicyDocument"))
                .isEqualTo(Json.parse(Files.readString(trust)));
    }

    @Test
    void kmsKeyPolicy() throws Exception {
        String keyId = aws("kms", "create-key", "--description", "cli key").at("/KeyMetadata/KeyId").asText();
        JsonNode defaultPolicy = Json.parse(aws("kms", "get-key-policy", "--key-id", keyId, "--policy-name", "default")
                .get("Policy").asText());
        assertThat(defaultPolicy.at("/Statement/0/Principal/AWS").asText()).isEqualTo("arn:aws:iam::000000000000:root");

        String newPolicy = """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
                   "Action": "kms:*", "Resource": "*"},
                  {"Sid": "Allow logs access", "Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
                   "Action": ["kms:Encrypt*", "kms:Decrypt*"], "Resource": "*"}]}""";
        Path file = Files.writeString(dir.resolve("key-policy.json"), newPolicy);
        aws("kms", "put-key-policy", "--key-id", keyId, "--policy-name", "default", "--policy", "file://" + file);
        assertThat(aws("kms", "get-key-policy", "--key-id", keyId, "--policy-name", "default").get("Policy").asText())
                .isEqualTo(newPolicy);
    }

    /** Since April 2023 a new bucket starts with all four Block Public Access settings on, with no Put. */
    @Test
    void aNewBucketBlocksPublicAccess() throws Exception {
        aws("s3api", "create-bucket", "--bucket", "cli-new-bucket");
        JsonNode config = aws("s3api", "get-public-access-block", "--bucket", "cli-new-bucket")
                .get("PublicAccessBlockConfiguration");
        assertThat(List.of("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"))
                .allSatisfy(setting -> assertThat(config.path(setting).asBoolean()).as(setting).isTrue());
        aws("s3api", "delete-public-access-block", "--bucket", "cli-new-bucket");
        assertThat(run("s3api", "get-public-access-block", "--bucket", "cli-new-bucket").stderr())
                .contains("NoSuchPublicAccessBlockConfiguration");
    }

    /** PutEvents refuses a request over 256 KB, and custom events claiming an aws.* source. */
    @Test
    void putEventsRefusesOversizedEntriesAndAwsSources() throws Exception {
        String big = "{\"padding\":\"" + "x".repeat(256 * 1024) + "\"}";
        Path entries = Files.writeString(dir.resolve("big.json"), Json.MAPPER.writeValueAsString(List.of(
                Map.of("Source", "mwaa-provisioner", "DetailType", "Environment Provisioned", "Detail", big))));
        CliResult tooBig = run("events", "put-events", "--entries", entries.toUri().toString());
        assertThat(tooBig.exitCode()).isNotZero();
        assertThat(tooBig.stderr()).contains("ValidationException").contains("over the limit");

        Path claimed = Files.writeString(dir.resolve("aws-source.json"), Json.MAPPER.writeValueAsString(List.of(
                Map.of("Source", "aws.s3", "DetailType", "Object Created", "Detail", "{}"),
                Map.of("Source", "mwaa-provisioner", "DetailType", "Environment Provisioned", "Detail", "{}"))));
        JsonNode result = aws("events", "put-events", "--entries", claimed.toUri().toString());
        assertThat(result.get("FailedEntryCount").asInt()).isEqualTo(1);
        assertThat(result.get("Entries").get(0).get("ErrorCode").asText()).isEqualTo("NotAuthorizedForSourceException");
        assertThat(result.get("Entries").get(1).has("EventId")).isTrue();
    }

    @Test
    void errorsReachTheCliWithTheirCode() throws Exception {
        CliResult result = run("iam", "get-role", "--role-name", "no-such-role");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("NoSuchEntity").contains("The role with name no-such-role cannot be found.");
    }

    record CliResult(int exitCode, String stdout, String stderr) {}

    private JsonNode aws(String... args) throws Exception {
        CliResult result = run(args);
        assertThat(result.exitCode()).as("aws %s failed: %s", String.join(" ", args), result.stderr()).isZero();
        return result.stdout().isBlank() ? Json.object() : Json.parse(result.stdout());
    }

    private CliResult run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", cloud.endpoint().toString(), "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ENDPOINT_URL", cloud.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_DISABLE_HOST_PREFIX_INJECTION", "true");
        env.put("AWS_PAGER", "");
        env.remove("AWS_PROFILE");
        env.remove("AWS_SESSION_TOKEN");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new CliResult(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }

    static boolean awsCliAvailable() {
        try {
            Process p = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
