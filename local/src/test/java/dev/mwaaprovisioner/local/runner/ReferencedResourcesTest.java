package dev.mwaaprovisioner.local.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.request.RequestParser;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.sam.ProjectCheckout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * What an example names and must exist is created in an empty local cloud under the example's own
 * IDs, as AWS would show it through its APIs (read here with the AWS SDK), and said in one line each.
 */
class ReferencedResourcesTest {

    private static final Path EXAMPLES = ProjectCheckout.enclosing(Path.of("")).root().resolve("examples");

    private LocalCloud cloud;
    private final StringWriter said = new StringWriter();

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withPort(0));
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private void createFor(String example) throws Exception {
        ProvisioningRequest request = RequestParser.standard().read(EXAMPLES.resolve(example));
        new ReferencedResources(cloud, new PrintWriter(said, true)).createMissing(request);
    }

    @Test
    void theSubnetsAndSecurityGroupOfAnExistingNetworkArePrivateInTwoZonesUnderTheirIds() throws Exception {
        createFor("existing-network.yaml");

        try (Ec2Client ec2 = TestClients.client(Ec2Client.builder(), cloud)) {
            List<Subnet> subnets = ec2.describeSubnets(r -> r.subnetIds("subnet-0a1b2c3d4e5f60718",
                    "subnet-0f9e8d7c6b5a49382")).subnets();
            assertThat(subnets).hasSize(2);
            assertThat(subnets).extracting(Subnet::availabilityZone).doesNotHaveDuplicates();
            assertThat(subnets).extracting(Subnet::vpcId).containsOnly(subnets.get(0).vpcId());
            for (Subnet subnet : subnets) {
                List<RouteTable> tables = ec2.describeRouteTables(r -> r.filters(f -> f.name("association.subnet-id")
                        .values(subnet.subnetId()))).routeTables();
                assertThat(tables).singleElement().satisfies(t -> {
                    assertThat(t.routes()).anyMatch(route -> route.natGatewayId() != null);
                    assertThat(t.routes()).noneMatch(route -> route.gatewayId() != null
                            && route.gatewayId().startsWith("igw-"));
                });
            }
            SecurityGroup group = ec2.describeSecurityGroups(r -> r.groupIds("sg-0123456789abcdef0"))
                    .securityGroups().get(0);
            assertThat(group.vpcId()).isEqualTo(subnets.get(0).vpcId());
            assertThat(group.ipPermissions()).anyMatch(p -> p.userIdGroupPairs().stream()
                    .anyMatch(pair -> pair.groupId().equals("sg-0123456789abcdef0")));
        }
        assertThat(said.toString().lines()).hasSize(3)
                .anyMatch(line -> line.startsWith("Created the source bucket s3://airflow-analytics-shared"))
                .anyMatch(line -> line.startsWith("Created the subnets subnet-0a1b2c3d4e5f60718 (us-east-1a) and "
                        + "subnet-0f9e8d7c6b5a49382 (us-east-1b), private in vpc-"))
                .anyMatch(line -> line.startsWith("Created the security group sg-0123456789abcdef0 in vpc-"));
    }

    @Test
    void theKeyAndTheRoleOfTheFullOptionsExampleAreCreatedOnceUnderTheirArns() throws Exception {
        createFor("full-options.yaml");
        createFor("full-options.yaml");

        try (KmsClient kms = TestClients.client(KmsClient.builder(), cloud);
             IamClient iam = TestClients.client(IamClient.builder(), cloud)) {
            KeyMetadata key = kms.describeKey(r -> r.keyId("1234abcd-12ab-34cd-56ef-1234567890ab")).keyMetadata();
            assertThat(key.arn()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab");
            assertThat(key.keyStateAsString()).isEqualTo("Enabled");
            Role role = iam.getRole(r -> r.roleName("analytics-prod-mwaa")).role();
            assertThat(role.arn()).isEqualTo("arn:aws:iam::000000000000:role/mwaa-provisioner/analytics-prod-mwaa");
            assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                    .contains("airflow-env.amazonaws.com");
            assertThat(iam.listRolePolicies(r -> r.roleName("analytics-prod-mwaa")).policyNames()).isNotEmpty();
        }
        assertThat(said.toString().lines()).as("created once, said once").hasSize(3);
    }

    @Test
    void aKeyOfAnotherRegionIsLeftForTheWorkflowToRefuse() throws Exception {
        ProvisioningRequest request = RequestParser.standard().parse((
                "Name: finance-reporting\nSourceBucketArn: arn:aws:s3:::airflow-finance-reporting\nDagS3Path: dags\n"
                + "KmsKey: arn:aws:kms:eu-central-1:000000000000:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\n"
                + "Network:\n  SubnetIds: [subnet-0a1b2c3d4e5f60718, subnet-0f9e8d7c6b5a49382]\n"
                + "  SecurityGroupIds: [sg-0123456789abcdef0]\n").getBytes(StandardCharsets.UTF_8), "request.yaml");

        new ReferencedResources(cloud, new PrintWriter(said, true)).createMissing(request);

        assertThat(said.toString()).doesNotContain("KMS key");
    }
}
