package dev.mwaaprovisioner.local.cloud.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** The EC2 networking API through the real SDK: a network built by hand, described, filtered and torn down. */
class Ec2ApiTest {

    static LocalCloud cloud;
    static Ec2Client ec2;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(1000));
        ec2 = TestClients.client(Ec2Client.builder(), cloud, Region.EU_WEST_1,
                c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    @AfterAll
    static void stop() {
        ec2.close();
        cloud.close();
    }

    private static void assertEc2Error(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            assertThat(e.statusCode()).isEqualTo(400);
        });
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static TagSpecification tags(ResourceType type, String name) {
        return TagSpecification.builder().resourceType(type).tags(Tag.builder().key("Name").value(name).build())
                .build();
    }

    @Test
    void availabilityZonesOfTheSigningRegion() {
        List<AvailabilityZone> zones = ec2.describeAvailabilityZones().availabilityZones();
        assertThat(zones).extracting(AvailabilityZone::zoneName).containsExactly("eu-west-1a", "eu-west-1b",
                "eu-west-1c");
        assertThat(zones).extracting(AvailabilityZone::zoneId).containsExactly("euw1-az1", "euw1-az2", "euw1-az3");
        assertThat(zones).allSatisfy(z -> assertThat(z.stateAsString()).isEqualTo("available"));
        assertThat(ec2.describeAvailabilityZones(r -> r.zoneNames("eu-west-1b")).availabilityZones()).hasSize(1);
        assertThat(ec2.describeAvailabilityZones(r -> r.filters(filter("zone-id", "euw1-az3"))).availabilityZones())
                .extracting(AvailabilityZone::zoneName).containsExactly("eu-west-1c");
    }

    @Test
    void buildDescribeAndTearDownANetwork() {
        Vpc vpc = ec2.createVpc(r -> r.cidrBlock("10.50.0.0/16").tagSpecifications(tags(ResourceType.VPC, "hand-made")))
                .vpc();
        assertThat(vpc.vpcId()).matches("vpc-[0-9a-f]{17}");
        ec2.modifyVpcAttribute(r -> r.vpcId(vpc.vpcId()).enableDnsHostnames(b -> b.value(true)));
        Subnet publicSubnet = ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.50.0.0/24")
                .availabilityZone("eu-west-1a")).subnet();
        Subnet privateSubnet = ec2.createSubnet(r -> r.vpcId(vpc.vpcId()).cidrBlock("10.50.1.0/24")
                .availabilityZone("eu-west-1b").tagSpecifications(tags(ResourceType.SUBNET, "private"))).subnet();
        ec2.modifySubnetAttribute(r -> r.subnetId(publicSubnet.subnetId()).mapPublicIpOnLaunch(b -> b.value(true)));
        InternetGateway gateway = ec2.createInternetGateway().internetGateway();
        ec2.attachInternetGateway(r -> r.internetGatewayId(gateway.internetGatewayId()).vpcId(vpc.vpcId()));
        var address = ec2.allocateAddress(r -> r.domain("vpc"));
        assertThat(address.publicIp()).startsWith("198.51.100.");
        NatGateway nat = ec2.createNatGateway(r -> r.subnetId(publicSubnet.subnetId())
                .allocationId(address.allocationId())).natGateway();
        assertThat(nat.stateAsString()).isEqualTo("pending");
        RouteTable publicTable = ec2.createRouteTable(r -> r.vpcId(vpc.vpcId())).routeTable();
        RouteTable privateTable = ec2.createRouteTable(r -> r.vpcId(vpc.vpcId())).routeTable();
        ec2.createRoute(r -> r.routeTableId(publicTable.routeTableId()).destinationCidrBlock("0.0.0.0/0")
                .gatewayId(gateway.internetGatewayId()));
        ec2.createRoute(r -> r.routeTableId(privateTable.routeTableId()).destinationCidrBlock("0.0.0.0/0")
                .natGatewayId(nat.natGatewayId()));
        String publicAssociation = ec2.associateRouteTable(r -> r.routeTableId(publicTable.routeTableId())
                .subnetId(publicSubnet.subnetId())).associationId();
        String privateAssociation = ec2.associateRouteTable(r -> r.routeTableId(privateTable.routeTableId())
                .subnetId(privateSubnet.subnetId())).associationId();
        String groupId = ec2.createSecurityGroup(r -> r.groupName("mwaa").description("MWAA").vpcId(vpc.vpcId()))
                .groupId();
        var rules = ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(IpPermission.builder()
                .ipProtocol("-1").userIdGroupPairs(UserIdGroupPair.builder().groupId(groupId).build()).build()))
                .securityGroupRules();
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.securityGroupRuleId()).startsWith("sgr-");
            assertThat(rule.referencedGroupInfo().groupId()).isEqualTo(groupId);
            assertThat(rule.isEgress()).isFalse();
        });

        // Describe, by IDs and by filters as the SDK sends them.
        assertThat(ec2.describeVpcs(r -> r.filters(filter("tag:Name", "hand-*"))).vpcs()).singleElement()
                .satisfies(v -> {
                    assertThat(v.cidrBlock()).isEqualTo("10.50.0.0/16");
                    assertThat(v.cidrBlockAssociationSet().get(0).cidrBlockState().stateAsString())
                            .isEqualTo("associated");
                });
        assertThat(ec2.describeSubnets(r -> r.filters(filter("vpc-id", vpc.vpcId()))).subnets())
                .extracting(Subnet::subnetId, Subnet::availabilityZone, Subnet::mapPublicIpOnLaunch)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(publicSubnet.subnetId(), "eu-west-1a", true),
                        org.assertj.core.groups.Tuple.tuple(privateSubnet.subnetId(), "eu-west-1b", false));
        assertThat(ec2.describeSubnets(r -> r.filters(filter("availability-zone", "eu-west-1b"),
                filter("tag:Name", "private"))).subnets()).extracting(Subnet::subnetId)
                .containsExactly(privateSubnet.subnetId());
        assertThat(ec2.describeInternetGateways(r -> r.filters(filter("attachment.vpc-id", vpc.vpcId())))
                .internetGateways()).singleElement().satisfies(g -> assertThat(g.attachments()).singleElement()
                .satisfies(a -> assertThat(a.stateAsString()).isEqualTo("available")));
        assertThat(ec2.describeNatGateways(r -> r.natGatewayIds(nat.natGatewayId())).natGateways()).singleElement()
                .satisfies(n -> {
                    assertThat(n.subnetId()).isEqualTo(publicSubnet.subnetId());
                    assertThat(n.natGatewayAddresses().get(0).publicIp()).isEqualTo(address.publicIp());
                });
        assertThat(ec2.describeAddresses(r -> r.allocationIds(address.allocationId())).addresses()).singleElement()
                .satisfies(a -> assertThat(a.associationId()).isNotNull());
        assertThat(ec2.describeAddresses(r -> r.publicIps(address.publicIp())).addresses())
                .extracting(Address::allocationId).containsExactly(address.allocationId());
        RouteTable described = ec2.describeRouteTables(r -> r.filters(filter("association.subnet-id",
                privateSubnet.subnetId()))).routeTables().get(0);
        assertThat(described.routes()).extracting(route -> route.destinationCidrBlock() + ">"
                + (route.natGatewayId() != null ? route.natGatewayId() : route.gatewayId()))
                .containsExactly("10.50.0.0/16>local", "0.0.0.0/0>" + nat.natGatewayId());
        assertThat(described.associations()).singleElement().satisfies(a -> {
            assertThat(a.main()).isFalse();
            assertThat(a.associationState().stateAsString()).isEqualTo("associated");
        });
        assertThat(ec2.describeRouteTables(r -> r.filters(filter("vpc-id", vpc.vpcId()),
                filter("association.main", "true"))).routeTables()).hasSize(1);
        SecurityGroup group = ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
        assertThat(group.ipPermissions()).singleElement().satisfies(p -> assertThat(p.userIdGroupPairs())
                .extracting(UserIdGroupPair::groupId).containsExactly(groupId));
        assertThat(group.ipPermissionsEgress()).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("-1");
            assertThat(p.ipRanges().get(0).cidrIp()).isEqualTo("0.0.0.0/0");
        });
        assertThat(ec2.describeSecurityGroups(r -> r.filters(filter("vpc-id", vpc.vpcId()),
                filter("group-name", "default"))).securityGroups()).hasSize(1);
        SubnetRouting routing = cloud.service(Ec2Regions.class).region("eu-west-1").subnetRouting(
                privateSubnet.subnetId());
        assertThat(routing.isPrivate()).isTrue();
        assertThat(routing.routedToNatGateway()).isTrue();

        // Tear down in dependency order; a wrong order gets EC2's DependencyViolation.
        assertEc2Error(() -> ec2.deleteVpc(r -> r.vpcId(vpc.vpcId())), "DependencyViolation",
                "The vpc '" + vpc.vpcId() + "' has dependencies and cannot be deleted.");
        ec2.deleteSecurityGroup(r -> r.groupId(groupId));
        ec2.disassociateRouteTable(r -> r.associationId(publicAssociation));
        ec2.disassociateRouteTable(r -> r.associationId(privateAssociation));
        ec2.deleteRouteTable(r -> r.routeTableId(publicTable.routeTableId()));
        ec2.deleteRouteTable(r -> r.routeTableId(privateTable.routeTableId()));
        ec2.deleteNatGateway(r -> r.natGatewayId(nat.natGatewayId()));
        ec2.releaseAddress(r -> r.allocationId(address.allocationId()));
        ec2.detachInternetGateway(r -> r.internetGatewayId(gateway.internetGatewayId()).vpcId(vpc.vpcId()));
        ec2.deleteInternetGateway(r -> r.internetGatewayId(gateway.internetGatewayId()));
        ec2.deleteSubnet(r -> r.subnetId(publicSubnet.subnetId()));
        ec2.deleteSubnet(r -> r.subnetId(privateSubnet.subnetId()));
        ec2.deleteVpc(r -> r.vpcId(vpc.vpcId()));
        assertThat(cloud.service(Ec2Regions.class).region("eu-west-1").isEmpty()).isTrue();
    }

    @Test
    void notFoundErrorsAsEc2ReportsThem() {
        assertEc2Error(() -> ec2.describeVpcs(r -> r.vpcIds("vpc-0123456789abcdef0")), "InvalidVpcID.NotFound",
                "The vpc ID 'vpc-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.describeSubnets(r -> r.subnetIds("subnet-0123456789abcdef0")),
                "InvalidSubnetID.NotFound", "The subnet ID 'subnet-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.describeSecurityGroups(r -> r.groupIds("sg-0123456789abcdef0")),
                "InvalidGroup.NotFound", "The security group 'sg-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.describeInternetGateways(r -> r.internetGatewayIds("igw-0123456789abcdef0")),
                "InvalidInternetGatewayID.NotFound", "The internetGateway ID 'igw-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.describeRouteTables(r -> r.routeTableIds("rtb-0123456789abcdef0")),
                "InvalidRouteTableID.NotFound", "The routeTable ID 'rtb-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.describeAddresses(r -> r.allocationIds("eipalloc-0123456789abcdef0")),
                "InvalidAllocationID.NotFound", "The allocation ID 'eipalloc-0123456789abcdef0' does not exist");
        assertEc2Error(() -> ec2.describeNatGateways(r -> r.natGatewayIds("nat-0123456789abcdef0")),
                "NatGatewayNotFound", "The Nat Gateway nat-0123456789abcdef0 was not found");
        assertEc2Error(() -> ec2.describeVpcs(r -> r.filters(filter("colour", "red"))), "InvalidParameterValue",
                "The filter 'colour' is invalid");
        assertEc2Error(() -> ec2.createVpc(r -> r.cidrBlock("10.0.0.0/8")), "InvalidVpc.Range",
                "The CIDR '10.0.0.0/8' is invalid.");
    }

    @Test
    void operationsOutsideNetworkingAreRefused() {
        assertEc2Error(() -> ec2.describeInstances(), "InvalidAction",
                "Amazon EC2 operation DescribeInstances is not supported by the local cloud");
    }
}
