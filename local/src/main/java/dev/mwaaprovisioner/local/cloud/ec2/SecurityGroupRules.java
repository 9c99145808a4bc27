package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Validates {@link IpPermission}s and expands them into single-peer {@link SecurityGroupRule}s, as EC2 does. */
final class SecurityGroupRules {

    private static final Map<String, String> PROTOCOL_NUMBERS =
            Map.of("6", "tcp", "17", "udp", "1", "icmp", "58", "icmpv6", "all", "-1");

    private SecurityGroupRules() {}

    static List<SecurityGroupRule> expand(String groupId, boolean egress, List<IpPermission> permissions,
            String ownerId) {
        if (permissions.isEmpty()) {
            throw new Ec2Exception("MissingParameter", "No ipPermissions given: a rule needs an IpProtocol and a peer"
                    + " (CidrIp, CidrIpv6, source/destination security group or prefix list).");
        }
        List<SecurityGroupRule> rules = new ArrayList<>();
        for (IpPermission p : permissions) {
            String protocol = protocol(p.ipProtocol());
            Integer from = p.fromPort();
            Integer to = p.toPort();
            if ("tcp".equals(protocol) || "udp".equals(protocol)) {
                if (from == null || to == null) {
                    throw Ec2Exception.invalidParameterValue(
                            "Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange.");
                }
                if (from < 0 || to > 65535 || from > to) {
                    throw Ec2Exception.invalidParameterValue("Invalid TCP/UDP port range " + from + " to " + to
                            + ": ports are 0-65535 and FromPort must not exceed ToPort.");
                }
            } else if ("icmp".equals(protocol) || "icmpv6".equals(protocol)) {
                from = from == null ? -1 : from;
                to = to == null ? -1 : to;
            } else if ("-1".equals(protocol)) {
                from = null; // EC2 ignores ports for all-traffic rules and describes them without ports
                to = null;
            }
            int before = rules.size();
            for (IpPermission.IpRange r : p.ipRanges()) {
                String cidr = r.cidrIp();
                if (Ipv4Cidr.parse(cidr).isEmpty()) {
                    throw Ec2Exception.invalidParameterValue("CIDR block " + cidr + " is malformed");
                }
                rules.add(rule(groupId, egress, protocol, from, to, cidr, null, null, null, null, r.description()));
            }
            for (IpPermission.Ipv6Range r : p.ipv6Ranges()) {
                if (r.cidrIpv6() == null || !r.cidrIpv6().contains(":") || !r.cidrIpv6().contains("/")) {
                    throw Ec2Exception.invalidParameterValue("CIDR block " + r.cidrIpv6() + " is malformed");
                }
                rules.add(rule(groupId, egress, protocol, from, to, null, r.cidrIpv6().toLowerCase(Locale.ROOT), null,
                        null, null, r.description()));
            }
            for (IpPermission.UserIdGroupPair g : p.userIdGroupPairs()) {
                if (g.groupId() == null) {
                    throw new Ec2Exception("MissingParameter",
                            "A security group reference needs a GroupId (group names are not supported in a VPC).");
                }
                rules.add(rule(groupId, egress, protocol, from, to, null, null, g.groupId(),
                        g.userId() == null ? ownerId : g.userId(), null, g.description()));
            }
            for (IpPermission.PrefixListId pl : p.prefixListIds()) {
                rules.add(rule(groupId, egress, protocol, from, to, null, null, null, null, pl.prefixListId(),
                        pl.description()));
            }
            if (rules.size() == before) {
                throw new Ec2Exception("MissingParameter", "The rule for protocol " + p.ipProtocol()
                        + " names no peer: give CidrIp, CidrIpv6, a security group or a prefix list.");
            }
        }
        return rules;
    }

    static String protocol(String value) {
        if (value == null || value.isBlank()) {
            throw new Ec2Exception("MissingParameter", "The request must contain the parameter ipProtocol");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        String mapped = PROTOCOL_NUMBERS.getOrDefault(lower, lower);
        if (List.of("tcp", "udp", "icmp", "icmpv6", "-1").contains(mapped)) {
            return mapped;
        }
        try {
            int number = Integer.parseInt(mapped);
            if (number >= 0 && number <= 255) {
                return Integer.toString(number);
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw Ec2Exception.invalidParameterValue("Invalid value '" + value + "' for IP protocol. Unknown protocol.");
    }

    private static SecurityGroupRule rule(String groupId, boolean egress, String protocol, Integer from, Integer to,
            String v4, String v6, String group, String user, String prefixList, String description) {
        return new SecurityGroupRule(Ec2Ids.next("sgr"), groupId, egress, protocol, from, to, v4, v6, group, user,
                prefixList, description);
    }
}
