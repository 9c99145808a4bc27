package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A VPC security group and its rules. */
public record SecurityGroup(
        String groupId,
        String groupName,
        String description,
        String vpcId,
        String ownerId,
        String securityGroupArn,
        List<SecurityGroupRule> rules,
        Map<String, String> tags) {

    public SecurityGroup {
        rules = List.copyOf(rules);
        tags = Tags.copyOf(tags);
    }

    public List<IpPermission> ipPermissions() {
        return permissions(false);
    }

    public List<IpPermission> ipPermissionsEgress() {
        return permissions(true);
    }

    public List<SecurityGroupRule> rules(boolean egress) {
        return rules.stream().filter(r -> r.egress() == egress).toList();
    }

    /** Groups rules by protocol and port range, as DescribeSecurityGroups presents them. */
    private List<IpPermission> permissions(boolean egress) {
        Map<List<Object>, List<SecurityGroupRule>> grouped = new LinkedHashMap<>();
        for (SecurityGroupRule rule : rules(egress)) {
            List<Object> key = new ArrayList<>();
            key.add(rule.ipProtocol());
            key.add(Objects.toString(rule.fromPort()));
            key.add(Objects.toString(rule.toPort()));
            grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(rule);
        }
        List<IpPermission> permissions = new ArrayList<>();
        grouped.values().forEach(group -> {
            SecurityGroupRule first = group.get(0);
            List<IpPermission.IpRange> v4 = new ArrayList<>();
            List<IpPermission.Ipv6Range> v6 = new ArrayList<>();
            List<IpPermission.UserIdGroupPair> groups = new ArrayList<>();
            List<IpPermission.PrefixListId> prefixLists = new ArrayList<>();
            for (SecurityGroupRule r : group) {
                if (r.cidrIpv4() != null) {
                    v4.add(new IpPermission.IpRange(r.cidrIpv4(), r.description()));
                } else if (r.cidrIpv6() != null) {
                    v6.add(new IpPermission.Ipv6Range(r.cidrIpv6(), r.description()));
                } else if (r.referencedGroupId() != null) {
                    groups.add(new IpPermission.UserIdGroupPair(r.referencedGroupId(), r.referencedUserId(),
                            r.description()));
                } else {
                    prefixLists.add(new IpPermission.PrefixListId(r.prefixListId(), r.description()));
                }
            }
            permissions.add(new IpPermission(first.ipProtocol(), first.fromPort(), first.toPort(), v4, v6, groups,
                    prefixLists));
        });
        return permissions;
    }

    SecurityGroup withRules(List<SecurityGroupRule> newRules) {
        return new SecurityGroup(groupId, groupName, description, vpcId, ownerId, securityGroupArn, newRules, tags);
    }

    SecurityGroup withTags(Map<String, String> newTags) {
        return new SecurityGroup(groupId, groupName, description, vpcId, ownerId, securityGroupArn, rules, newTags);
    }
}
