package dev.mwaaprovisioner.local.cloud.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** The project's network template, deployed through the real SDK: what the provisioning workflow relies on. */
class NetworkStackTest {

    static LocalCloud cloud;
    static CloudFormationClient cfn;
    static Ec2Client ec2;

    @BeforeAll
    static void start() {
        // 3 simulated minutes of stack creation take 0.9 s: long enough to be seen in progress.
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(200));
        cfn = TestClients.client(CloudFormationClient.builder(), cloud);
        ec2 = TestClients.client(Ec2Client.builder(), cloud);
        cfn.describeStacks(); // the SDK's first call is slow: make it before timing matters
        ec2.describeAvailabilityZones();
    }

    @AfterAll
    static void stop() {
        cfn.close();
        ec2.close();
        cloud.close();
    }

    @Test
    void networkTemplateCreatesPrivateSubnetsInTwoZonesRoutedToNatGatewaysAndDeletesCleanly() {
        String stackId = cfn.createStack(r -> r.stackName("mwaa-analytics-dev-network")
                .templateBody(NetworkTemplate.body())
                .parameters(Parameter.builder().parameterKey("EnvironmentName").parameterValue("analytics-dev").build())
                .tags(software.amazon.awssdk.services.cloudformation.model.Tag.builder().key("team").value("data")
                        .build())).stackId();
        assertThat(stackId).startsWith("arn:aws:cloudformation:us-east-1:000000000000:stack/mwaa-analytics-dev-network/");

        Stack stack = StackPolling.awaitSettled(cfn, stackId);
        assertThat(stack.stackStatusAsString()).as(stack.stackStatusReason()).isEqualTo("CREATE_COMPLETE");
        Map<String, String> outputs = stack.outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
        assertThat(outputs).containsKeys("VpcId", "PrivateSubnetIds", "SecurityGroupId");

        List<String> privateIds = List.of(outputs.get("PrivateSubnet1"), outputs.get("PrivateSubnet2"));
        assertThat(outputs.get("PrivateSubnetIds")).isEqualTo(String.join(",", privateIds));
        List<Subnet> privateSubnets = ec2.describeSubnets(r -> r.subnetIds(privateIds)).subnets();
        assertThat(privateSubnets).extracting(Subnet::availabilityZone).containsExactly("us-east-1a", "us-east-1b");
        assertThat(privateSubnets).extracting(Subnet::cidrBlock).containsExactly("10.192.20.0/24", "10.192.21.0/24");
        assertThat(privateSubnets).allSatisfy(s -> {
            assertThat(s.mapPublicIpOnLaunch()).isFalse();
            assertThat(s.vpcId()).isEqualTo(outputs.get("VpcId"));
            assertThat(s.tags()).anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("team=data"));
            assertThat(s.tags()).anySatisfy(t -> assertThat(t.key() + "=" + t.value())
                    .isEqualTo("mwaa-provisioner:environment=analytics-dev"));
            assertThat(s.tags()).anySatisfy(t -> assertThat(t.key()).isEqualTo("aws:cloudformation:stack-id"));
        });
        for (String subnetId : privateIds) {
            RouteTable table = ec2.describeRouteTables(r -> r.filters(Filter.builder()
                    .name("association.subnet-id").values(subnetId).build())).routeTables().get(0);
            assertThat(table.routes()).anySatisfy(route -> {
                assertThat(route.destinationCidrBlock()).isEqualTo("0.0.0.0/0");
                assertThat(route.natGatewayId()).startsWith("nat-");
            });
        }
        Ec2Regions regions = cloud.service(Ec2Regions.class);
        assertThat(privateIds).allSatisfy(id -> assertThat(regions.region("us-east-1").subnetRouting(id).isPrivate())
                .isTrue());
        assertThat(regions.region("us-east-1").subnetRouting(outputs.get("PublicSubnet1")).isPrivate()).isFalse();

        SecurityGroup group = ec2.describeSecurityGroups(r -> r.groupIds(outputs.get("SecurityGroupId")))
                .securityGroups().get(0);
        assertThat(group.ipPermissions()).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("-1");
            assertThat(p.userIdGroupPairs()).singleElement()
                    .satisfies(pair -> assertThat(pair.groupId()).isEqualTo(group.groupId()));
        });
        assertThat(group.ipPermissionsEgress()).extracting(IpPermission::ipProtocol).containsExactly("-1");
        assertThat(group.groupName()).startsWith("mwaa-analytics-dev-network-SecurityGroup-");

        // Resources were created wave after wave over (at least) the three simulated minutes.
        List<StackEvent> events = StackPolling.eventsOldestFirst(cfn, stackId);
        assertThat(events.get(0).resourceStatusAsString()).isEqualTo("CREATE_IN_PROGRESS");
        assertThat(events.get(events.size() - 1).resourceStatusAsString()).isEqualTo("CREATE_COMPLETE");
        assertThat(java.time.Duration.between(events.get(0).timestamp(), events.get(events.size() - 1).timestamp()))
                .isGreaterThanOrEqualTo(java.time.Duration.ofMinutes(3));
        assertThat(events.stream().map(StackEvent::timestamp).distinct().count()).isGreaterThanOrEqualTo(5);
        assertThat(events).filteredOn(e -> e.logicalResourceId().equals("NatGateway1")).extracting(
                StackEvent::resourceStatusAsString).containsExactly("CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS",
                        "CREATE_COMPLETE");
        int vpcDone = indexOf(events, "VPC", "CREATE_COMPLETE");
        assertThat(indexOf(events, "PrivateSubnet1", "CREATE_IN_PROGRESS")).isGreaterThan(vpcDone);
        assertThat(indexOf(events, "DefaultPrivateRoute1", "CREATE_IN_PROGRESS"))
                .isGreaterThan(indexOf(events, "NatGateway1", "CREATE_COMPLETE"));

        cfn.deleteStack(r -> r.stackName("mwaa-analytics-dev-network"));
        Stack deleted = StackPolling.awaitSettled(cfn, stackId);
        assertThat(deleted.stackStatusAsString()).as(deleted.stackStatusReason()).isEqualTo("DELETE_COMPLETE");
        assertThat(regions.isEmpty()).as(regions.region("us-east-1").counts().toString()).isTrue();
    }

    private static int indexOf(List<StackEvent> events, String logicalId, String status) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).logicalResourceId().equals(logicalId) && events.get(i).resourceStatusAsString()
                    .equals(status)) {
                return i;
            }
        }
        throw new AssertionError("no " + status + " event for " + logicalId);
    }
}
