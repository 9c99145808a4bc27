package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.common.documents.BucketArn;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What an example request refers to, made to exist in the local account, as a user has it in
 * theirs before dropping the request: the source bucket (versioned, public access blocked); for
 * {@code KmsKey}, a customer-managed key of this account and Region; for {@code ExecutionRoleArn},
 * a role under the path the provisioner may pass; for existing {@code SubnetIds}, a network stack
 * made from the project's network template. The request is rewritten to name them (and, with a
 * suffix, under another Name), and returned as JSON.
 */
final class ExampleWorld {

    static final Path EXAMPLES = dev.mwaaprovisioner.local.sam.ProjectCheckout.enclosing(Path.of("")).root()
            .resolve("examples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRUST = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"Service": ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]},
              "Action": "sts:AssumeRole"}]}""";

    /** A request ready to drop, and what the test should find once it is provisioned. */
    record Prepared(String name, byte[] json, String keyArn, String providedRoleArn, List<String> existingSubnets) {
        boolean createsNetwork() {
            return existingSubnets == null;
        }
    }

    private final LocalCloud cloud;

    ExampleWorld(LocalCloud cloud) {
        this.cloud = cloud;
    }

    static List<Path> examples() {
        try (var files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().matches(".*\\.(ya?ml|json)$")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    Prepared prepare(Path example, String nameSuffix) {
        Map<String, Object> request;
        try {
            request = new LinkedHashMap<>((Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(Files.readString(example)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = request.get("Name") + nameSuffix;
        request.put("Name", name);
        String bucket = BucketArn.parse((String) request.get("SourceBucketArn")).bucketName();
        try (S3Client s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud)) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                s3.createBucket(r -> r.bucket(bucket));
                s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
                s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(b -> b
                        .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
            }
        }
        String keyArn = null;
        if (request.containsKey("KmsKey")) {
            try (KmsClient kms = TestClients.client(KmsClient.builder(), cloud)) {
                keyArn = kms.createKey(r -> r.description("key of " + name)).keyMetadata().arn();
            }
            request.put("KmsKey", keyArn);
        }
        String roleArn = null;
        if (request.containsKey("ExecutionRoleArn")) {
            try (IamClient iam = TestClients.client(IamClient.builder(), cloud)) {
                roleArn = iam.createRole(r -> r.roleName(name + "-brought").path("/mwaa-provisioner/")
                        .assumeRolePolicyDocument(TRUST)).role().arn();
            }
            request.put("ExecutionRoleArn", roleArn);
        }
        List<String> subnets = null;
        Map<String, Object> network = (Map<String, Object>) request.get("Network");
        if (network.containsKey("SubnetIds")) {
            Map<String, String> outputs = existingNetwork(name + "-existing");
            subnets = List.of(outputs.get("PrivateSubnetIds").split(","));
            Map<String, Object> rewritten = new LinkedHashMap<>(network);
            rewritten.put("SubnetIds", subnets);
            rewritten.put("SecurityGroupIds", List.of(outputs.get("SecurityGroupId")));
            request.put("Network", rewritten);
        }
        try {
            return new Prepared(name, JSON.writeValueAsBytes(request), keyArn, roleArn, subnets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A network made from the project's own network template, as an existing network a team has. */
    private Map<String, String> existingNetwork(String stackName) {
        String template;
        try (var in = getClass().getResourceAsStream("/cloudformation/mwaa-network.yaml")) {
            template = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (CloudFormationClient cfn = TestClients.client(CloudFormationClient.builder(), cloud)) {
            cfn.createStack(r -> r.stackName(stackName).templateBody(template).parameters(
                    p -> p.parameterKey("EnvironmentName").parameterValue(stackName),
                    p -> p.parameterKey("VpcCIDR").parameterValue("10.77.0.0/16"),
                    p -> p.parameterKey("PublicSubnet1CIDR").parameterValue("10.77.10.0/24"),
                    p -> p.parameterKey("PublicSubnet2CIDR").parameterValue("10.77.11.0/24"),
                    p -> p.parameterKey("PrivateSubnet1CIDR").parameterValue("10.77.20.0/24"),
                    p -> p.parameterKey("PrivateSubnet2CIDR").parameterValue("10.77.21.0/24")));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                var stack = cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
                if (stack.stackStatusAsString().equals("CREATE_COMPLETE")) {
                    Map<String, String> outputs = new LinkedHashMap<>();
                    for (Output output : stack.outputs()) {
                        outputs.put(output.outputKey(), output.outputValue());
                    }
                    return outputs;
                }
                if (!stack.stackStatusAsString().endsWith("IN_PROGRESS") || System.nanoTime() > deadline) {
                    throw new AssertionError("network stack " + stackName + " is " + stack.stackStatusAsString());
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
