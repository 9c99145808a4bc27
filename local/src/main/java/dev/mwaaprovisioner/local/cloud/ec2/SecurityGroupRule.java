package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.Objects;

/**
 * One security group rule with exactly one peer (IPv4 CIDR, IPv6 CIDR, security group or prefix
 * list), identified by an {@code sgr-} ID as EC2 identifies rules.
 */
public record SecurityGroupRule(
        String ruleId,
        String groupId,
        boolean egress,
        String ipProtocol,
        Integer fromPort,
        Integer toPort,
        String cidrIpv4,
        String cidrIpv6,
        String referencedGroupId,
        String referencedUserId,
        String prefixListId,
        String description) {

    /** Two rules are the same rule when direction, protocol, ports and peer match; the description does not count. */
    public boolean sameRuleAs(SecurityGroupRule other) {
        return egress == other.egress && ipProtocol.equals(other.ipProtocol)
                && Objects.equals(fromPort, other.fromPort) && Objects.equals(toPort, other.toPort)
                && peer().equals(other.peer());
    }

    public String peer() {
        if (cidrIpv4 != null) {
            return cidrIpv4;
        }
        if (cidrIpv6 != null) {
            return cidrIpv6;
        }
        if (referencedGroupId != null) {
            return referencedGroupId;
        }
        return prefixListId;
    }

    /** The rule as EC2 names it in InvalidPermission.Duplicate messages. */
    String describe() {
        String protocol = "-1".equals(ipProtocol) ? "ALL" : ipProtocol.toUpperCase(java.util.Locale.ROOT);
        String ports = fromPort == null ? "" : ", from port: " + fromPort + ", to port: " + toPort;
        return "peer: " + peer() + ", " + protocol + ports + ", ALLOW";
    }
}
