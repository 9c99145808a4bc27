package dev.mwaaprovisioner.local.cloud.cloudformation.resources.iam;

import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.INTEGER;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.JSON;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.STRING_LIST;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.PropertyType.TAGS;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.IN_PLACE;
import static dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema.Update.REPLACEMENT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceSchema;
import dev.mwaaprovisioner.local.cloud.iam.IamRole;
import dev.mwaaprovisioner.local.cloud.iam.IamStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code AWS::IAM::Role} with its inline {@code Policies} and attached {@code ManagedPolicyArns}.
 * Ref: the role name. The role carries the template's and the stack's tags (IAM refuses the
 * reserved {@code aws:} keys, so CloudFormation's own tags are not put on roles).
 * Permissions boundaries are not emulated.
 */
public final class RoleProvider implements ResourceProvider {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ResourceSchema SCHEMA = ResourceSchema.builder("AWS::IAM::Role")
            .required("AssumeRolePolicyDocument", JSON, IN_PLACE)
            .optional("RoleName", STRING, REPLACEMENT)
            .optional("Path", STRING, REPLACEMENT)
            .optional("Description", STRING, IN_PLACE)
            .optional("MaxSessionDuration", INTEGER, IN_PLACE)
            .optional("ManagedPolicyArns", STRING_LIST, IN_PLACE)
            .list("Policies", ResourceSchema.builder("Policy")
                    .required("PolicyName", STRING, IN_PLACE)
                    .required("PolicyDocument", JSON, IN_PLACE).build(), IN_PLACE)
            .optional("Tags", TAGS, IN_PLACE)
            .unsupported("PermissionsBoundary")
            .attributes("Arn", "RoleId")
            .build();

    private final ServiceContext cloud;

    public RoleProvider(ServiceContext cloud) {
        this.cloud = cloud;
    }

    private IamStore store() {
        return cloud.service(IamStore.class);
    }

    @Override
    public ResourceSchema schema() {
        return SCHEMA;
    }

    @Override
    public ProvisionedResource create(ResourceContext context, Map<String, Object> properties) {
        String name = properties.containsKey("RoleName") ? (String) properties.get("RoleName")
                : context.generatedName(64);
        IamRole role = store().createRole(IamStore.partitionOf(context.region()), name, (String) properties.get("Path"),
                json(properties.get("AssumeRolePolicyDocument")), (String) properties.get("Description"),
                (Integer) properties.get("MaxSessionDuration"), tags(context, properties));
        try {
            applyPolicies(name, Map.of(), properties);
        } catch (RuntimeException e) {
            deleteQuietly(name); // a failed create leaves nothing behind
            throw e;
        }
        return ProvisionedResource.of(role.name(), Map.of("Arn", role.arn(), "RoleId", role.roleId()));
    }

    @Override
    public ProvisionedResource update(ResourceContext context, ProvisionedResource current,
            Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        String name = current.physicalId();
        String trust = json(newProperties.get("AssumeRolePolicyDocument"));
        if (!trust.equals(json(oldProperties.get("AssumeRolePolicyDocument")))) {
            store().updateAssumeRolePolicy(name, trust);
        }
        applyPolicies(name, oldProperties, newProperties);
        Map<String, String> tags = tags(context, newProperties);
        List<String> removed = store().listRoleTags(name).keySet().stream().filter(k -> !tags.containsKey(k)).toList();
        if (!removed.isEmpty()) {
            store().untagRole(name, removed);
        }
        if (!tags.isEmpty()) {
            store().tagRole(name, tags);
        }
        return current;
    }

    @Override
    public void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties) {
        deleteQuietly(resource.physicalId());
    }

    /** Brings the inline and managed policies from the old properties' to the new ones'. */
    private void applyPolicies(String name, Map<String, Object> oldProperties, Map<String, Object> newProperties) {
        IamStore store = store();
        Map<String, String> before = inline(oldProperties);
        Map<String, String> after = inline(newProperties);
        after.forEach((policy, document) -> {
            if (!Objects.equals(before.get(policy), document)) {
                store.putRolePolicy(name, policy, document);
            }
        });
        before.keySet().stream().filter(p -> !after.containsKey(p)).forEach(p -> store.deleteRolePolicy(name, p));
        List<String> managedBefore = managed(oldProperties);
        List<String> managedAfter = managed(newProperties);
        managedAfter.stream().filter(arn -> !managedBefore.contains(arn)).forEach(arn -> store.attachRolePolicy(name, arn));
        managedBefore.stream().filter(arn -> !managedAfter.contains(arn)).forEach(arn -> store.detachRolePolicy(name, arn));
    }

    private void deleteQuietly(String name) {
        IamStore store = store();
        if (store.findRole(name).isEmpty()) {
            return;
        }
        try {
            store.listAttachedRolePolicies(name).forEach(arn -> store.detachRolePolicy(name, arn));
            store.listRolePolicies(name).forEach(policy -> store.deleteRolePolicy(name, policy));
            store.deleteRole(name);
        } catch (CloudException e) {
            if (!"NoSuchEntity".equals(e.code())) {
                throw e;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> inline(Map<String, Object> properties) {
        Map<String, String> policies = new LinkedHashMap<>();
        for (Map<String, Object> policy : (List<Map<String, Object>>) properties.getOrDefault("Policies", List.of())) {
            policies.put((String) policy.get("PolicyName"), json(policy.get("PolicyDocument")));
        }
        return policies;
    }

    @SuppressWarnings("unchecked")
    private static List<String> managed(Map<String, Object> properties) {
        return (List<String>) properties.getOrDefault("ManagedPolicyArns", List.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> tags(ResourceContext context, Map<String, Object> properties) {
        Map<String, String> tags = new LinkedHashMap<>();
        context.tags((List<Map<String, Object>>) properties.get("Tags"))
                .forEach((key, value) -> {
                    if (!key.startsWith("aws:")) {
                        tags.put(key, value);
                    }
                });
        return tags;
    }

    /** A policy document as IAM stores it: the template's value (an object, or a JSON string) as JSON text. */
    static String json(Object document) {
        if (document instanceof String text) {
            return text;
        }
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
