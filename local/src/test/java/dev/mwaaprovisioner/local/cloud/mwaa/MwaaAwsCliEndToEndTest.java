package dev.mwaaprovisioner.local.cloud.mwaa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.documents.EnvironmentScope;
import dev.mwaaprovisioner.common.documents.ExecutionRolePolicy;
import dev.mwaaprovisioner.common.documents.ExecutionRoleTrustPolicy;
import dev.mwaaprovisioner.common.documents.KeyPolicyLogsAccess;
import dev.mwaaprovisioner.common.documents.KmsKeyArn;
import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cloud driven end to end by a real AWS CLI, as a user would drive AWS: the network stack
 * from the project's template, the execution role with the project's trust and execution policies,
 * a customer managed key with the "Allow logs access" statement, a versioned bucket, and an MWAA
 * environment in the stack's private subnets, polled to AVAILABLE; then everything read back.
 * Needs {@code aws} on the PATH (CI installs it).
 */
class MwaaAwsCliEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "us-east-1";
    private static final String ENVIRONMENT = "e2e-analytics";
    private static final String BUCKET = "e2e-analytics-dags";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(60);

    private static LocalCloud cloud;
    private static String awsExecutable;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        awsExecutable = AwsCli.executable();
        // 25 simulated minutes of environment creation take half a real second.
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(3000));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void provisionsAnEnvironmentWithTheAwsCli() throws Exception {
        // 1. The network stack, from the template file the project ships.
        Path template = dir.resolve("mwaa-network.yaml");
        try (InputStream in = NetworkTemplate.class.getClassLoader().getResourceAsStream(NetworkTemplate.RESOURCE_PATH)) {
            assertThat(in).as("classpath resource " + NetworkTemplate.RESOURCE_PATH).isNotNull();
            Files.copy(in, template);
        }
        String stackName = NetworkTemplate.stackName(ENVIRONMENT);
        aws("cloudformation", "create-stack", "--stack-name", stackName,
                "--template-body", template.toUri().toString(),
                "--parameters", "ParameterKey=" + NetworkTemplate.PARAM_ENVIRONMENT_NAME + ",ParameterValue=" + ENVIRONMENT);
        JsonNode stack = poll("stack " + stackName, () -> aws("cloudformation", "describe-stacks", "--stack-name", stackName)
                .get("Stacks").get(0), s -> !s.get("StackStatus").asText().endsWith("_IN_PROGRESS"));
        assertThat(stack.get("StackStatus").asText()).isEqualTo("CREATE_COMPLETE");
        Map<String, String> outputs = new java.util.HashMap<>();
        stack.get("Outputs").forEach(o -> outputs.put(o.get("OutputKey").asText(), o.get("OutputValue").asText()));
        String subnet1 = outputs.get(NetworkTemplate.OUTPUT_PRIVATE_SUBNET_1);
        String subnet2 = outputs.get(NetworkTemplate.OUTPUT_PRIVATE_SUBNET_2);
        String securityGroup = outputs.get(NetworkTemplate.OUTPUT_SECURITY_GROUP_ID);
        assertThat(subnet1).startsWith("subnet-");
        assertThat(subnet2).startsWith("subnet-").isNotEqualTo(subnet1);
        assertThat(securityGroup).startsWith("sg-");

        // 2. A customer managed key, its policy merged with the "Allow logs access" statement.
        String account = cloud.accountId();
        EnvironmentScope scope = EnvironmentScope.of(REGION, account, ENVIRONMENT);
        JsonNode key = aws("kms", "create-key", "--description", "MWAA " + ENVIRONMENT).get("KeyMetadata");
        String keyArn = key.get("Arn").asText();
        String keyId = key.get("KeyId").asText();
        String defaultPolicy = aws("kms", "get-key-policy", "--key-id", keyId, "--policy-name", "default")
                .get("Policy").asText();
        String mergedPolicy = KeyPolicyLogsAccess.upsert(defaultPolicy, scope.partition(), REGION, account);
        aws("kms", "put-key-policy", "--key-id", keyId, "--policy-name", "default",
                "--policy", file("key-policy.json", mergedPolicy));

        // 3. The execution role: the project's trust policy and, inline, its execution policy.
        String roleName = ENVIRONMENT + "-execution-role";
        ObjectNode trust = ExecutionRoleTrustPolicy.forEnvironment(scope);
        String roleArn = aws("iam", "create-role", "--role-name", roleName,
                "--assume-role-policy-document", file("trust.json", JSON.writeValueAsString(trust)))
                .get("Role").get("Arn").asText();
        ObjectNode executionPolicy = ExecutionRolePolicy.forCustomerManagedKey(scope, BUCKET, KmsKeyArn.parse(keyArn));
        aws("iam", "put-role-policy", "--role-name", roleName, "--policy-name", ENVIRONMENT + "-execution-policy",
                "--policy-document", file("execution-policy.json", JSON.writeValueAsString(executionPolicy)));

        // 4. The source bucket: versioned, public access blocked.
        aws("s3api", "create-bucket", "--bucket", BUCKET);
        aws("s3api", "put-bucket-versioning", "--bucket", BUCKET, "--versioning-configuration", "Status=Enabled");
        aws("s3api", "put-public-access-block", "--bucket", BUCKET, "--public-access-block-configuration",
                "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true");

        // 5. The environment, in the stack's private subnets, polled to AVAILABLE.
        String environmentArn = aws("mwaa", "create-environment", "--name", ENVIRONMENT,
                "--execution-role-arn", roleArn,
                "--source-bucket-arn", "arn:aws:s3:::" + BUCKET,
                "--dag-s3-path", "dags",
                "--kms-key", keyArn,
                "--environment-class", "mw1.micro",
                "--airflow-version", "2.10.3",
                "--network-configuration", "SubnetIds=" + subnet1 + "," + subnet2 + ",SecurityGroupIds=" + securityGroup,
                "--tags", "team=data").get("Arn").asText();
        assertThat(environmentArn).isEqualTo("arn:aws:airflow:us-east-1:" + account + ":environment/" + ENVIRONMENT);
        List<String> seen = new ArrayList<>();
        JsonNode environment = poll("environment " + ENVIRONMENT, () -> {
            JsonNode env = aws("mwaa", "get-environment", "--name", ENVIRONMENT).get("Environment");
            seen.add(env.get("Status").asText());
            return env;
        }, env -> !List.of("CREATING", "PENDING").contains(env.get("Status").asText()));
        assertThat(environment.get("Status").asText()).as("statuses seen " + seen).isEqualTo("AVAILABLE");
        assertThat(environment.get("LastUpdate").get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(environment.get("WebserverUrl").asText()).endsWith(".us-east-1.airflow.amazonaws.com");
        assertThat(environment.get("KmsKey").asText()).isEqualTo(keyArn);
        assertThat(environment.get("ExecutionRoleArn").asText()).isEqualTo(roleArn);
        assertThat(environment.get("NetworkConfiguration").get("SubnetIds").toString())
                .isEqualTo(JSON.createArrayNode().add(subnet1).add(subnet2).toString());
        assertThat(environment.get("NetworkConfiguration").get("SecurityGroupIds").get(0).asText()).isEqualTo(securityGroup);
        assertThat(environment.get("EnvironmentClass").asText()).isEqualTo("mw1.micro");
        assertThat(environment.get("Schedulers").asInt()).isEqualTo(1);
        assertThat(environment.get("Tags").get("team").asText()).isEqualTo("data");

        // 6. Read everything back: the CLI decodes IAM's URL-encoded documents into JSON.
        JsonNode role = aws("iam", "get-role", "--role-name", roleName).get("Role");
        assertThat(role.get("AssumeRolePolicyDocument")).isEqualTo(trust);
        JsonNode rolePolicy = aws("iam", "get-role-policy", "--role-name", roleName,
                "--policy-name", ENVIRONMENT + "-execution-policy");
        assertThat(rolePolicy.get("PolicyDocument")).isEqualTo(executionPolicy);
        JsonNode keyPolicy = JSON.readTree(aws("kms", "get-key-policy", "--key-id", keyArn, "--policy-name", "default")
                .get("Policy").asText());
        assertThat(keyPolicy).isEqualTo(JSON.readTree(mergedPolicy));
        assertThat(KeyPolicyLogsAccess.isPresent(keyPolicy.toString(), scope.partition(), REGION, account)).isTrue();
        assertThat(keyPolicy.get("Statement").size()).as("the root statement is kept").isGreaterThan(1);

        // 7. The environment's network interfaces are in the stack's subnets: deleting the stack under
        // it ends DELETE_FAILED, each subnet on EC2's DependencyViolation, as on AWS.
        aws("cloudformation", "delete-stack", "--stack-name", stackName);
        JsonNode deleting = poll("stack " + stackName, () -> aws("cloudformation", "describe-stacks", "--stack-name",
                stackName).get("Stacks").get(0), st -> !st.get("StackStatus").asText().endsWith("_IN_PROGRESS"));
        assertThat(deleting.get("StackStatus").asText()).isEqualTo("DELETE_FAILED");
        List<String> failed = new ArrayList<>();
        aws("cloudformation", "describe-stack-resources", "--stack-name", stackName).get("StackResources").forEach(r -> {
            if (r.get("ResourceStatus").asText().equals("DELETE_FAILED")) {
                failed.add(r.get("LogicalResourceId").asText() + ": " + r.path("ResourceStatusReason").asText());
            }
        });
        assertThat(failed).isNotEmpty().allMatch(f -> f.contains("has dependencies and cannot be deleted"))
                .anyMatch(f -> f.startsWith("PrivateSubnet1"));
    }

    // --- running the CLI ---

    private String file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path.toUri().toString();
    }

    /** Runs {@code aws <args> --output json} against the local cloud; returns its JSON output ({} when none). */
    private JsonNode aws(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(awsExecutable);
        command.addAll(List.of(args));
        command.add("--output");
        command.add("json");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        Map<String, String> env = builder.environment();
        env.put("AWS_ENDPOINT_URL", cloud.endpoint().toString());
        env.put("AWS_DISABLE_HOST_PREFIX_INJECTION", "true");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", REGION);
        env.remove("AWS_PROFILE");
        env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        env.put("AWS_PAGER", "");
        Process process = builder.start();
        process.getOutputStream().close();
        var stdout = readAsync(process.getInputStream());
        var stderr = readAsync(process.getErrorStream());
        if (!process.waitFor(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("aws " + String.join(" ", args) + " did not finish within " + CALL_TIMEOUT);
        }
        String out = stdout.join();
        if (process.exitValue() != 0) {
            throw new AssertionError("aws " + String.join(" ", args) + " failed (exit " + process.exitValue() + "): "
                    + stderr.join() + out);
        }
        return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
    }

    private static java.util.concurrent.CompletableFuture<String> readAsync(InputStream in) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        });
    }

    private interface Call {
        JsonNode get() throws Exception;
    }

    /** Calls until the result is done, with a short pause between calls, for at most {@link #POLL_TIMEOUT}. */
    private static JsonNode poll(String what, Call call, java.util.function.Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(POLL_TIMEOUT);
        while (true) {
            JsonNode result = call.get();
            if (done.test(result)) {
                return result;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not settle within " + POLL_TIMEOUT + ": " + result);
            }
            Thread.sleep(100);
        }
    }
}
