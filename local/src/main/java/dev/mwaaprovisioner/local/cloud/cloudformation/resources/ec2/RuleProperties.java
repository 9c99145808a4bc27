package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.INTEGER;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourcePropertiesException;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.IpPermission;
import java.util.List;
import java.util.Map;

/**
 * Security group rule properties as CloudFormation writes them (one peer per rule:
 * {@code CidrIp}, {@code SourceSecurityGroupId}, ...) turned into EC2 {@link IpPermission}s.
 */
final class RuleProperties {

    private RuleProperties() {}

    /** Properties of an ingress rule, with {@code GroupId} for the standalone resource. */
    static ResourceSchema.Builder ingress(ResourceSchema.Builder builder) {
        return builder.required("IpProtocol", STRING, REPLACEMENT)
                .optional("CidrIp", STRING, REPLACEMENT)
                .optional("CidrIpv6", STRING, REPLACEMENT)
                .optional("Description", STRING, IN_PLACE)
                .optional("FromPort", INTEGER, REPLACEMENT)
                .optional("ToPort", INTEGER, REPLACEMENT)
                .optional("SourcePrefixListId", STRING, REPLACEMENT)
                .optional("SourceSecurityGroupId", STRING, REPLACEMENT)
                .optional("SourceSecurityGroupOwnerId", STRING, REPLACEMENT)
                .unsupported("SourceSecurityGroupName");
    }

    static ResourceSchema.Builder egress(ResourceSchema.Builder builder) {
        return builder.required("IpProtocol", STRING, REPLACEMENT)
                .optional("CidrIp", STRING, REPLACEMENT)
                .optional("CidrIpv6", STRING, REPLACEMENT)
                .optional("Description", STRING, IN_PLACE)
                .optional("FromPort", INTEGER, REPLACEMENT)
                .optional("ToPort", INTEGER, REPLACEMENT)
                .optional("DestinationPrefixListId", STRING, REPLACEMENT)
                .optional("DestinationSecurityGroupId", STRING, REPLACEMENT);
    }

    static IpPermission permission(String logicalId, Map<String, Object> rule, boolean egress) {
        String direction = egress ? "Destination" : "Source";
        String description = (String) rule.get("Description");
        String cidr = (String) rule.get("CidrIp");
        String cidrV6 = (String) rule.get("CidrIpv6");
        String group = (String) rule.get(direction + "SecurityGroupId");
        String prefixList = (String) rule.get(direction + "PrefixListId");
        long peers = java.util.stream.Stream.of(cidr, cidrV6, group, prefixList).filter(p -> p != null).count();
        if (peers != 1) {
            throw new ResourcePropertiesException("Resource " + logicalId + ": a security group rule needs exactly one"
                    + " of CidrIp, CidrIpv6, " + direction + "SecurityGroupId or " + direction + "PrefixListId, got "
                    + peers + ".");
        }
        return new IpPermission((String) rule.get("IpProtocol"), (Integer) rule.get("FromPort"),
                (Integer) rule.get("ToPort"),
                cidr == null ? null : List.of(new IpPermission.IpRange(cidr, description)),
                cidrV6 == null ? null : List.of(new IpPermission.Ipv6Range(cidrV6, description)),
                group == null ? null : List.of(new IpPermission.UserIdGroupPair(group,
                        (String) rule.get("SourceSecurityGroupOwnerId"), description)),
                prefixList == null ? null : List.of(new IpPermission.PrefixListId(prefixList, description)));
    }
}
