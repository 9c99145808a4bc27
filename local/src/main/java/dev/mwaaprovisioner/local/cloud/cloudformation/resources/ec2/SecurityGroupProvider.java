package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.TAGS;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Store;
import dev.mwaaprovisioner.local.cloud.ec2.IpPermission;
import dev.mwaaprovisioner.local.cloud.ec2.SecurityGroup;
import java.util.List;
import java.util.Map;

/**
 * {@code AWS::EC2::SecurityGroup} in a VPC, with inline ingress and egress rules. Ref: the group ID.
 * As in CloudFormation, inline {@code SecurityGroupEgress} replaces the default allow-all egress rule,
 * and a group without {@code GroupName} gets a generated unique name.
 */
public final class SecurityGroupProvider extends Ec2ResourceProvider {

    private static final IpPermission ALLOW_ALL = IpPermission.allTrafficFromCidr("0.0.0.0/0");

    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::EC2::SecurityGroup")
            .required("GroupDescription", STRING, REPLACEMENT)
            .optional("GroupName", STRING, REPLACEMENT)
            .optional("VpcId", STRING, REPLACEMENT)
            .list("SecurityGroupIngress", RuleProperties.ingress(ResourceSchema.builder("Ingress")).build(), IN_PLACE)
            .list("SecurityGroupEgress", RuleProperties.egress(ResourceSchema.builder("Egress")).build(), IN_PLACE)
            .optional("Tags", TAGS, IN_PLACE)
            .attributes("GroupId", "VpcId")
            .build();

    public SecurityGroupProvider(Ec2Regions regions) {
        super(regions);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String name = string(properties, "GroupName");
        Ec2Store store = store(context);
        SecurityGroup group = store.createSecurityGroup(name == null ? context.generatedName(255) : name,
                string(properties, "GroupDescription"), string(properties, "VpcId"), tags(context, properties));
        try {
            applyRules(context, group.groupId(), Map.of(), properties);
        } catch (RuntimeException e) {
            store.deleteSecurityGroup(group.groupId()); // a failed create leaves nothing behind
            throw e;
        }
        return ProvisionedResource.of(group.groupId(), Map.of("GroupId", group.groupId(), "VpcId", group.vpcId()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        applyRules(context, current.physicalId(), oldProperties, newProperties);
        retag(context, current.physicalId(), oldProperties, newProperties);
        return current;
    }

    /** Moves the group's inline rules from the old properties' to the new ones'. */
    private void applyRules(ResourceContext context, String groupId, Map<String, Object> oldProperties,
            Map<String, Object> newProperties) {
        Ec2Store store = store(context);
        List<IpPermission> oldIngress = permissions(context, oldProperties, "SecurityGroupIngress", false);
        List<IpPermission> newIngress = permissions(context, newProperties, "SecurityGroupIngress", false);
        // A new group starts with EC2's allow-all egress rule; so does one whose template gave no egress.
        boolean creating = oldProperties.isEmpty();
        List<IpPermission> oldEgress = !creating && oldProperties.containsKey("SecurityGroupEgress")
                ? permissions(context, oldProperties, "SecurityGroupEgress", true) : List.of(ALLOW_ALL);
        List<IpPermission> newEgress = newProperties.containsKey("SecurityGroupEgress")
                ? permissions(context, newProperties, "SecurityGroupEgress", true) : List.of(ALLOW_ALL);
        sync(store, groupId, false, oldIngress, newIngress);
        sync(store, groupId, true, oldEgress, newEgress);
    }

    private static void sync(Ec2Store store, String groupId, boolean egress, List<IpPermission> before,
            List<IpPermission> after) {
        List<IpPermission> removed = before.stream().filter(p -> !after.contains(p)).toList();
        List<IpPermission> added = after.stream().filter(p -> !before.contains(p)).toList();
        if (!removed.isEmpty()) {
            store.revoke(groupId, egress, removed);
        }
        if (!added.isEmpty()) {
            store.authorize(groupId, egress, added);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<IpPermission> permissions(ResourceContext context, Map<String, Object> properties,
            String name, boolean egress) {
        List<Map<String, Object>> rules = (List<Map<String, Object>>) properties.get(name);
        if (rules == null) {
            return List.of();
        }
        return rules.stream().map(r -> RuleProperties.permission(context.logicalId(), r, egress)).toList();
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        deleteQuietly(() -> store(context).deleteSecurityGroup(resource.physicalId()));
    }
}
