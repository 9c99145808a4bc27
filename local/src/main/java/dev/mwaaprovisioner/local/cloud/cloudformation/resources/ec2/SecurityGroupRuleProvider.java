package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Exception;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.SecurityGroupRule;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code AWS::EC2::SecurityGroupIngress} and {@code AWS::EC2::SecurityGroupEgress}: one rule added to
 * a group of the template or an existing one (how a group references itself). Ref: the rule ID.
 */
public final class SecurityGroupRuleProvider extends Ec2ResourceProvider {

    private final ResourceSchema schema;
    private final boolean egress;

    private SecurityGroupRuleProvider(Ec2Regions regions, ResourceSchema schema, boolean egress) {
        super(regions);
        this.schema = schema;
        this.egress = egress;
    }

    public static SecurityGroupRuleProvider ingress(Ec2Regions regions) {
        ResourceSchema.Builder builder = ResourceSchema.builder("AWS::EC2::SecurityGroupIngress")
                .required("GroupId", STRING, REPLACEMENT)
                .unsupported("GroupName")
                .attributes("Id");
        return new SecurityGroupRuleProvider(regions, RuleProperties.ingress(builder).build(), false);
    }

    public static SecurityGroupRuleProvider egress(Ec2Regions regions) {
        ResourceSchema.Builder builder = ResourceSchema.builder("AWS::EC2::SecurityGroupEgress")
                .required("GroupId", STRING, REPLACEMENT)
                .attributes("Id");
        return new SecurityGroupRuleProvider(regions, RuleProperties.egress(builder).build(), true);
    }

    @Override
    public ResourceSchema schema() {
        return schema;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        List<SecurityGroupRule> rules = store(context).authorize(string(properties, "GroupId"), egress,
                List.of(RuleProperties.permission(context.logicalId(), properties, egress)));
        String ruleId = rules.get(0).ruleId();
        return ProvisionedResource.of(ruleId, Map.of("Id", ruleId));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        if (!Objects.equals(oldProperties.get("Description"), newProperties.get("Description"))) {
            store(context).updateRuleDescription(string(newProperties, "GroupId"), current.physicalId(),
                    string(newProperties, "Description"));
        }
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        try {
            store(context).revokeRules(string(properties, "GroupId"), egress, List.of(resource.physicalId()));
        } catch (Ec2Exception e) {
            if (!e.code().endsWith(".NotFound")) {
                throw e;
            }
        }
    }
}
