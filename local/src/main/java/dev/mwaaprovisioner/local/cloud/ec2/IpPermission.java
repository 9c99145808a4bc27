package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.List;

/**
 * A set of security group rules sharing protocol and port range, in the shape of EC2's
 * {@code IpPermission}: what AuthorizeSecurityGroupIngress takes and DescribeSecurityGroups returns.
 * Ports are null for protocol {@code -1} (all traffic).
 */
public record IpPermission(
        String ipProtocol,
        Integer fromPort,
        Integer toPort,
        List<IpRange> ipRanges,
        List<Ipv6Range> ipv6Ranges,
        List<UserIdGroupPair> userIdGroupPairs,
        List<PrefixListId> prefixListIds) {

    public record IpRange(String cidrIp, String description) {}

    public record Ipv6Range(String cidrIpv6, String description) {}

    /** A reference to a security group (a self reference allows traffic between members of the group). */
    public record UserIdGroupPair(String groupId, String userId, String description) {}

    public record PrefixListId(String prefixListId, String description) {}

    public IpPermission {
        ipRanges = ipRanges == null ? List.of() : List.copyOf(ipRanges);
        ipv6Ranges = ipv6Ranges == null ? List.of() : List.copyOf(ipv6Ranges);
        userIdGroupPairs = userIdGroupPairs == null ? List.of() : List.copyOf(userIdGroupPairs);
        prefixListIds = prefixListIds == null ? List.of() : List.copyOf(prefixListIds);
    }

    public static IpPermission allTrafficFromCidr(String cidr) {
        return new IpPermission("-1", null, null, List.of(new IpRange(cidr, null)), null, null, null);
    }

    public static IpPermission allTrafficFromGroup(String groupId) {
        return new IpPermission("-1", null, null, null, null, List.of(new UserIdGroupPair(groupId, null, null)), null);
    }
}
