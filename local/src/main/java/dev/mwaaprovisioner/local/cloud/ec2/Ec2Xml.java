package dev.mwaaprovisioner.local.cloud.ec2;

import dev.mwaaprovisioner.local.cloud.protocol.XmlWriter;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.function.BiConsumer;

/** Writes EC2 resources in the shapes of the EC2 API (2016-11-15): {@code vpcSet/item/...}. */
final class Ec2Xml {

    private Ec2Xml() {}

    static <T> void set(XmlWriter xml, String name, Collection<T> items, BiConsumer<XmlWriter, T> writer) {
        xml.element(name, list -> items.forEach(item -> list.element("item", w -> writer.accept(w, item))));
    }

    static void tags(XmlWriter xml, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        xml.element("tagSet", list -> tags.forEach((k, v) -> list.element("item", t -> {
            t.element("key", k);
            t.element("value", v);
        })));
    }

    static void vpc(XmlWriter x, Vpc v) {
        x.element("vpcId", v.vpcId());
        x.element("ownerId", v.ownerId());
        x.element("state", v.state());
        x.element("cidrBlock", v.cidrBlock());
        x.element("cidrBlockAssociationSet", list -> list.element("item", a -> {
            a.element("associationId", v.cidrBlockAssociationId());
            a.element("cidrBlock", v.cidrBlock());
            a.element("cidrBlockState", s -> s.element("state", "associated"));
        }));
        x.element("dhcpOptionsId", v.dhcpOptionsId());
        x.element("instanceTenancy", v.instanceTenancy());
        x.element("isDefault", false);
        tags(x, v.tags());
    }

    static void subnet(XmlWriter x, Subnet s) {
        x.element("subnetId", s.subnetId());
        x.element("subnetArn", s.subnetArn());
        x.element("state", s.state());
        x.element("ownerId", s.ownerId());
        x.element("vpcId", s.vpcId());
        x.element("cidrBlock", s.cidrBlock());
        x.element("ipv6CidrBlockAssociationSet", list -> { });
        x.element("availableIpAddressCount", s.availableIpAddressCount());
        x.element("availabilityZone", s.availabilityZone());
        x.element("availabilityZoneId", s.availabilityZoneId());
        x.element("defaultForAz", false);
        x.element("mapPublicIpOnLaunch", s.mapPublicIpOnLaunch());
        x.element("assignIpv6AddressOnCreation", false);
        tags(x, s.tags());
    }

    static void internetGateway(XmlWriter x, InternetGateway g) {
        x.element("internetGatewayId", g.internetGatewayId());
        x.element("ownerId", g.ownerId());
        x.element("attachmentSet", list -> {
            if (g.attached()) {
                list.element("item", a -> {
                    a.element("vpcId", g.attachedVpcId());
                    a.element("state", "available");
                });
            }
        });
        tags(x, g.tags());
    }

    static void address(XmlWriter x, ElasticIp a) {
        x.element("publicIp", a.publicIp());
        x.element("allocationId", a.allocationId());
        x.element("domain", a.domain());
        x.element("associationId", a.associationId());
        x.element("networkInterfaceId", a.networkInterfaceId());
        x.element("privateIpAddress", a.privateIpAddress());
        x.element("publicIpv4Pool", "amazon");
        x.element("networkBorderGroup", a.networkBorderGroup());
        tags(x, a.tags());
    }

    static void natGateway(XmlWriter x, NatGateway n, Instant now) {
        x.element("natGatewayId", n.natGatewayId());
        x.element("createTime", n.createTime());
        x.element("natGatewayAddressSet", list -> list.element("item", a -> {
            a.element("allocationId", n.allocationId());
            a.element("networkInterfaceId", n.networkInterfaceId());
            a.element("privateIp", n.privateIp());
            a.element("publicIp", n.publicIp());
            a.element("associationId", n.associationId());
            a.element("isPrimary", true);
            a.element("status", n.state(now).equals("available") ? "succeeded" : "associating");
        }));
        x.element("state", n.state(now));
        x.element("subnetId", n.subnetId());
        x.element("vpcId", n.vpcId());
        x.element("connectivityType", n.connectivityType());
        tags(x, n.tags());
    }

    static void routeTable(XmlWriter x, RouteTable t) {
        x.element("routeTableId", t.routeTableId());
        x.element("vpcId", t.vpcId());
        x.element("ownerId", t.ownerId());
        set(x, "routeSet", t.routes(), (w, r) -> {
            w.element("destinationCidrBlock", r.destinationCidrBlock());
            w.element("gatewayId", r.gatewayId());
            w.element("natGatewayId", r.natGatewayId());
            w.element("state", r.state());
            w.element("origin", r.origin());
        });
        set(x, "associationSet", t.associations(), (w, a) -> association(w, a));
        x.element("propagatingVgwSet", list -> { });
        tags(x, t.tags());
    }

    static void association(XmlWriter w, RouteTable.Association a) {
        w.element("routeTableAssociationId", a.associationId());
        w.element("routeTableId", a.routeTableId());
        w.element("subnetId", a.subnetId());
        w.element("main", a.main());
        w.element("associationState", s -> s.element("state", "associated"));
    }

    static void securityGroup(XmlWriter x, SecurityGroup g) {
        x.element("ownerId", g.ownerId());
        x.element("groupId", g.groupId());
        x.element("groupName", g.groupName());
        x.element("groupDescription", g.description());
        x.element("vpcId", g.vpcId());
        x.element("securityGroupArn", g.securityGroupArn());
        set(x, "ipPermissions", g.ipPermissions(), Ec2Xml::permission);
        set(x, "ipPermissionsEgress", g.ipPermissionsEgress(), Ec2Xml::permission);
        tags(x, g.tags());
    }

    static void permission(XmlWriter w, IpPermission p) {
        w.element("ipProtocol", p.ipProtocol());
        w.element("fromPort", p.fromPort());
        w.element("toPort", p.toPort());
        set(w, "groups", p.userIdGroupPairs(), (g, pair) -> {
            g.element("groupId", pair.groupId());
            g.element("userId", pair.userId());
            g.element("description", pair.description());
        });
        set(w, "ipRanges", p.ipRanges(), (r, range) -> {
            r.element("cidrIp", range.cidrIp());
            r.element("description", range.description());
        });
        set(w, "ipv6Ranges", p.ipv6Ranges(), (r, range) -> {
            r.element("cidrIpv6", range.cidrIpv6());
            r.element("description", range.description());
        });
        set(w, "prefixListIds", p.prefixListIds(), (r, pl) -> {
            r.element("prefixListId", pl.prefixListId());
            r.element("description", pl.description());
        });
    }

    static void rule(XmlWriter w, SecurityGroupRule r, String ownerId) {
        w.element("securityGroupRuleId", r.ruleId());
        w.element("groupId", r.groupId());
        w.element("groupOwnerId", ownerId);
        w.element("isEgress", r.egress());
        w.element("ipProtocol", r.ipProtocol());
        w.element("fromPort", r.fromPort() == null ? -1 : r.fromPort());
        w.element("toPort", r.toPort() == null ? -1 : r.toPort());
        w.element("cidrIpv4", r.cidrIpv4());
        w.element("cidrIpv6", r.cidrIpv6());
        w.element("prefixListId", r.prefixListId());
        if (r.referencedGroupId() != null) {
            w.element("referencedGroupInfo", g -> {
                g.element("groupId", r.referencedGroupId());
                g.element("userId", r.referencedUserId());
            });
        }
        w.element("description", r.description());
    }

    static void availabilityZone(XmlWriter x, AvailabilityZone z) {
        x.element("zoneName", z.zoneName());
        x.element("zoneId", z.zoneId());
        x.element("zoneState", "available");
        x.element("regionName", z.regionName());
        x.element("groupName", z.regionName());
        x.element("networkBorderGroup", z.regionName());
        x.element("optInStatus", "opt-in-not-required");
        x.element("zoneType", "availability-zone");
        x.element("messageSet", list -> { });
    }
}
