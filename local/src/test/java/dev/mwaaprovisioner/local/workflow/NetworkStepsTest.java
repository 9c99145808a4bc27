package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.RequestValidationException;
import dev.mwaaprovisioner.functions.existingnetwork.CheckExistingNetworkHandler;
import dev.mwaaprovisioner.functions.network.CheckNetworkStackHandler;
import dev.mwaaprovisioner.functions.network.CreateNetworkStackHandler;
import dev.mwaaprovisioner.functions.network.NetworkStackFailedException;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Subnet;

/** The network steps on the local cloud's CloudFormation and EC2, through the real SDK. */
class NetworkStepsTest {

    private WorkflowCloud cloud;
    private CloudFormationClient cloudFormation;
    private Ec2Client ec2;

    @BeforeEach
    void start() {
        cloud = new WorkflowCloud(100);
        cloudFormation = TestClients.client(CloudFormationClient.builder(), cloud.cloud);
        ec2 = TestClients.client(Ec2Client.builder(), cloud.cloud);
    }

    @AfterEach
    void stop() {
        LeastPrivilege policies = new LeastPrivilege(WorkflowCloud.CONFIG_BUCKET);
        policies.observe(cloud.cloud.requestLog().entries());
        cloud.close();
        assertThat(policies.denied()).isEmpty();
    }

    private String now() {
        return cloud.cloud.clock().now().toString();
    }

    private CreateNetworkStackHandler.Input createInput() {
        ObjectNode event = WorkflowCloud.event("CreateNetworkStackFunction", "input.json");
        event.put("Now", now());
        return WorkflowCloud.as(event, CreateNetworkStackHandler.Input.class);
    }

    @Test
    void createsTheStackWaitsAsScheduledAndReadsThePrivateSubnets() throws Exception {
        Map<String, String> env = cloud.environment();
        NetworkState created = new CreateNetworkStackHandler(env).handle(createInput());
        assertThat(created.stackName()).isEqualTo("mwaa-analytics-dev-network");
        assertThat(created.status()).isEqualTo("CREATE_IN_PROGRESS");
        assertThat(created.nextCheckSeconds()).isEqualTo(180);
        assertThat(created.createdByThisExecution()).isTrue();

        CheckNetworkStackHandler check = new CheckNetworkStackHandler(env);
        NetworkState polled = created;
        int checks = 0;
        while (!NetworkState.READY.equals(polled.status())) {
            cloud.cloud.clock().sleep(Duration.ofSeconds(polled.nextCheckSeconds()));
            polled = check.handle(new CheckNetworkStackHandler.Input(polled, now()));
            checks++;
        }
        NetworkState state = polled;
        assertThat(checks).as("a 3-minute stack is seen by the first or second check").isBetween(1, 2);
        assertThat(state.subnetIds()).hasSize(2);
        assertThat(state.securityGroupIds()).hasSize(1);
        assertThat(state.createdByThisExecution()).isTrue();
        List<Subnet> subnets = ec2.describeSubnets(r -> r.subnetIds(state.subnetIds())).subnets();
        assertThat(subnets).extracting(Subnet::cidrBlock).containsExactlyInAnyOrder("10.192.20.0/24", "10.192.21.0/24");
        assertThat(subnets).extracting(Subnet::availabilityZone).doesNotHaveDuplicates();
        assertThat(subnets).allMatch(s -> s.vpcId().equals(state.vpcId()));

        // The private subnets pass the existing-network check too.
        ObjectNode existing = WorkflowCloud.event("CheckExistingNetworkFunction", "input.json");
        ((ObjectNode) existing.path("Request").path("Network")).set("SubnetIds",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(state.subnetIds().get(0)).add(state.subnetIds().get(1)));
        ((ObjectNode) existing.path("Request").path("Network")).set("SecurityGroupIds",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(state.securityGroupIds().get(0)));
        NetworkState checked = new CheckExistingNetworkHandler(env).handle(
                WorkflowCloud.as(existing, CheckExistingNetworkHandler.Input.class));
        assertThat(checked.mode()).isEqualTo(NetworkState.MODE_EXISTING);
        assertThat(checked.vpcId()).isEqualTo(state.vpcId());

        // Running the create step again finds the stack instead of creating a second one.
        NetworkState again = new CreateNetworkStackHandler(env).handle(createInput());
        assertThat(again.status()).isEqualTo(NetworkState.READY);
        assertThat(again.createdByThisExecution()).isFalse();
        assertThat(again.subnetIds()).isEqualTo(state.subnetIds());
        assertThat(cloudFormation.describeStacks().stacks()).hasSize(1);
    }

    @Test
    void aRolledBackStackFailsWithTheFirstFailedResourceAndItsReason() throws Exception {
        cloud.cloud.faults().failResource("cloudformation:stack", "mwaa-analytics-dev-network", "CREATE_FAILED",
                Map.of("logicalResourceId", "NatGateway1", "reason", "The maximum number of NAT gateways has been reached."), 1);
        Map<String, String> env = cloud.environment();
        NetworkState created = new CreateNetworkStackHandler(env).handle(createInput());
        cloud.cloud.clock().sleep(Duration.ofMinutes(10));
        assertThatThrownBy(() -> new CheckNetworkStackHandler(env).handle(new CheckNetworkStackHandler.Input(created, now())))
                .isInstanceOf(NetworkStackFailedException.class)
                .hasMessageContaining("mwaa-analytics-dev-network is ROLLBACK_COMPLETE")
                .hasMessageContaining("NatGateway1 (AWS::EC2::NatGateway) CREATE_FAILED")
                .hasMessageContaining("The maximum number of NAT gateways has been reached.");
        assertThatThrownBy(() -> new CreateNetworkStackHandler(env).handle(createInput()))
                .isInstanceOf(NetworkStackFailedException.class).hasMessageContaining("delete the stack");
    }

    @Test
    void anotherStackOfTheSameNameOrOtherCidrsIsRefused() {
        Map<String, String> env = cloud.environment();
        new CreateNetworkStackHandler(env).handle(createInput());
        ObjectNode other = WorkflowCloud.event("CreateNetworkStackFunction", "input.json");
        other.put("Now", now());
        ((ObjectNode) other.path("Request").path("Network")).put("PrivateSubnet2CIDR", "10.192.22.0/24");
        assertThatThrownBy(() -> new CreateNetworkStackHandler(env).handle(
                WorkflowCloud.as(other, CreateNetworkStackHandler.Input.class)))
                .isInstanceOf(NetworkStackFailedException.class)
                .hasMessageContaining("Network.PrivateSubnet2CIDR is 10.192.22.0/24 but the stack has 10.192.21.0/24");
    }

    @Test
    void existingSubnetsMustBePrivateInTwoZonesWithGroupsOfTheirVpc() {
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.80.0.0/16")).vpc().vpcId();
        String other = ec2.createVpc(r -> r.cidrBlock("10.81.0.0/16")).vpc().vpcId();
        String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.80.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
        String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.80.2.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
        String igw = ec2.createInternetGateway().internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        String table = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(table).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.associateRouteTable(r -> r.routeTableId(table).subnetId(b));
        String foreignGroup = ec2.createSecurityGroup(r -> r.vpcId(other).groupName("x").description("x")).groupId();

        ObjectNode input = WorkflowCloud.event("CheckExistingNetworkFunction", "input.json");
        ObjectNode network = (ObjectNode) input.path("Request").path("Network");
        network.putArray("SubnetIds").add(a).add(b);
        network.putArray("SecurityGroupIds").add(foreignGroup).add("sg-0000000000000dead");
        assertThatThrownBy(() -> new CheckExistingNetworkHandler(cloud.environment())
                .handle(WorkflowCloud.as(input, CheckExistingNetworkHandler.Input.class)))
                .hasMessageStartingWith("Invalid request s3://mwaa-provisioner-configbucket-example/requests/analytics-dev.yaml"
                        + " (version Z1zD3Lm0bPGbMNA2TQNtrbT7kN.wmJNz) for environment analytics-dev:")
                .isInstanceOfSatisfying(RequestValidationException.class, e -> assertThat(e.problems()).satisfiesExactly(
                        p -> assertThat(p).startsWith("Network.SubnetIds: both subnets are in us-east-1a"),
                        p -> assertThat(p).startsWith("Network.SubnetIds[1]: " + b + " is public").contains(igw),
                        p -> assertThat(p).startsWith("Network.SecurityGroupIds[0]: " + foreignGroup + " is in " + other),
                        p -> assertThat(p).startsWith("Network.SecurityGroupIds[1]: security group sg-0000000000000dead does not exist")));
        assertThat(Instant.now()).isNotNull();
    }
}
