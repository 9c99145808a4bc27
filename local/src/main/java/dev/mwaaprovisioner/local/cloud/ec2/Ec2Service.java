package dev.mwaaprovisioner.local.cloud.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.protocol.Ec2QueryProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.XmlWriter;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Amazon EC2 networking (EC2 query protocol): Describe* for VPCs, subnets, internet gateways, NAT
 * gateways, Elastic IPs, route tables, security groups and Availability Zones, and the create,
 * modify and delete operations of the same resources, over the Region's {@link Ec2Store}.
 * Instances, network ACLs, endpoints and the rest of EC2 are not emulated and are refused.
 */
public final class Ec2Service implements CloudService {

    private final ServiceContext context;
    private final Ec2QueryProtocol protocol = new Ec2QueryProtocol();
    private final Ec2Regions regions;

    public Ec2Service(ServiceContext context) {
        this(context, Ec2Settings.defaults());
    }

    public Ec2Service(ServiceContext context, Ec2Settings settings) {
        this.context = context;
        this.regions = new Ec2Regions(context.accountId(), () -> context.clock().now(), settings);
    }

    @Override
    public String signingName() {
        return "ec2";
    }

    @Override
    public String displayName() {
        return "Amazon EC2";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public Collection<?> components() {
        return List.of(regions);
    }

    public Ec2Regions regions() {
        return regions;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        Ec2Input in = new Ec2Input(request);
        if ("true".equalsIgnoreCase(in.string("DryRun"))) {
            throw new CloudException("DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set.");
        }
        Ec2Store store = regions.region(request.region());
        try {
            return dispatch(request, in, store);
        } catch (Ec2Exception e) {
            throw new CloudException(e.code(), e.httpStatus(), e.getMessage());
        }
    }

    private CloudResponse dispatch(CloudRequest request, Ec2Input in, Ec2Store store) {
        return switch (request.operation()) {
            case "DescribeVpcs" -> respond(request, x -> Ec2Xml.set(x, "vpcSet",
                    store.describeVpcs(in.list("VpcId"), in.filters()), Ec2Xml::vpc));
            case "DescribeSubnets" -> respond(request, x -> Ec2Xml.set(x, "subnetSet",
                    store.describeSubnets(in.list("SubnetId"), in.filters()), Ec2Xml::subnet));
            case "DescribeInternetGateways" -> respond(request, x -> Ec2Xml.set(x, "internetGatewaySet",
                    store.describeInternetGateways(in.list("InternetGatewayId"), in.filters()),
                    Ec2Xml::internetGateway));
            case "DescribeNatGateways" -> {
                Instant now = store.now();
                List<NatGateway> gateways = store.describeNatGateways(in.list("NatGatewayId"), in.filters());
                yield respond(request, x -> Ec2Xml.set(x, "natGatewaySet", gateways,
                        (w, n) -> Ec2Xml.natGateway(w, n, now)));
            }
            case "DescribeAddresses" -> respond(request, x -> Ec2Xml.set(x, "addressesSet",
                    store.describeAddresses(in.list("AllocationId"), in.list("PublicIp"), in.filters()),
                    Ec2Xml::address));
            case "DescribeRouteTables" -> respond(request, x -> Ec2Xml.set(x, "routeTableSet",
                    store.describeRouteTables(in.list("RouteTableId"), in.filters()), Ec2Xml::routeTable));
            case "DescribeSecurityGroups" -> respond(request, x -> Ec2Xml.set(x, "securityGroupInfo",
                    store.describeSecurityGroups(in.list("GroupId"), in.list("GroupName"), in.filters()),
                    Ec2Xml::securityGroup));
            case "DescribeAvailabilityZones" -> describeAvailabilityZones(request, in, store);

            case "CreateVpc" -> {
                if (in.string("Ipv4IpamPoolId") != null || "true".equals(in.string("AmazonProvidedIpv6CidrBlock"))) {
                    throw Ec2Exception.unsupported("IPAM pools and IPv6 blocks for a VPC");
                }
                Vpc vpc = store.createVpc(in.required("CidrBlock"), in.string("InstanceTenancy"),
                        in.tagSpecifications("vpc"));
                yield respond(request, x -> x.element("vpc", v -> Ec2Xml.vpc(v, vpc)));
            }
            case "ModifyVpcAttribute" -> {
                store.modifyVpcDns(in.required("VpcId"), in.bool("EnableDnsSupport.Value"),
                        in.bool("EnableDnsHostnames.Value"));
                yield returnTrue(request);
            }
            case "DeleteVpc" -> {
                store.deleteVpc(in.required("VpcId"));
                yield returnTrue(request);
            }
            case "CreateSubnet" -> {
                if (in.string("Ipv6CidrBlock") != null || in.string("Ipv4IpamPoolId") != null
                        || in.string("OutpostArn") != null) {
                    throw Ec2Exception.unsupported("IPv6, IPAM and Outposts subnets");
                }
                Subnet subnet = store.createSubnet(in.required("VpcId"), in.required("CidrBlock"),
                        in.string("AvailabilityZone"), in.string("AvailabilityZoneId"), in.tagSpecifications("subnet"));
                yield respond(request, x -> x.element("subnet", s -> Ec2Xml.subnet(s, subnet)));
            }
            case "ModifySubnetAttribute" -> {
                Boolean map = in.bool("MapPublicIpOnLaunch.Value");
                if (map == null) {
                    throw Ec2Exception.unsupported("ModifySubnetAttribute other than MapPublicIpOnLaunch");
                }
                store.modifySubnetMapPublicIpOnLaunch(in.required("SubnetId"), map);
                yield returnTrue(request);
            }
            case "DeleteSubnet" -> {
                store.deleteSubnet(in.required("SubnetId"));
                yield returnTrue(request);
            }
            case "CreateInternetGateway" -> {
                InternetGateway gateway = store.createInternetGateway(in.tagSpecifications("internet-gateway"));
                yield respond(request, x -> x.element("internetGateway", g -> Ec2Xml.internetGateway(g, gateway)));
            }
            case "AttachInternetGateway" -> {
                store.attachInternetGateway(in.required("InternetGatewayId"), in.required("VpcId"));
                yield returnTrue(request);
            }
            case "DetachInternetGateway" -> {
                store.detachInternetGateway(in.required("InternetGatewayId"), in.required("VpcId"));
                yield returnTrue(request);
            }
            case "DeleteInternetGateway" -> {
                store.deleteInternetGateway(in.required("InternetGatewayId"));
                yield returnTrue(request);
            }
            case "AllocateAddress" -> {
                if (in.string("Address") != null || in.string("PublicIpv4Pool") != null
                        || in.string("IpamPoolId") != null) {
                    throw Ec2Exception.unsupported("Allocating a specific address or from a BYOIP/IPAM pool");
                }
                ElasticIp address = store.allocateAddress(in.string("Domain"), in.tagSpecifications("elastic-ip"));
                yield respond(request, x -> {
                    x.element("publicIp", address.publicIp());
                    x.element("allocationId", address.allocationId());
                    x.element("domain", address.domain());
                    x.element("publicIpv4Pool", "amazon");
                    x.element("networkBorderGroup", address.networkBorderGroup());
                });
            }
            case "ReleaseAddress" -> {
                store.releaseAddress(in.required("AllocationId"));
                yield returnTrue(request);
            }
            case "CreateNatGateway" -> {
                NatGateway gateway = store.createNatGateway(in.required("SubnetId"), in.string("AllocationId"),
                        in.string("ConnectivityType"), in.tagSpecifications("natgateway"));
                Instant now = store.now();
                yield respond(request, x -> {
                    x.element("clientToken", in.string("ClientToken"));
                    x.element("natGateway", n -> Ec2Xml.natGateway(n, gateway, now));
                });
            }
            case "DeleteNatGateway" -> {
                String id = in.required("NatGatewayId");
                store.deleteNatGateway(id);
                yield respond(request, x -> x.element("natGatewayId", id));
            }
            case "CreateRouteTable" -> {
                RouteTable table = store.createRouteTable(in.required("VpcId"), in.tagSpecifications("route-table"));
                yield respond(request, x -> x.element("routeTable", t -> Ec2Xml.routeTable(t, table)));
            }
            case "DeleteRouteTable" -> {
                store.deleteRouteTable(in.required("RouteTableId"));
                yield returnTrue(request);
            }
            case "CreateRoute" -> {
                refuseOtherTargets(in);
                store.createRoute(in.required("RouteTableId"), in.string("DestinationCidrBlock"),
                        in.string("GatewayId"), in.string("NatGatewayId"));
                yield returnTrue(request);
            }
            case "ReplaceRoute" -> {
                refuseOtherTargets(in);
                store.replaceRoute(in.required("RouteTableId"), in.required("DestinationCidrBlock"),
                        in.string("GatewayId"), in.string("NatGatewayId"));
                yield returnTrue(request);
            }
            case "DeleteRoute" -> {
                store.deleteRoute(in.required("RouteTableId"), in.required("DestinationCidrBlock"));
                yield returnTrue(request);
            }
            case "AssociateRouteTable" -> {
                if (in.string("GatewayId") != null) {
                    throw Ec2Exception.unsupported("Associating a route table with a gateway");
                }
                RouteTable.Association association = store.associateRouteTable(in.required("RouteTableId"),
                        in.required("SubnetId"));
                yield respond(request, x -> {
                    x.element("associationId", association.associationId());
                    x.element("associationState", s -> s.element("state", "associated"));
                });
            }
            case "DisassociateRouteTable" -> {
                store.disassociateRouteTable(in.required("AssociationId"));
                yield returnTrue(request);
            }
            case "CreateSecurityGroup" -> {
                SecurityGroup group = store.createSecurityGroup(in.required("GroupName"),
                        in.required("GroupDescription"), in.string("VpcId"), in.tagSpecifications("security-group"));
                yield respond(request, x -> {
                    x.element("groupId", group.groupId());
                    x.element("securityGroupArn", group.securityGroupArn());
                    Ec2Xml.tags(x, group.tags());
                });
            }
            case "DeleteSecurityGroup" -> {
                String id = groupId(in, store);
                store.deleteSecurityGroup(id);
                yield respond(request, x -> {
                    x.element("return", true);
                    x.element("groupId", id);
                });
            }
            case "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress" -> {
                boolean egress = request.operation().endsWith("Egress");
                List<SecurityGroupRule> rules = store.authorize(groupId(in, store), egress, in.ipPermissions());
                yield respond(request, x -> {
                    x.element("return", true);
                    Ec2Xml.set(x, "securityGroupRuleSet", rules, (w, r) -> Ec2Xml.rule(w, r, store.accountId()));
                });
            }
            case "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress" -> {
                boolean egress = request.operation().endsWith("Egress");
                String groupId = groupId(in, store);
                List<String> ruleIds = in.list("SecurityGroupRuleId");
                if (!ruleIds.isEmpty()) {
                    store.revokeRules(groupId, egress, ruleIds);
                } else {
                    store.revoke(groupId, egress, in.ipPermissions());
                }
                yield returnTrue(request);
            }
            case "CreateTags" -> {
                Map<String, String> tags = in.tags();
                Ec2Input.checkTags(tags);
                store.createTags(in.list("ResourceId"), tags);
                yield returnTrue(request);
            }
            case "DeleteTags" -> {
                store.deleteTags(in.list("ResourceId"), in.tags());
                yield returnTrue(request);
            }
            default -> throw protocol.unsupportedOperation(displayName(), request.operation());
        };
    }

    private static void refuseOtherTargets(Ec2Input in) {
        for (String target : List.of("DestinationIpv6CidrBlock", "DestinationPrefixListId", "InstanceId",
                "NetworkInterfaceId", "TransitGatewayId", "VpcPeeringConnectionId", "VpcEndpointId",
                "EgressOnlyInternetGatewayId", "CarrierGatewayId", "LocalGatewayId", "CoreNetworkArn")) {
            if (in.has(target)) {
                throw Ec2Exception.unsupported("A route with " + target);
            }
        }
    }

    /** The group named by GroupId, or by GroupName (unique per VPC here, so it must be unambiguous). */
    private static String groupId(Ec2Input in, Ec2Store store) {
        String id = in.string("GroupId");
        if (id != null) {
            return id;
        }
        String name = in.string("GroupName");
        if (name == null) {
            throw new Ec2Exception("MissingParameter", "The request must contain the parameter groupId");
        }
        List<SecurityGroup> named = store.describeSecurityGroups(List.of(), List.of(name), List.of());
        if (named.size() != 1) {
            throw new Ec2Exception("InvalidParameterValue", "Several VPCs have a security group named '" + name
                    + "': give its GroupId.");
        }
        return named.get(0).groupId();
    }

    private CloudResponse describeAvailabilityZones(CloudRequest request, Ec2Input in, Ec2Store store) {
        List<String> names = in.list("ZoneName");
        List<String> ids = in.list("ZoneId");
        List<AvailabilityZone> zones = store.availabilityZones();
        for (String name : names) {
            if (zones.stream().noneMatch(z -> z.zoneName().equals(name))) {
                throw Ec2Exception.invalidParameterValue("The zone '" + name + "' does not exist.");
            }
        }
        for (String id : ids) {
            if (zones.stream().noneMatch(z -> z.zoneId().equals(id))) {
                throw Ec2Exception.invalidParameterValue("The zone ID '" + id + "' does not exist.");
            }
        }
        List<AvailabilityZone> selected = zones.stream()
                .filter(z -> names.isEmpty() || names.contains(z.zoneName()))
                .filter(z -> ids.isEmpty() || ids.contains(z.zoneId())).toList();
        List<AvailabilityZone> filtered = new Ec2Filter.Fields<AvailabilityZone>(Map.of(
                "zone-name", z -> List.of(z.zoneName()),
                "zone-id", z -> List.of(z.zoneId()),
                "region-name", z -> List.of(z.regionName()),
                "state", z -> List.of("available"),
                "zone-type", z -> List.of("availability-zone"),
                "opt-in-status", z -> List.of("opt-in-not-required")), null).apply(selected, in.filters());
        return respond(request, x -> Ec2Xml.set(x, "availabilityZoneInfo", filtered, Ec2Xml::availabilityZone));
    }

    private CloudResponse respond(CloudRequest request, Consumer<XmlWriter> members) {
        return protocol.respond(request, members);
    }

    private CloudResponse returnTrue(CloudRequest request) {
        return protocol.respond(request, x -> x.element("return", true));
    }

    @Override
    public JsonNode inventory() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        regions.stores().forEach((region, store) -> {
            ObjectNode counts = root.putObject(region);
            store.counts().forEach(counts::put);
        });
        return root;
    }
}
