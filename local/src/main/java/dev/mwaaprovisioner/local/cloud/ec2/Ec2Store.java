package dev.mwaaprovisioner.local.cloud.ec2;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The EC2 networking resources of one Region: VPCs, subnets, internet gateways, Elastic IPs, NAT
 * gateways, route tables and security groups, with the validation and the errors of EC2.
 *
 * <p>Thread-safe: every operation runs under the store's lock and returns immutable snapshots. The
 * CloudFormation resource providers and the EC2 query API share one store per Region.
 */
public final class Ec2Store {

    /** Public Elastic IP pools: TEST-NET-2 and TEST-NET-3 (RFC 5737), never routed on the internet. */
    private static final List<Ipv4Cidr> PUBLIC_POOLS =
            List.of(Ipv4Cidr.parse("198.51.100.0/24").orElseThrow(), Ipv4Cidr.parse("203.0.113.0/24").orElseThrow());

    private final String region;
    private final String accountId;
    private final String partition;
    private final InstantSource clock;
    private final Ec2Settings settings;
    private final List<AvailabilityZone> zones;

    private final Map<String, Vpc> vpcs = new LinkedHashMap<>();
    private final Map<String, Subnet> subnets = new LinkedHashMap<>();
    private final Map<String, InternetGateway> internetGateways = new LinkedHashMap<>();
    private final Map<String, ElasticIp> addresses = new LinkedHashMap<>();
    private final Map<String, NatGateway> natGateways = new LinkedHashMap<>();
    private final Map<String, RouteTable> routeTables = new LinkedHashMap<>();
    private final Map<String, SecurityGroup> securityGroups = new LinkedHashMap<>();
    /** Subnet ID to holder (an MWAA environment's ARN) to the instant its network interfaces are gone. */
    private final Map<String, Map<String, Instant>> subnetHolds = new LinkedHashMap<>();

    public Ec2Store(String region, String accountId, InstantSource clock, Ec2Settings settings) {
        this.region = region;
        this.accountId = accountId;
        this.partition = partitionOf(region);
        this.clock = clock;
        this.settings = settings;
        this.zones = AvailabilityZone.of(region);
    }

    static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public List<AvailabilityZone> availabilityZones() {
        return zones;
    }

    // ---------------------------------------------------------------- VPCs

    public synchronized Vpc createVpc(String cidrBlock, String instanceTenancy, Map<String, String> tags) {
        Ipv4Cidr cidr = cidr(cidrBlock);
        if (cidr.prefixLength() < 16 || cidr.prefixLength() > 28) {
            throw new Ec2Exception("InvalidVpc.Range", "The CIDR '" + cidrBlock + "' is invalid.");
        }
        if (vpcs.size() >= settings.vpcLimit()) {
            throw new Ec2Exception("VpcLimitExceeded", "The maximum number of VPCs has been reached.");
        }
        String tenancy = instanceTenancy == null ? "default" : instanceTenancy;
        if (!List.of("default", "dedicated").contains(tenancy)) {
            throw Ec2Exception.invalidParameterValue(
                    "Value (" + tenancy + ") for parameter instanceTenancy is invalid. Use default or dedicated.");
        }
        String vpcId = Ec2Ids.next("vpc");
        String mainRouteTableId = Ec2Ids.next("rtb");
        String defaultGroupId = Ec2Ids.next("sg");
        Vpc vpc = new Vpc(vpcId, cidr.toString(), Ec2Ids.next("vpc-cidr-assoc"), tenancy, "default", true, false,
                mainRouteTableId, defaultGroupId, Ec2Ids.next("acl"), accountId, tags);
        vpcs.put(vpcId, vpc);
        routeTables.put(mainRouteTableId, new RouteTable(mainRouteTableId, vpcId,
                List.of(localRoute(vpc)),
                List.of(new RouteTable.Association(Ec2Ids.next("rtbassoc"), mainRouteTableId, null, true)),
                accountId, Map.of()));
        // The default group lets members talk to each other and allows all egress.
        SecurityGroup defaultGroup = new SecurityGroup(defaultGroupId, "default", "default VPC security group", vpcId,
                accountId, groupArn(defaultGroupId), List.of(), Map.of());
        List<SecurityGroupRule> rules = new ArrayList<>();
        rules.addAll(SecurityGroupRules.expand(defaultGroupId, false,
                List.of(IpPermission.allTrafficFromGroup(defaultGroupId)), accountId));
        rules.addAll(SecurityGroupRules.expand(defaultGroupId, true,
                List.of(IpPermission.allTrafficFromCidr("0.0.0.0/0")), accountId));
        securityGroups.put(defaultGroupId, defaultGroup.withRules(rules));
        return vpc;
    }

    private static RouteTable.Route localRoute(Vpc vpc) {
        return new RouteTable.Route(vpc.cidrBlock(), "local", null, "CreateRouteTable", "active");
    }

    public synchronized Vpc modifyVpcDns(String vpcId, Boolean enableDnsSupport, Boolean enableDnsHostnames) {
        Vpc vpc = vpc(vpcId);
        boolean support = enableDnsSupport == null ? vpc.enableDnsSupport() : enableDnsSupport;
        boolean hostnames = enableDnsHostnames == null ? vpc.enableDnsHostnames() : enableDnsHostnames;
        if (hostnames && !support) {
            throw Ec2Exception.invalidParameterValue(
                    "Cannot enable DNS hostnames without DNS support: set EnableDnsSupport to true as well.");
        }
        Vpc updated = vpc.withDns(support, hostnames);
        vpcs.put(vpcId, updated);
        return updated;
    }

    public synchronized void deleteVpc(String vpcId) {
        vpc(vpcId);
        boolean dependents = subnets.values().stream().anyMatch(s -> s.vpcId().equals(vpcId))
                || internetGateways.values().stream().anyMatch(g -> vpcId.equals(g.attachedVpcId()))
                || routeTables.values().stream().anyMatch(t -> t.vpcId().equals(vpcId) && !t.main())
                || securityGroups.values().stream().anyMatch(g -> g.vpcId().equals(vpcId) && !"default".equals(g.groupName()))
                || natGateways.values().stream().anyMatch(n -> n.vpcId().equals(vpcId));
        if (dependents) {
            throw Ec2Exception.dependencyViolation("vpc", vpcId);
        }
        routeTables.values().removeIf(t -> t.vpcId().equals(vpcId));
        securityGroups.values().removeIf(g -> g.vpcId().equals(vpcId));
        vpcs.remove(vpcId);
    }

    public synchronized Vpc vpc(String vpcId) {
        Vpc vpc = vpcs.get(vpcId);
        if (vpc == null) {
            throw Ec2Exception.notFound("InvalidVpcID.NotFound", "vpc", vpcId);
        }
        return vpc;
    }

    public synchronized List<Vpc> describeVpcs(Collection<String> vpcIds, List<Ec2Filter> filters) {
        return describe(vpcs, vpcIds, id -> Ec2Exception.notFound("InvalidVpcID.NotFound", "vpc", id), filters,
                new Ec2Filter.Fields<>(Map.of(
                        "vpc-id", v -> List.of(v.vpcId()),
                        "cidr", v -> List.of(v.cidrBlock()),
                        "cidr-block-association.cidr-block", v -> List.of(v.cidrBlock()),
                        "state", v -> List.of(v.state()),
                        "is-default", v -> List.of("false"),
                        "owner-id", v -> List.of(v.ownerId()),
                        "dhcp-options-id", v -> List.of(v.dhcpOptionsId())), Vpc::tags));
    }

    // ---------------------------------------------------------------- subnets

    public synchronized Subnet createSubnet(String vpcId, String cidrBlock, String availabilityZone,
            String availabilityZoneId, Map<String, String> tags) {
        return createSubnet(Ec2Ids.next("subnet"), vpcId, cidrBlock, availabilityZone, availabilityZoneId, tags);
    }

    /**
     * Local only, never through the EC2 API (where EC2 picks the ID): a subnet with the given ID,
     * so that a request naming a subnet of the user's account finds it in the local cloud.
     */
    public synchronized Subnet createSubnet(String subnetId, String vpcId, String cidrBlock, String availabilityZone,
            String availabilityZoneId, Map<String, String> tags) {
        requireNewId(subnetId, "subnet", subnets.keySet());
        Vpc vpc = vpc(vpcId);
        Ipv4Cidr cidr = cidr(cidrBlock);
        Ipv4Cidr vpcCidr = Ipv4Cidr.parse(vpc.cidrBlock()).orElseThrow();
        if (cidr.prefixLength() < 16 || cidr.prefixLength() > 28 || !vpcCidr.contains(cidr)) {
            throw new Ec2Exception("InvalidSubnet.Range", "The CIDR '" + cidrBlock + "' is invalid.");
        }
        boolean conflict = subnets.values().stream().filter(s -> s.vpcId().equals(vpcId))
                .anyMatch(s -> Ipv4Cidr.parse(s.cidrBlock()).orElseThrow().overlaps(cidr));
        if (conflict) {
            throw new Ec2Exception("InvalidSubnet.Conflict", "The CIDR '" + cidrBlock + "' conflicts with another subnet");
        }
        AvailabilityZone zone = zone(availabilityZone, availabilityZoneId);
        Subnet subnet = new Subnet(subnetId, vpcId, cidr.toString(), zone.zoneName(), zone.zoneId(), false, accountId,
                "arn:" + partition + ":ec2:" + region + ":" + accountId + ":subnet/" + subnetId, tags);
        subnets.put(subnetId, subnet);
        return subnet;
    }

    /** The named zone; with neither name nor ID, EC2 picks one (the first here). */
    private AvailabilityZone zone(String name, String zoneId) {
        if (name != null && !name.isEmpty()) {
            return zones.stream().filter(z -> z.zoneName().equals(name)).findFirst()
                    .orElseThrow(() -> Ec2Exception.invalidParameterValue("Value (" + name
                            + ") for parameter availabilityZone is invalid. Subnets can currently only be created in"
                            + " the following availability zones: " + String.join(", ",
                                    zones.stream().map(AvailabilityZone::zoneName).toList()) + "."));
        }
        if (zoneId != null && !zoneId.isEmpty()) {
            return zones.stream().filter(z -> z.zoneId().equals(zoneId)).findFirst()
                    .orElseThrow(() -> Ec2Exception.invalidParameterValue("Value (" + zoneId
                            + ") for parameter availabilityZoneId is invalid. Subnets can currently only be created in"
                            + " the following availability zone IDs: " + String.join(", ",
                                    zones.stream().map(AvailabilityZone::zoneId).toList()) + "."));
        }
        return zones.get(0);
    }

    public synchronized Subnet modifySubnetMapPublicIpOnLaunch(String subnetId, boolean value) {
        Subnet updated = subnet(subnetId).withMapPublicIpOnLaunch(value);
        subnets.put(subnetId, updated);
        return updated;
    }

    /**
     * Records that another service's network interfaces (an MWAA environment's VPC endpoints) are
     * in these subnets until {@code until} ({@link Instant#MAX}: while it exists). A held subnet
     * cannot be deleted, as in EC2, where those interfaces outlive their owner by minutes.
     */
    public synchronized void holdSubnets(String holder, Collection<String> subnetIds, Instant until) {
        for (String subnetId : subnetIds) {
            subnetHolds.computeIfAbsent(subnetId, id -> new LinkedHashMap<>()).put(holder, until);
        }
    }

    public synchronized void deleteSubnet(String subnetId) {
        subnet(subnetId);
        Instant now = clock.instant();
        boolean held = subnetHolds.getOrDefault(subnetId, Map.of()).values().stream().anyMatch(now::isBefore);
        if (held || natGateways.values().stream().anyMatch(n -> n.subnetId().equals(subnetId))) {
            throw Ec2Exception.dependencyViolation("subnet", subnetId);
        }
        subnetHolds.remove(subnetId);
        // Deleting a subnet removes its route table association, as in EC2.
        routeTables.replaceAll((id, table) -> table.withAssociations(table.associations().stream()
                .filter(a -> !subnetId.equals(a.subnetId())).toList()));
        subnets.remove(subnetId);
    }

    public synchronized Subnet subnet(String subnetId) {
        Subnet subnet = subnets.get(subnetId);
        if (subnet == null) {
            throw Ec2Exception.notFound("InvalidSubnetID.NotFound", "subnet", subnetId);
        }
        return subnet;
    }

    public synchronized List<Subnet> describeSubnets(Collection<String> subnetIds, List<Ec2Filter> filters) {
        return describe(subnets, subnetIds, id -> Ec2Exception.notFound("InvalidSubnetID.NotFound", "subnet", id),
                filters, new Ec2Filter.Fields<>(Map.ofEntries(
                        Map.entry("subnet-id", s -> List.of(s.subnetId())),
                        Map.entry("vpc-id", s -> List.of(s.vpcId())),
                        Map.entry("availability-zone", s -> List.of(s.availabilityZone())),
                        Map.entry("availability-zone-id", s -> List.of(s.availabilityZoneId())),
                        Map.entry("cidr-block", s -> List.of(s.cidrBlock())),
                        Map.entry("cidrBlock", s -> List.of(s.cidrBlock())),
                        Map.entry("cidr", s -> List.of(s.cidrBlock())),
                        Map.entry("state", s -> List.of(s.state())),
                        Map.entry("default-for-az", s -> List.of("false")),
                        Map.entry("map-public-ip-on-launch", s -> List.of(Boolean.toString(s.mapPublicIpOnLaunch()))),
                        Map.entry("owner-id", s -> List.of(s.ownerId())),
                        Map.entry("subnet-arn", s -> List.of(s.subnetArn()))), Subnet::tags));
    }

    // ---------------------------------------------------------------- internet gateways

    public synchronized InternetGateway createInternetGateway(Map<String, String> tags) {
        InternetGateway gateway = new InternetGateway(Ec2Ids.next("igw"), null, accountId, tags);
        internetGateways.put(gateway.internetGatewayId(), gateway);
        return gateway;
    }

    public synchronized void attachInternetGateway(String internetGatewayId, String vpcId) {
        InternetGateway gateway = internetGateway(internetGatewayId);
        vpc(vpcId);
        if (gateway.attached()) {
            throw new Ec2Exception("Resource.AlreadyAssociated", "resource " + internetGatewayId
                    + " is already attached to network " + gateway.attachedVpcId());
        }
        internetGateways.values().stream().filter(g -> vpcId.equals(g.attachedVpcId())).findFirst().ifPresent(g -> {
            throw new Ec2Exception("Resource.AlreadyAssociated", "resource " + vpcId
                    + " already has an internet gateway attached: " + g.internetGatewayId());
        });
        internetGateways.put(internetGatewayId, gateway.withAttachedVpcId(vpcId));
    }

    public synchronized void detachInternetGateway(String internetGatewayId, String vpcId) {
        InternetGateway gateway = internetGateway(internetGatewayId);
        vpc(vpcId);
        if (!vpcId.equals(gateway.attachedVpcId())) {
            throw new Ec2Exception("Gateway.NotAttached",
                    "resource " + internetGatewayId + " is not attached to network " + vpcId);
        }
        // Public addresses mapped in the VPC (NAT gateways' Elastic IPs) need the gateway.
        if (natGateways.values().stream().anyMatch(n -> n.vpcId().equals(vpcId))) {
            throw new Ec2Exception("DependencyViolation", "Network " + vpcId
                    + " has some mapped public address(es). Please unmap those public address(es) before detaching"
                    + " the gateway.");
        }
        internetGateways.put(internetGatewayId, gateway.withAttachedVpcId(null));
    }

    public synchronized void deleteInternetGateway(String internetGatewayId) {
        if (internetGateway(internetGatewayId).attached()) {
            throw Ec2Exception.dependencyViolation("internetGateway", internetGatewayId);
        }
        internetGateways.remove(internetGatewayId);
    }

    public synchronized InternetGateway internetGateway(String internetGatewayId) {
        InternetGateway gateway = internetGateways.get(internetGatewayId);
        if (gateway == null) {
            throw Ec2Exception.notFound("InvalidInternetGatewayID.NotFound", "internetGateway", internetGatewayId);
        }
        return gateway;
    }

    public synchronized List<InternetGateway> describeInternetGateways(Collection<String> ids, List<Ec2Filter> filters) {
        return describe(internetGateways, ids,
                id -> Ec2Exception.notFound("InvalidInternetGatewayID.NotFound", "internetGateway", id), filters,
                new Ec2Filter.Fields<>(Map.of(
                        "internet-gateway-id", g -> List.of(g.internetGatewayId()),
                        "attachment.vpc-id", g -> g.attached() ? List.of(g.attachedVpcId()) : List.of(),
                        "attachment.state", g -> g.attached() ? List.of("available") : List.of(),
                        "owner-id", g -> List.of(g.ownerId())), InternetGateway::tags));
    }

    // ---------------------------------------------------------------- Elastic IPs

    public synchronized ElasticIp allocateAddress(String domain, Map<String, String> tags) {
        if (domain != null && !"vpc".equals(domain)) {
            throw Ec2Exception.invalidParameterValue("Value (" + domain
                    + ") for parameter domain is invalid. Only 'vpc' is supported (EC2-Classic is retired).");
        }
        if (addresses.size() >= settings.elasticIpLimit()) {
            throw new Ec2Exception("AddressLimitExceeded", "The maximum number of addresses has been reached.");
        }
        Set<String> used = new TreeSet<>();
        addresses.values().forEach(a -> used.add(a.publicIp()));
        String publicIp = PUBLIC_POOLS.stream()
                .flatMap(pool -> Stream.iterate(1L, i -> i < pool.size() - 1, i -> i + 1).map(pool::address))
                .filter(ip -> !used.contains(ip)).findFirst()
                .orElseThrow(() -> new Ec2Exception("AddressLimitExceeded",
                        "The maximum number of addresses has been reached."));
        ElasticIp address = new ElasticIp(Ec2Ids.next("eipalloc"), publicIp, "vpc", null, null, null, region, tags);
        addresses.put(address.allocationId(), address);
        return address;
    }

    public synchronized void releaseAddress(String allocationId) {
        ElasticIp address = address(allocationId);
        if (address.associated()) {
            throw new Ec2Exception("InvalidIPAddress.InUse", "Address " + address.publicIp() + " is in use.");
        }
        addresses.remove(allocationId);
    }

    public synchronized ElasticIp address(String allocationId) {
        ElasticIp address = addresses.get(allocationId);
        if (address == null) {
            throw Ec2Exception.notFound("InvalidAllocationID.NotFound", "allocation", allocationId);
        }
        return address;
    }

    public synchronized List<ElasticIp> describeAddresses(Collection<String> allocationIds, Collection<String> publicIps,
            List<Ec2Filter> filters) {
        List<ElasticIp> found = describe(addresses, allocationIds,
                id -> Ec2Exception.notFound("InvalidAllocationID.NotFound", "allocation", id), filters,
                new Ec2Filter.Fields<>(Map.of(
                        "allocation-id", a -> List.of(a.allocationId()),
                        "public-ip", a -> List.of(a.publicIp()),
                        "domain", a -> List.of(a.domain()),
                        "association-id", a -> a.associated() ? List.of(a.associationId()) : List.of(),
                        "network-interface-id", a -> a.associated() ? List.of(a.networkInterfaceId()) : List.of(),
                        "private-ip-address", a -> a.associated() ? List.of(a.privateIpAddress()) : List.of(),
                        "network-border-group", a -> List.of(a.networkBorderGroup())), ElasticIp::tags));
        if (publicIps == null || publicIps.isEmpty()) {
            return found;
        }
        for (String ip : publicIps) {
            if (found.stream().noneMatch(a -> a.publicIp().equals(ip))) {
                throw new Ec2Exception("InvalidAddress.NotFound", "Address '" + ip + "' not found.");
            }
        }
        return found.stream().filter(a -> publicIps.contains(a.publicIp())).toList();
    }

    // ---------------------------------------------------------------- NAT gateways

    public synchronized NatGateway createNatGateway(String subnetId, String allocationId, String connectivityType,
            Map<String, String> tags) {
        if (connectivityType != null && !"public".equals(connectivityType)) {
            throw Ec2Exception.unsupported("A NAT gateway with ConnectivityType '" + connectivityType + "'");
        }
        Subnet subnet = subnet(subnetId);
        if (allocationId == null) {
            throw new Ec2Exception("MissingParameter",
                    "The request must contain the parameter AllocationId (a public NAT gateway needs an Elastic IP).");
        }
        ElasticIp address = address(allocationId);
        if (address.associated()) {
            throw new Ec2Exception("Resource.AlreadyAssociated",
                    "Elastic IP address [" + allocationId + "] is already associated");
        }
        if (internetGateways.values().stream().noneMatch(g -> subnet.vpcId().equals(g.attachedVpcId()))) {
            throw new Ec2Exception("Gateway.NotAttached",
                    "Network " + subnet.vpcId() + " has no Internet gateway attached");
        }
        Ipv4Cidr subnetCidr = Ipv4Cidr.parse(subnet.cidrBlock()).orElseThrow();
        long usedInSubnet = natGateways.values().stream().filter(n -> n.subnetId().equals(subnetId)).count();
        String privateIp = subnetCidr.address(4 + usedInSubnet); // the first four addresses are AWS-reserved
        String networkInterfaceId = Ec2Ids.next("eni");
        String associationId = Ec2Ids.next("eipassoc");
        Instant now = clock.instant();
        NatGateway gateway = new NatGateway(Ec2Ids.next("nat"), subnetId, subnet.vpcId(), allocationId,
                address.publicIp(), privateIp, networkInterfaceId, associationId, now,
                now.plus(settings.natGatewayPendingTime()), tags);
        natGateways.put(gateway.natGatewayId(), gateway);
        addresses.put(allocationId, address.associate(associationId, networkInterfaceId, privateIp));
        return gateway;
    }

    /** Deletes the gateway and frees its Elastic IP; routes through it become blackholes. */
    public synchronized void deleteNatGateway(String natGatewayId) {
        NatGateway gateway = natGateway(natGatewayId);
        natGateways.remove(natGatewayId);
        ElasticIp address = addresses.get(gateway.allocationId());
        if (address != null) {
            addresses.put(address.allocationId(), address.disassociate());
        }
    }

    public synchronized NatGateway natGateway(String natGatewayId) {
        NatGateway gateway = natGateways.get(natGatewayId);
        if (gateway == null) {
            throw new Ec2Exception("NatGatewayNotFound", "The Nat Gateway " + natGatewayId + " was not found");
        }
        return gateway;
    }

    public Instant now() {
        return clock.instant();
    }

    public synchronized List<NatGateway> describeNatGateways(Collection<String> ids, List<Ec2Filter> filters) {
        Instant now = clock.instant();
        return describe(natGateways, ids,
                id -> new Ec2Exception("NatGatewayNotFound", "The Nat Gateway " + id + " was not found"), filters,
                new Ec2Filter.Fields<>(Map.of(
                        "nat-gateway-id", n -> List.of(n.natGatewayId()),
                        "subnet-id", n -> List.of(n.subnetId()),
                        "vpc-id", n -> List.of(n.vpcId()),
                        "state", n -> List.of(n.state(now))), NatGateway::tags));
    }

    // ---------------------------------------------------------------- route tables

    public synchronized RouteTable createRouteTable(String vpcId, Map<String, String> tags) {
        Vpc vpc = vpc(vpcId);
        RouteTable table = new RouteTable(Ec2Ids.next("rtb"), vpcId, List.of(localRoute(vpc)), List.of(), accountId,
                tags);
        routeTables.put(table.routeTableId(), table);
        return table;
    }

    public synchronized void deleteRouteTable(String routeTableId) {
        RouteTable table = routeTable(routeTableId);
        if (!table.associations().isEmpty()) {
            throw Ec2Exception.dependencyViolation("routeTable", routeTableId);
        }
        routeTables.remove(routeTableId);
    }

    public synchronized RouteTable routeTable(String routeTableId) {
        RouteTable table = routeTables.get(routeTableId);
        if (table == null) {
            throw Ec2Exception.notFound("InvalidRouteTableID.NotFound", "routeTable", routeTableId);
        }
        return withRouteStates(table);
    }

    /** Adds a route to an internet gateway or a NAT gateway of the table's VPC. */
    public synchronized RouteTable createRoute(String routeTableId, String destinationCidrBlock, String gatewayId,
            String natGatewayId) {
        RouteTable table = routeTable(routeTableId);
        if (destinationCidrBlock == null) {
            throw new Ec2Exception("MissingParameter", "The request must contain the parameter destinationCidrBlock");
        }
        cidr(destinationCidrBlock, "destinationCidrBlock");
        if ((gatewayId == null) == (natGatewayId == null)) {
            throw new Ec2Exception("InvalidParameterCombination", "The route to " + destinationCidrBlock
                    + " needs exactly one target: GatewayId (internet gateway) or NatGatewayId.");
        }
        if (table.route(destinationCidrBlock).isPresent()) {
            throw new Ec2Exception("RouteAlreadyExists",
                    "The route identified by " + destinationCidrBlock + " already exists.");
        }
        if (gatewayId != null) {
            if (!gatewayId.startsWith("igw-")) {
                throw Ec2Exception.unsupported("A route to gateway '" + gatewayId + "' (only internet gateways)");
            }
            InternetGateway gateway = internetGateways.get(gatewayId);
            if (gateway == null) {
                throw Ec2Exception.notFound("InvalidGatewayID.NotFound", "gateway", gatewayId);
            }
            if (!table.vpcId().equals(gateway.attachedVpcId())) {
                throw Ec2Exception.invalidParameterValue("route table " + routeTableId + " and network gateway "
                        + gatewayId + " belong to different networks");
            }
        } else {
            NatGateway gateway = natGateways.get(natGatewayId);
            if (gateway == null) {
                throw Ec2Exception.notFound("InvalidNatGatewayID.NotFound", "natGateway", natGatewayId);
            }
            if (!table.vpcId().equals(gateway.vpcId())) {
                throw Ec2Exception.invalidParameterValue("route table " + routeTableId + " and NAT gateway "
                        + natGatewayId + " belong to different networks");
            }
        }
        RouteTable updated = routeTables.get(routeTableId).withRoute(
                new RouteTable.Route(destinationCidrBlock, gatewayId, natGatewayId, "CreateRoute", "active"));
        routeTables.put(routeTableId, updated);
        return withRouteStates(updated);
    }

    /** Points an existing route at a new target (ReplaceRoute). */
    public synchronized RouteTable replaceRoute(String routeTableId, String destinationCidrBlock, String gatewayId,
            String natGatewayId) {
        RouteTable table = routeTable(routeTableId);
        RouteTable.Route existing = table.route(destinationCidrBlock).orElseThrow(() -> new Ec2Exception(
                "InvalidParameterValue", "There is no route defined for '" + destinationCidrBlock
                        + "' in the route table. Use CreateRoute instead."));
        if ("local".equals(existing.gatewayId())) {
            throw Ec2Exception.invalidParameterValue("cannot replace local route " + destinationCidrBlock);
        }
        RouteTable without = table.withRoutes(table.routes().stream()
                .filter(r -> !destinationCidrBlock.equals(r.destinationCidrBlock())).toList());
        routeTables.put(routeTableId, without);
        try {
            return createRoute(routeTableId, destinationCidrBlock, gatewayId, natGatewayId);
        } catch (Ec2Exception e) {
            routeTables.put(routeTableId, table); // keep the old route when the new target is refused
            throw e;
        }
    }

    public synchronized void deleteRoute(String routeTableId, String destinationCidrBlock) {
        RouteTable table = routeTable(routeTableId);
        RouteTable.Route route = table.route(destinationCidrBlock).orElseThrow(() -> new Ec2Exception(
                "InvalidRoute.NotFound", "no route with destination-cidr-block " + destinationCidrBlock
                        + " in route table " + routeTableId));
        if ("local".equals(route.gatewayId())) {
            throw Ec2Exception.invalidParameterValue("cannot remove local route " + destinationCidrBlock
                    + " in route table " + routeTableId);
        }
        routeTables.put(routeTableId, routeTables.get(routeTableId).withRoutes(table.routes().stream()
                .filter(r -> !destinationCidrBlock.equals(r.destinationCidrBlock())).toList()));
    }

    public synchronized RouteTable.Association associateRouteTable(String routeTableId, String subnetId) {
        RouteTable table = routeTable(routeTableId);
        Subnet subnet = subnet(subnetId);
        if (!table.vpcId().equals(subnet.vpcId())) {
            throw Ec2Exception.invalidParameterValue(
                    "Route table " + routeTableId + " and subnet " + subnetId + " belong to different networks");
        }
        routeTables.values().stream()
                .filter(t -> t.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId())))
                .findFirst().ifPresent(t -> {
                    throw new Ec2Exception("Resource.AlreadyAssociated", "the specified association for route table "
                            + t.routeTableId() + " conflicts with an existing association");
                });
        RouteTable.Association association =
                new RouteTable.Association(Ec2Ids.next("rtbassoc"), routeTableId, subnetId, false);
        List<RouteTable.Association> associations = new ArrayList<>(table.associations());
        associations.add(association);
        routeTables.put(routeTableId, routeTables.get(routeTableId).withAssociations(associations));
        return association;
    }

    /** Moves a subnet's association to another route table of its VPC; returns the new association. */
    public synchronized RouteTable.Association replaceRouteTableAssociation(String associationId, String routeTableId) {
        RouteTable target = routeTable(routeTableId);
        RouteTable current = routeTables.values().stream()
                .filter(t -> t.associations().stream().anyMatch(a -> a.associationId().equals(associationId)))
                .findFirst().orElseThrow(() -> new Ec2Exception("InvalidAssociationID.NotFound",
                        "The association ID '" + associationId + "' does not exist"));
        RouteTable.Association old = current.associations().stream()
                .filter(a -> a.associationId().equals(associationId)).findFirst().orElseThrow();
        if (!target.vpcId().equals(current.vpcId())) {
            throw Ec2Exception.invalidParameterValue("Route table " + routeTableId + " and association "
                    + associationId + " belong to different networks");
        }
        RouteTable.Association replacement =
                new RouteTable.Association(Ec2Ids.next("rtbassoc"), routeTableId, old.subnetId(), old.main());
        routeTables.put(current.routeTableId(), current.withAssociations(current.associations().stream()
                .filter(a -> !a.associationId().equals(associationId)).toList()));
        RouteTable fresh = routeTables.get(routeTableId);
        List<RouteTable.Association> associations = new ArrayList<>(fresh.associations());
        associations.add(replacement);
        routeTables.put(routeTableId, fresh.withAssociations(associations));
        return replacement;
    }

    public synchronized void disassociateRouteTable(String associationId) {
        RouteTable table = routeTables.values().stream()
                .filter(t -> t.associations().stream().anyMatch(a -> a.associationId().equals(associationId)))
                .findFirst().orElseThrow(() -> new Ec2Exception("InvalidAssociationID.NotFound",
                        "The association ID '" + associationId + "' does not exist"));
        RouteTable.Association association = table.associations().stream()
                .filter(a -> a.associationId().equals(associationId)).findFirst().orElseThrow();
        if (association.main()) {
            throw Ec2Exception.invalidParameterValue("cannot disassociate the main route table association "
                    + associationId);
        }
        routeTables.put(table.routeTableId(), table.withAssociations(table.associations().stream()
                .filter(a -> !a.associationId().equals(associationId)).toList()));
    }

    public synchronized List<RouteTable> describeRouteTables(Collection<String> ids, List<Ec2Filter> filters) {
        List<RouteTable> tables = describe(routeTables, ids,
                id -> Ec2Exception.notFound("InvalidRouteTableID.NotFound", "routeTable", id), filters,
                new Ec2Filter.Fields<>(Map.ofEntries(
                        Map.entry("route-table-id", t -> List.of(t.routeTableId())),
                        Map.entry("vpc-id", t -> List.of(t.vpcId())),
                        Map.entry("owner-id", t -> List.of(t.ownerId())),
                        Map.entry("association.subnet-id", t -> t.associations().stream()
                                .map(RouteTable.Association::subnetId).filter(s -> s != null).toList()),
                        Map.entry("association.main", t -> List.of(Boolean.toString(t.main()))),
                        Map.entry("association.route-table-association-id", t -> t.associations().stream()
                                .map(RouteTable.Association::associationId).toList()),
                        Map.entry("association.route-table-id", t -> t.associations().isEmpty() ? List.of()
                                : List.of(t.routeTableId())),
                        Map.entry("route.destination-cidr-block", t -> t.routes().stream()
                                .map(RouteTable.Route::destinationCidrBlock).toList()),
                        Map.entry("route.gateway-id", t -> t.routes().stream().map(RouteTable.Route::gatewayId)
                                .filter(g -> g != null).toList()),
                        Map.entry("route.nat-gateway-id", t -> t.routes().stream()
                                .map(RouteTable.Route::natGatewayId).filter(g -> g != null).toList()),
                        Map.entry("route.state", t -> withRouteStates(t).routes().stream()
                                .map(RouteTable.Route::state).toList())), RouteTable::tags));
        return tables.stream().map(this::withRouteStates).toList();
    }

    /** Routes whose target is gone are blackholes. */
    private RouteTable withRouteStates(RouteTable table) {
        return table.withRoutes(table.routes().stream().map(r -> r.withState(targetExists(table, r) ? "active"
                : "blackhole")).toList());
    }

    private boolean targetExists(RouteTable table, RouteTable.Route route) {
        if ("local".equals(route.gatewayId())) {
            return true;
        }
        if (route.gatewayId() != null) {
            InternetGateway gateway = internetGateways.get(route.gatewayId());
            return gateway != null && table.vpcId().equals(gateway.attachedVpcId());
        }
        return natGateways.containsKey(route.natGatewayId());
    }

    /** The routing in effect for a subnet: what decides whether it is private. */
    public synchronized SubnetRouting subnetRouting(String subnetId) {
        Subnet subnet = subnet(subnetId);
        Optional<RouteTable> explicit = routeTables.values().stream()
                .filter(t -> t.associations().stream().anyMatch(a -> subnetId.equals(a.subnetId()))).findFirst();
        RouteTable table = withRouteStates(explicit.orElseGet(() -> routeTables.get(vpc(subnet.vpcId())
                .mainRouteTableId())));
        String defaultTarget = table.route("0.0.0.0/0").filter(r -> "active".equals(r.state()))
                .map(RouteTable.Route::target).orElse(null);
        return new SubnetRouting(subnetId, subnet.vpcId(), subnet.availabilityZone(), subnet.availabilityZoneId(),
                table.routeTableId(), explicit.isPresent(), defaultTarget);
    }

    // ---------------------------------------------------------------- security groups

    public synchronized SecurityGroup createSecurityGroup(String groupName, String description, String vpcId,
            Map<String, String> tags) {
        return createSecurityGroup(Ec2Ids.next("sg"), groupName, description, vpcId, tags);
    }

    /** Local only, like {@link #createSubnet(String, String, String, String, String, Map)}: a group with the given ID. */
    public synchronized SecurityGroup createSecurityGroup(String groupId, String groupName, String description,
            String vpcId, Map<String, String> tags) {
        requireNewId(groupId, "sg", securityGroups.keySet());
        if (vpcId == null) {
            throw new Ec2Exception("VPCIdNotSpecified", "No default VPC for this user. GroupName is only allowed"
                    + " to be used with a default VPC: give the VpcId of the group.");
        }
        vpc(vpcId);
        if (groupName == null || groupName.isEmpty()) {
            throw new Ec2Exception("MissingParameter", "The request must contain the parameter groupName");
        }
        if (description == null || description.isEmpty()) {
            throw new Ec2Exception("MissingParameter", "The request must contain the parameter groupDescription");
        }
        if (groupName.length() > 255 || description.length() > 255) {
            throw Ec2Exception.invalidParameterValue("Security group name and description must be at most 255"
                    + " characters");
        }
        if (groupName.startsWith("sg-")) {
            throw Ec2Exception.invalidParameterValue("Group names may not be in the format sg-*");
        }
        if ("default".equals(groupName)) {
            throw new Ec2Exception("InvalidGroup.Reserved", "The security group 'default' is reserved");
        }
        if (securityGroups.values().stream().anyMatch(g -> g.vpcId().equals(vpcId) && g.groupName().equals(groupName))) {
            throw new Ec2Exception("InvalidGroup.Duplicate",
                    "The security group '" + groupName + "' already exists for VPC '" + vpcId + "'");
        }
        // A new VPC security group allows all outbound traffic and no inbound traffic.
        List<SecurityGroupRule> egress = SecurityGroupRules.expand(groupId, true,
                List.of(IpPermission.allTrafficFromCidr("0.0.0.0/0")), accountId);
        SecurityGroup group = new SecurityGroup(groupId, groupName, description, vpcId, accountId, groupArn(groupId),
                egress, tags);
        securityGroups.put(groupId, group);
        return group;
    }

    private static void requireNewId(String id, String prefix, Collection<String> taken) {
        if (id == null || !id.matches(prefix + "-([0-9a-f]{8}|[0-9a-f]{17})")) {
            throw Ec2Exception.invalidParameterValue("'" + id + "' is not a " + prefix + "- ID: " + prefix
                    + "- and 8 or 17 lowercase hex digits.");
        }
        if (taken.contains(id)) {
            throw Ec2Exception.invalidParameterValue(id + " exists already.");
        }
    }

    private String groupArn(String groupId) {
        return "arn:" + partition + ":ec2:" + region + ":" + accountId + ":security-group/" + groupId;
    }

    public synchronized void deleteSecurityGroup(String groupId) {
        SecurityGroup group = securityGroup(groupId);
        if ("default".equals(group.groupName())) {
            throw new Ec2Exception("CannotDelete",
                    "the specified group: \"" + groupId + "\" name: \"default\" cannot be deleted by a user");
        }
        boolean referenced = securityGroups.values().stream().filter(g -> !g.groupId().equals(groupId))
                .flatMap(g -> g.rules().stream()).anyMatch(r -> groupId.equals(r.referencedGroupId()));
        if (referenced) {
            throw new Ec2Exception("DependencyViolation", "resource " + groupId + " has a dependent object");
        }
        securityGroups.remove(groupId);
    }

    public synchronized SecurityGroup securityGroup(String groupId) {
        SecurityGroup group = securityGroups.get(groupId);
        if (group == null) {
            throw new Ec2Exception("InvalidGroup.NotFound", "The security group '" + groupId + "' does not exist");
        }
        return group;
    }

    /** Adds rules; returns the new rules. A rule that already exists is an InvalidPermission.Duplicate error. */
    public synchronized List<SecurityGroupRule> authorize(String groupId, boolean egress, List<IpPermission> permissions) {
        SecurityGroup group = securityGroup(groupId);
        List<SecurityGroupRule> added = SecurityGroupRules.expand(groupId, egress, permissions, accountId);
        List<SecurityGroupRule> rules = new ArrayList<>(group.rules());
        for (SecurityGroupRule rule : added) {
            if (rule.referencedGroupId() != null) {
                SecurityGroup peer = securityGroup(rule.referencedGroupId());
                if (!peer.vpcId().equals(group.vpcId())) {
                    throw Ec2Exception.invalidParameterValue("You have specified two resources that belong to"
                            + " different networks: " + groupId + " and " + peer.groupId());
                }
            }
            if (rules.stream().anyMatch(r -> r.sameRuleAs(rule))) {
                throw new Ec2Exception("InvalidPermission.Duplicate",
                        "the specified rule \"" + rule.describe() + "\" already exists");
            }
            rules.add(rule);
        }
        securityGroups.put(groupId, group.withRules(rules));
        return added;
    }

    /** Removes the rules matching the permissions. A rule that does not exist is an InvalidPermission.NotFound error. */
    public synchronized void revoke(String groupId, boolean egress, List<IpPermission> permissions) {
        SecurityGroup group = securityGroup(groupId);
        List<SecurityGroupRule> removed = SecurityGroupRules.expand(groupId, egress, permissions, accountId);
        List<SecurityGroupRule> rules = new ArrayList<>(group.rules());
        for (SecurityGroupRule rule : removed) {
            if (!rules.removeIf(r -> r.sameRuleAs(rule))) {
                throw new Ec2Exception("InvalidPermission.NotFound",
                        "The specified rule does not exist in this security group.");
            }
        }
        securityGroups.put(groupId, group.withRules(rules));
    }

    public synchronized void revokeRules(String groupId, boolean egress, Collection<String> ruleIds) {
        SecurityGroup group = securityGroup(groupId);
        List<SecurityGroupRule> rules = new ArrayList<>(group.rules());
        for (String ruleId : ruleIds) {
            if (!rules.removeIf(r -> r.ruleId().equals(ruleId) && r.egress() == egress)) {
                throw new Ec2Exception("InvalidSecurityGroupRuleId.NotFound",
                        "The security group rule ID '" + ruleId + "' does not exist");
            }
        }
        securityGroups.put(groupId, group.withRules(rules));
    }

    /** Changes the description of one rule (UpdateSecurityGroupRuleDescriptions*). */
    public synchronized void updateRuleDescription(String groupId, String ruleId, String description) {
        SecurityGroup group = securityGroup(groupId);
        if (group.rules().stream().noneMatch(r -> r.ruleId().equals(ruleId))) {
            throw new Ec2Exception("InvalidSecurityGroupRuleId.NotFound",
                    "The security group rule ID '" + ruleId + "' does not exist");
        }
        securityGroups.put(groupId, group.withRules(group.rules().stream().map(r -> !r.ruleId().equals(ruleId) ? r
                : new SecurityGroupRule(r.ruleId(), r.groupId(), r.egress(), r.ipProtocol(), r.fromPort(), r.toPort(),
                        r.cidrIpv4(), r.cidrIpv6(), r.referencedGroupId(), r.referencedUserId(), r.prefixListId(),
                        description)).toList()));
    }

    public synchronized List<SecurityGroup> describeSecurityGroups(Collection<String> groupIds,
            Collection<String> groupNames, List<Ec2Filter> filters) {
        List<SecurityGroup> found = describe(securityGroups, groupIds,
                id -> new Ec2Exception("InvalidGroup.NotFound", "The security group '" + id + "' does not exist"),
                filters, new Ec2Filter.Fields<>(Map.of(
                        "group-id", g -> List.of(g.groupId()),
                        "group-name", g -> List.of(g.groupName()),
                        "vpc-id", g -> List.of(g.vpcId()),
                        "description", g -> List.of(g.description()),
                        "owner-id", g -> List.of(g.ownerId()),
                        "ip-permission.group-id", g -> g.rules(false).stream()
                                .map(SecurityGroupRule::referencedGroupId).filter(id -> id != null).toList(),
                        "ip-permission.cidr", g -> g.rules(false).stream()
                                .map(SecurityGroupRule::cidrIpv4).filter(c -> c != null).toList(),
                        "egress.ip-permission.cidr", g -> g.rules(true).stream()
                                .map(SecurityGroupRule::cidrIpv4).filter(c -> c != null).toList()),
                        SecurityGroup::tags));
        if (groupNames == null || groupNames.isEmpty()) {
            return found;
        }
        for (String name : groupNames) {
            if (found.stream().noneMatch(g -> g.groupName().equals(name))) {
                throw new Ec2Exception("InvalidGroup.NotFound", "The security group '" + name + "' does not exist");
            }
        }
        return found.stream().filter(g -> groupNames.contains(g.groupName())).toList();
    }

    // ---------------------------------------------------------------- tags

    /** Adds or overwrites tags on resources of any supported type. */
    public synchronized void createTags(Collection<String> resourceIds, Map<String, String> tags) {
        for (String id : resourceIds) {
            retag(id, current -> Tags.merge(current, tags));
        }
    }

    /** Removes tags; a tag given with a value is removed only if its value matches. */
    public synchronized void deleteTags(Collection<String> resourceIds, Map<String, String> tags) {
        for (String id : resourceIds) {
            retag(id, current -> Tags.remove(current, tags));
        }
    }

    /** Replaces all tags of a resource except those the caller does not manage (e.g. {@code aws:} tags). */
    public synchronized void replaceTags(String resourceId, Map<String, String> tags, Collection<String> removedKeys) {
        retag(resourceId, current -> Tags.merge(Tags.without(current, removedKeys), tags));
    }

    public synchronized Map<String, String> tagsOf(String resourceId) {
        java.util.concurrent.atomic.AtomicReference<Map<String, String>> result =
                new java.util.concurrent.atomic.AtomicReference<>();
        retag(resourceId, current -> {
            result.set(current);
            return current;
        });
        return result.get();
    }

    private void retag(String id, Function<Map<String, String>, Map<String, String>> change) {
        if (vpcs.containsKey(id)) {
            vpcs.computeIfPresent(id, (k, v) -> v.withTags(change.apply(v.tags())));
        } else if (subnets.containsKey(id)) {
            subnets.computeIfPresent(id, (k, v) -> v.withTags(change.apply(v.tags())));
        } else if (internetGateways.containsKey(id)) {
            internetGateways.computeIfPresent(id, (k, v) -> v.withTags(change.apply(v.tags())));
        } else if (addresses.containsKey(id)) {
            addresses.computeIfPresent(id, (k, v) -> v.withTags(change.apply(v.tags())));
        } else if (natGateways.containsKey(id)) {
            natGateways.computeIfPresent(id, (k, v) -> v.withTags(change.apply(v.tags())));
        } else if (routeTables.containsKey(id)) {
            routeTables.computeIfPresent(id, (k, v) -> v.withTags(change.apply(v.tags())));
        } else if (securityGroups.containsKey(id)) {
            securityGroups.computeIfPresent(id, (k, v) -> v.withTags(change.apply(v.tags())));
        } else {
            throw notFoundById(id);
        }
    }

    private static Ec2Exception notFoundById(String id) {
        String prefix = id.contains("-") ? id.substring(0, id.indexOf('-')) : id;
        return switch (prefix) {
            case "vpc" -> Ec2Exception.notFound("InvalidVpcID.NotFound", "vpc", id);
            case "subnet" -> Ec2Exception.notFound("InvalidSubnetID.NotFound", "subnet", id);
            case "igw" -> Ec2Exception.notFound("InvalidInternetGatewayID.NotFound", "internetGateway", id);
            case "eipalloc" -> Ec2Exception.notFound("InvalidAllocationID.NotFound", "allocation", id);
            case "nat" -> new Ec2Exception("NatGatewayNotFound", "The Nat Gateway " + id + " was not found");
            case "rtb" -> Ec2Exception.notFound("InvalidRouteTableID.NotFound", "routeTable", id);
            case "sg" -> new Ec2Exception("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
            default -> new Ec2Exception("InvalidID", "The ID '" + id + "' is not valid");
        };
    }

    // ---------------------------------------------------------------- helpers

    /** How many resources of each kind the Region holds. */
    public synchronized Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("vpcs", vpcs.size());
        counts.put("subnets", subnets.size());
        counts.put("internetGateways", internetGateways.size());
        counts.put("addresses", addresses.size());
        counts.put("natGateways", natGateways.size());
        counts.put("routeTables", routeTables.size());
        counts.put("securityGroups", securityGroups.size());
        return counts;
    }

    /** True when nothing but what AWS itself owns is left: no VPC, no gateway, no address. */
    public synchronized boolean isEmpty() {
        return vpcs.isEmpty() && subnets.isEmpty() && internetGateways.isEmpty() && addresses.isEmpty()
                && natGateways.isEmpty() && routeTables.isEmpty() && securityGroups.isEmpty();
    }

    private static <T> List<T> describe(Map<String, T> items, Collection<String> ids,
            Function<String, Ec2Exception> notFound, List<Ec2Filter> filters, Ec2Filter.Fields<T> fields) {
        List<T> selected;
        if (ids == null || ids.isEmpty()) {
            selected = new ArrayList<>(items.values());
        } else {
            selected = new ArrayList<>();
            for (String id : new java.util.LinkedHashSet<>(ids)) {
                T item = items.get(id);
                if (item == null) {
                    throw notFound.apply(id);
                }
                selected.add(item);
            }
        }
        return fields.apply(selected, filters == null ? List.of() : filters);
    }

    private static Ipv4Cidr cidr(String text) {
        return cidr(text, "cidrBlock");
    }

    private static Ipv4Cidr cidr(String text, String parameter) {
        if (text == null) {
            throw new Ec2Exception("MissingParameter", "The request must contain the parameter " + parameter);
        }
        return Ipv4Cidr.parse(text).orElseThrow(() -> Ec2Exception.invalidParameterValue(
                "Value (" + text + ") for parameter " + parameter + " is invalid. This is not a valid CIDR block."));
    }
}
