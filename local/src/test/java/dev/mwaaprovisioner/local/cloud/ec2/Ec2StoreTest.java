package dev.mwaaprovisioner.local.cloud.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The EC2 store on its own: validation, dependencies and errors as EC2 reports them. */
class Ec2StoreTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private final Ec2Store store = new Ec2Store("eu-west-1", "000000000000", clock, Ec2Settings.defaults());

    private static void assertEc2Error(ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void vpcCidrMustBeValidAndFromSlash16ToSlash28() {
        Vpc vpc = store.createVpc("10.0.0.0/16", null, Map.of("Name", "main"));
        assertThat(vpc.vpcId()).matches("vpc-[0-9a-f]{17}");
        assertThat(vpc.enableDnsSupport()).isTrue();
        assertThat(vpc.enableDnsHostnames()).isFalse();
        assertEc2Error(() -> store.createVpc("10.0.0.0/8", null, Map.of()), "InvalidVpc.Range",
                "The CIDR '10.0.0.0/8' is invalid.");
        assertEc2Error(() -> store.createVpc("10.0.0.0/29", null, Map.of()), "InvalidVpc.Range",
                "The CIDR '10.0.0.0/29' is invalid.");
        assertEc2Error(() -> store.createVpc("10.0.0.999/16", null, Map.of()), "InvalidParameterValue",
                "Value (10.0.0.999/16) for parameter cidrBlock is invalid. This is not a valid CIDR block.");
    }

    @Test
    void aVpcComesWithAMainRouteTableAndADefaultSecurityGroup() {
        Vpc vpc = store.createVpc("10.0.0.0/16", null, Map.of());
        RouteTable main = store.routeTable(vpc.mainRouteTableId());
        assertThat(main.main()).isTrue();
        assertThat(main.routes()).singleElement().satisfies(r -> {
            assertThat(r.destinationCidrBlock()).isEqualTo("10.0.0.0/16");
            assertThat(r.gatewayId()).isEqualTo("local");
        });
        SecurityGroup group = store.securityGroup(vpc.defaultSecurityGroupId());
        assertThat(group.groupName()).isEqualTo("default");
        assertThat(group.ipPermissions()).singleElement().satisfies(p -> assertThat(p.userIdGroupPairs())
                .extracting(IpPermission.UserIdGroupPair::groupId).containsExactly(group.groupId()));
        assertThat(group.ipPermissionsEgress()).singleElement().satisfies(p -> assertThat(p.ipRanges())
                .extracting(IpPermission.IpRange::cidrIp).containsExactly("0.0.0.0/0"));
        store.deleteVpc(vpc.vpcId());
        assertThat(store.isEmpty()).isTrue();
    }

    @Test
    void subnetsStayInsideTheVpcWithoutOverlapInTheRegionsZones() {
        Vpc vpc = store.createVpc("10.0.0.0/16", null, Map.of());
        Subnet subnet = store.createSubnet(vpc.vpcId(), "10.0.1.0/24", "eu-west-1b", null, Map.of());
        assertThat(subnet.availabilityZone()).isEqualTo("eu-west-1b");
        assertThat(subnet.availabilityZoneId()).isEqualTo("euw1-az2");
        assertThat(subnet.availableIpAddressCount()).isEqualTo(251);
        assertThat(store.createSubnet(vpc.vpcId(), "10.0.2.0/24", null, "euw1-az3", Map.of()).availabilityZone())
                .isEqualTo("eu-west-1c");
        assertEc2Error(() -> store.createSubnet(vpc.vpcId(), "10.0.1.128/25", null, null, Map.of()),
                "InvalidSubnet.Conflict", "The CIDR '10.0.1.128/25' conflicts with another subnet");
        assertEc2Error(() -> store.createSubnet(vpc.vpcId(), "10.1.0.0/24", null, null, Map.of()),
                "InvalidSubnet.Range", "The CIDR '10.1.0.0/24' is invalid.");
        assertEc2Error(() -> store.createSubnet(vpc.vpcId(), "10.0.9.0/24", "eu-west-1z", null, Map.of()),
                "InvalidParameterValue", "Value (eu-west-1z) for parameter availabilityZone is invalid. Subnets can"
                        + " currently only be created in the following availability zones: eu-west-1a, eu-west-1b,"
                        + " eu-west-1c.");
        assertEc2Error(() -> store.createSubnet("vpc-0000000000000000a", "10.0.9.0/24", null, null, Map.of()),
                "InvalidVpcID.NotFound", "The vpc ID 'vpc-0000000000000000a' does not exist");
        assertEc2Error(() -> store.deleteVpc(vpc.vpcId()), "DependencyViolation",
                "The vpc '" + vpc.vpcId() + "' has dependencies and cannot be deleted.");
    }

    @Test
    void internetGatewayAttachmentAndNatGatewayLifecycle() {
        Vpc vpc = store.createVpc("10.0.0.0/16", null, Map.of());
        Subnet subnet = store.createSubnet(vpc.vpcId(), "10.0.0.0/24", null, null, Map.of());
        InternetGateway gateway = store.createInternetGateway(Map.of());
        ElasticIp address = store.allocateAddress("vpc", Map.of());
        assertThat(address.publicIp()).isEqualTo("198.51.100.1");
        assertThat(address.allocationId()).startsWith("eipalloc-");
        assertEc2Error(() -> store.createNatGateway(subnet.subnetId(), address.allocationId(), null, Map.of()),
                "Gateway.NotAttached", "Network " + vpc.vpcId() + " has no Internet gateway attached");

        store.attachInternetGateway(gateway.internetGatewayId(), vpc.vpcId());
        assertEc2Error(() -> store.attachInternetGateway(gateway.internetGatewayId(), vpc.vpcId()),
                "Resource.AlreadyAssociated", "resource " + gateway.internetGatewayId()
                        + " is already attached to network " + vpc.vpcId());
        NatGateway nat = store.createNatGateway(subnet.subnetId(), address.allocationId(), null, Map.of("a", "b"));
        assertThat(nat.state(clock.instant())).isEqualTo("pending");
        assertThat(nat.privateIp()).isEqualTo("10.0.0.4");
        assertThat(store.address(address.allocationId()).associated()).isTrue();
        now.set(now.get().plus(Duration.ofSeconds(20)));
        assertThat(store.describeNatGateways(List.of(), List.of(Ec2Filter.of("state", "available"))))
                .extracting(NatGateway::natGatewayId).containsExactly(nat.natGatewayId());

        assertEc2Error(() -> store.releaseAddress(address.allocationId()), "InvalidIPAddress.InUse",
                "Address 198.51.100.1 is in use.");
        assertEc2Error(() -> store.detachInternetGateway(gateway.internetGatewayId(), vpc.vpcId()),
                "DependencyViolation", "Network " + vpc.vpcId() + " has some mapped public address(es). Please"
                        + " unmap those public address(es) before detaching the gateway.");
        assertEc2Error(() -> store.deleteSubnet(subnet.subnetId()), "DependencyViolation",
                "The subnet '" + subnet.subnetId() + "' has dependencies and cannot be deleted.");

        store.deleteNatGateway(nat.natGatewayId());
        store.releaseAddress(address.allocationId());
        assertEc2Error(() -> store.deleteInternetGateway(gateway.internetGatewayId()), "DependencyViolation",
                "The internetGateway '" + gateway.internetGatewayId() + "' has dependencies and cannot be deleted.");
        store.detachInternetGateway(gateway.internetGatewayId(), vpc.vpcId());
        store.deleteInternetGateway(gateway.internetGatewayId());
        store.deleteSubnet(subnet.subnetId());
        store.deleteVpc(vpc.vpcId());
        assertThat(store.isEmpty()).isTrue();
    }

    @Test
    void elasticIpsComeFromDocumentationRangesUpToTheQuota() {
        Ec2Store small = new Ec2Store("us-east-1", "000000000000", clock, Ec2Settings.defaults().withLimits(5, 2));
        small.allocateAddress(null, Map.of());
        assertThat(small.allocateAddress(null, Map.of()).publicIp()).isEqualTo("198.51.100.2");
        assertEc2Error(() -> small.allocateAddress(null, Map.of()), "AddressLimitExceeded",
                "The maximum number of addresses has been reached.");
        assertEc2Error(() -> small.allocateAddress("standard", Map.of()), "InvalidParameterValue",
                "Value (standard) for parameter domain is invalid. Only 'vpc' is supported (EC2-Classic is retired).");
    }

    @Test
    void routesAssociationsAndWhetherASubnetIsPrivate() {
        Vpc vpc = store.createVpc("10.0.0.0/16", null, Map.of());
        Subnet publicSubnet = store.createSubnet(vpc.vpcId(), "10.0.0.0/24", null, null, Map.of());
        Subnet privateSubnet = store.createSubnet(vpc.vpcId(), "10.0.1.0/24", "eu-west-1b", null, Map.of());
        InternetGateway gateway = store.createInternetGateway(Map.of());
        RouteTable publicTable = store.createRouteTable(vpc.vpcId(), Map.of());
        assertEc2Error(() -> store.createRoute(publicTable.routeTableId(), "0.0.0.0/0",
                gateway.internetGatewayId(), null), "InvalidParameterValue", "route table "
                + publicTable.routeTableId() + " and network gateway " + gateway.internetGatewayId()
                + " belong to different networks");
        store.attachInternetGateway(gateway.internetGatewayId(), vpc.vpcId());
        store.createRoute(publicTable.routeTableId(), "0.0.0.0/0", gateway.internetGatewayId(), null);
        assertEc2Error(() -> store.createRoute(publicTable.routeTableId(), "0.0.0.0/0", gateway.internetGatewayId(),
                null), "RouteAlreadyExists", "The route identified by 0.0.0.0/0 already exists.");
        RouteTable.Association association = store.associateRouteTable(publicTable.routeTableId(),
                publicSubnet.subnetId());
        assertEc2Error(() -> store.associateRouteTable(publicTable.routeTableId(), publicSubnet.subnetId()),
                "Resource.AlreadyAssociated", "the specified association for route table "
                        + publicTable.routeTableId() + " conflicts with an existing association");

        SubnetRouting publicRouting = store.subnetRouting(publicSubnet.subnetId());
        assertThat(publicRouting.isPrivate()).isFalse();
        assertThat(publicRouting.explicitAssociation()).isTrue();
        SubnetRouting privateRouting = store.subnetRouting(privateSubnet.subnetId());
        assertThat(privateRouting.isPrivate()).isTrue();
        assertThat(privateRouting.routeTableId()).isEqualTo(vpc.mainRouteTableId());
        assertThat(privateRouting.availabilityZone()).isEqualTo("eu-west-1b");

        // A default route through the main table makes every subnet without its own table public.
        store.createRoute(vpc.mainRouteTableId(), "0.0.0.0/0", gateway.internetGatewayId(), null);
        assertThat(store.subnetRouting(privateSubnet.subnetId()).isPrivate()).isFalse();
        store.deleteRoute(vpc.mainRouteTableId(), "0.0.0.0/0");

        assertEc2Error(() -> store.deleteRouteTable(publicTable.routeTableId()), "DependencyViolation",
                "The routeTable '" + publicTable.routeTableId() + "' has dependencies and cannot be deleted.");
        store.disassociateRouteTable(association.associationId());
        assertEc2Error(() -> store.disassociateRouteTable(association.associationId()),
                "InvalidAssociationID.NotFound", "The association ID '" + association.associationId()
                        + "' does not exist");
        store.deleteRoute(publicTable.routeTableId(), "0.0.0.0/0");
        assertEc2Error(() -> store.deleteRoute(publicTable.routeTableId(), "0.0.0.0/0"), "InvalidRoute.NotFound",
                "no route with destination-cidr-block 0.0.0.0/0 in route table " + publicTable.routeTableId());
    }

    @Test
    void routesThroughAGoneTargetAreBlackholes() {
        Vpc vpc = store.createVpc("10.0.0.0/16", null, Map.of());
        Subnet subnet = store.createSubnet(vpc.vpcId(), "10.0.0.0/24", null, null, Map.of());
        InternetGateway gateway = store.createInternetGateway(Map.of());
        store.attachInternetGateway(gateway.internetGatewayId(), vpc.vpcId());
        NatGateway nat = store.createNatGateway(subnet.subnetId(), store.allocateAddress(null, Map.of())
                .allocationId(), null, Map.of());
        RouteTable table = store.createRouteTable(vpc.vpcId(), Map.of());
        store.createRoute(table.routeTableId(), "0.0.0.0/0", null, nat.natGatewayId());
        store.deleteNatGateway(nat.natGatewayId());
        assertThat(store.routeTable(table.routeTableId()).route("0.0.0.0/0")).hasValueSatisfying(
                r -> assertThat(r.state()).isEqualTo("blackhole"));
    }

    @Test
    void securityGroupRulesWithSelfReferenceDuplicatesAndDependencies() {
        Vpc vpc = store.createVpc("10.0.0.0/16", null, Map.of());
        SecurityGroup group = store.createSecurityGroup("mwaa", "MWAA", vpc.vpcId(), Map.of());
        assertThat(group.ipPermissions()).isEmpty();
        assertThat(group.ipPermissionsEgress()).hasSize(1);
        List<SecurityGroupRule> added = store.authorize(group.groupId(), false,
                List.of(IpPermission.allTrafficFromGroup(group.groupId()),
                        new IpPermission("tcp", 443, 443, List.of(new IpPermission.IpRange("10.0.0.0/16", "https")),
                                null, null, null)));
        assertThat(added).extracting(SecurityGroupRule::ruleId).allMatch(id -> id.startsWith("sgr-"));
        SecurityGroup after = store.securityGroup(group.groupId());
        assertThat(after.ipPermissions()).hasSize(2);
        assertThat(after.ipPermissions().get(0).fromPort()).isNull();
        assertThat(after.ipPermissions().get(1).fromPort()).isEqualTo(443);
        assertEc2Error(() -> store.authorize(group.groupId(), false, List.of(IpPermission.allTrafficFromGroup(
                group.groupId()))), "InvalidPermission.Duplicate", "the specified rule \"peer: " + group.groupId()
                + ", ALL, ALLOW\" already exists");
        assertEc2Error(() -> store.authorize(group.groupId(), false, List.of(new IpPermission("tcp", null, null,
                List.of(new IpPermission.IpRange("0.0.0.0/0", null)), null, null, null))), "InvalidParameterValue",
                "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
        assertEc2Error(() -> store.createSecurityGroup("mwaa", "again", vpc.vpcId(), Map.of()),
                "InvalidGroup.Duplicate", "The security group 'mwaa' already exists for VPC '" + vpc.vpcId() + "'");

        SecurityGroup client = store.createSecurityGroup("client", "uses mwaa", vpc.vpcId(), Map.of());
        store.authorize(group.groupId(), false, List.of(IpPermission.allTrafficFromGroup(client.groupId())));
        assertEc2Error(() -> store.deleteSecurityGroup(client.groupId()), "DependencyViolation",
                "resource " + client.groupId() + " has a dependent object");
        assertEc2Error(() -> store.deleteSecurityGroup(vpc.defaultSecurityGroupId()), "CannotDelete",
                "the specified group: \"" + vpc.defaultSecurityGroupId() + "\" name: \"default\" cannot be deleted by"
                        + " a user");
        assertEc2Error(() -> store.securityGroup("sg-00000000000000000"), "InvalidGroup.NotFound",
                "The security group 'sg-00000000000000000' does not exist");
        store.revoke(group.groupId(), false, List.of(IpPermission.allTrafficFromGroup(client.groupId())));
        store.deleteSecurityGroup(client.groupId());
        store.deleteSecurityGroup(group.groupId()); // a self reference does not block deletion
    }

    @Test
    void describeFiltersWithTagsAndWildcardsAndRejectsUnknownFilters() {
        Vpc a = store.createVpc("10.0.0.0/16", null, Map.of("Name", "alpha-net", "team", "data"));
        store.createVpc("10.1.0.0/16", null, Map.of("Name", "beta-net"));
        assertThat(store.describeVpcs(List.of(), List.of(Ec2Filter.of("tag:Name", "alpha-*"))))
                .extracting(Vpc::vpcId).containsExactly(a.vpcId());
        assertThat(store.describeVpcs(List.of(), List.of(Ec2Filter.of("tag-key", "team")))).hasSize(1);
        assertThat(store.describeVpcs(List.of(), List.of(Ec2Filter.of("cidr", "10.?.0.0/16")))).hasSize(2);
        assertThat(store.describeVpcs(List.of(a.vpcId()), List.of())).hasSize(1);
        assertEc2Error(() -> store.describeVpcs(List.of("vpc-00000000000000000"), List.of()),
                "InvalidVpcID.NotFound", "The vpc ID 'vpc-00000000000000000' does not exist");
        assertEc2Error(() -> store.describeVpcs(List.of(), List.of(Ec2Filter.of("colour", "red"))),
                "InvalidParameterValue", "The filter 'colour' is invalid");
        store.createTags(List.of(a.vpcId()), Map.of("stage", "dev"));
        store.deleteTags(List.of(a.vpcId()), java.util.Collections.singletonMap("team", null));
        assertThat(store.vpc(a.vpcId()).tags()).containsOnlyKeys("Name", "stage");
    }

    @Test
    void availabilityZonesAndZoneIds() {
        assertThat(AvailabilityZone.of("us-east-1")).extracting(AvailabilityZone::zoneId)
                .containsExactly("use1-az1", "use1-az2", "use1-az3");
        assertThat(AvailabilityZone.of("ap-southeast-2").get(0).zoneId()).isEqualTo("apse2-az1");
        assertThat(AvailabilityZone.of("eu-central-1").get(2).zoneName()).isEqualTo("eu-central-1c");
    }
}
