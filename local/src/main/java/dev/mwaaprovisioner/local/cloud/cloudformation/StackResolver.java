package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.cloudformation.template.PseudoParameters;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.ReferenceResolver;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.TemplateException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Resolves intrinsic references against a stack: its parameters, its created resources, the Region's exports. */
final class StackResolver implements ReferenceResolver {

    private final Stack stack;
    private final StackServices services;
    private final Function<String, String> exports;
    private final Map<String, Object> pseudo;

    StackResolver(Stack stack, StackServices services, Function<String, String> exports) {
        this.stack = stack;
        this.services = services;
        this.exports = exports;
        this.pseudo = PseudoParameters.values(stack.region(), stack.accountId(), stack.stackName(), stack.stackId(),
                stack.options().notificationArns());
    }

    @Override
    public Object parameter(String name) {
        Object value = pseudo.get(name);
        return value != null ? value : stack.parameters().values().get(name);
    }

    @Override
    public Object ref(String logicalId) {
        StackResource resource = stack.resources().get(logicalId);
        if (resource == null || resource.physicalId() == null) {
            throw TemplateException.format("Unresolved resource dependencies [" + logicalId
                    + "] in the Resources block of the template");
        }
        return resource.physicalId();
    }

    @Override
    public Object attribute(String logicalId, String attribute) {
        StackResource resource = stack.resources().get(logicalId);
        if (resource == null || resource.provisioned() == null) {
            throw TemplateException.format("Unresolved resource dependencies [" + logicalId
                    + "] in the Resources block of the template");
        }
        Object value = resource.provisioned().attributes().get(attribute);
        if (value == null || !services.providers().hasAttribute(resource.type(), attribute)) {
            throw TemplateException.error("resource " + logicalId + " does not support attribute type " + attribute
                    + " in Fn::GetAtt");
        }
        return value;
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
        return value;
    }
}
