package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.cloudformation.template.PseudoParameters;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.ReferenceResolver;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.TemplateException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolves references before any resource exists, so a template can be evaluated when the stack is
 * requested: resources give placeholder values, a resource whose Condition is false cannot be
 * referenced, and imports must exist. Records the exports the template imports.
 */
final class PlanningResolver implements ReferenceResolver {

    private final Stack stack;
    private final StackServices services;
    private final Function<String, String> exports;
    private final Map<String, Object> pseudo;
    private final Set<String> imports = new LinkedHashSet<>();
    private List<String> active;

    PlanningResolver(Stack stack, StackServices services, Function<String, String> exports) {
        this.stack = stack;
        this.services = services;
        this.exports = exports;
        this.pseudo = PseudoParameters.values(stack.region(), stack.accountId(), stack.stackName(), stack.stackId(),
                stack.options().notificationArns());
    }

    /** Resources whose Condition holds; until set (while conditions are evaluated) none may be referenced. */
    void active(List<String> activeResources) {
        active = activeResources;
    }

    Set<String> imports() {
        return imports;
    }

    @Override
    public Object parameter(String name) {
        Object value = pseudo.get(name);
        return value != null ? value : stack.parameters().values().get(name);
    }

    @Override
    public Object ref(String logicalId) {
        requireActive(logicalId);
        return "{" + logicalId + "}";
    }

    @Override
    public Object attribute(String logicalId, String attribute) {
        requireActive(logicalId);
        String type = stack.template().resources().get(logicalId).type();
        if (!services.providers().hasAttribute(type, attribute)) {
            throw TemplateException.error("resource " + logicalId + " does not support attribute type " + attribute
                    + " in Fn::GetAtt");
        }
        boolean list = services.providers().provider(type).map(p -> p.schema().listAttributes().contains(attribute))
                .orElse(false);
        String placeholder = "{" + logicalId + "." + attribute + "}";
        return list ? List.of(placeholder) : placeholder;
    }

    private void requireActive(String logicalId) {
        if (active == null || !active.contains(logicalId)) {
            throw TemplateException.format("Unresolved resource dependencies [" + logicalId
                    + "] in the Resources block of the template");
        }
    }

    @Override
    public List<String> availabilityZones(String region) {
        return services.availabilityZones(region);
    }

    @Override
    public String importValue(String exportName) {
        String value = exports.apply(exportName);
        if (value == null) {
            throw new TemplateException("No export named " + exportName + " found.");
        }
        imports.add(exportName);
        return value;
    }
}
