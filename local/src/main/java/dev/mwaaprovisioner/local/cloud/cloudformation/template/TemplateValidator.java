package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks CloudFormation runs on a template before it creates anything (and in ValidateTemplate):
 * supported resource types, references that resolve, conditions that exist, attributes that exist,
 * no circular dependency. Each failure is CloudFormation's ValidationError message.
 */
public final class TemplateValidator {

    private TemplateValidator() {}

    public static void validate(Template template, ResourceTypeCatalog catalog) {
        List<String> unrecognized = template.resourceTypes().stream().filter(t -> !catalog.supports(t)).toList();
        if (!unrecognized.isEmpty()) {
            throw TemplateException.format("Unrecognized resource types: " + unrecognized);
        }
        Set<String> parameters = template.parameters().keySet();
        Map<String, ResourceDeclaration> resources = template.resources();
        checkConditions(template);

        Set<String> unresolved = new LinkedHashSet<>();
        Set<String> unresolvedConditions = new LinkedHashSet<>();
        for (ResourceDeclaration resource : resources.values()) {
            ReferenceScanner scan = ReferenceScanner.scan(resource.properties());
            checkNames(scan, template, unresolved);
            resource.dependsOn().stream().filter(d -> !resources.containsKey(d)).forEach(unresolved::add);
            checkAttributes(scan, template, catalog);
            if (resource.condition() != null && !template.conditions().containsKey(resource.condition())) {
                unresolvedConditions.add(resource.condition());
            }
            checkIfConditions(scan, template);
        }
        if (!unresolved.isEmpty()) {
            throw TemplateException.format("Unresolved resource dependencies " + new ArrayList<>(unresolved)
                    + " in the Resources block of the template");
        }
        if (!unresolvedConditions.isEmpty()) {
            throw TemplateException.format("Unresolved condition dependencies " + new ArrayList<>(unresolvedConditions)
                    + " in the Resources block of the template");
        }
        for (OutputDeclaration output : template.outputs().values()) {
            ReferenceScanner scan = ReferenceScanner.scan(List.of(output.value(),
                    output.exportName() == null ? "" : output.exportName(),
                    output.description() == null ? "" : output.description()));
            checkNames(scan, template, unresolved);
            checkAttributes(scan, template, catalog);
            checkIfConditions(scan, template);
            if (output.condition() != null && !template.conditions().containsKey(output.condition())) {
                unresolvedConditions.add(output.condition());
            }
        }
        if (!unresolved.isEmpty()) {
            throw TemplateException.format("Unresolved resource dependencies " + new ArrayList<>(unresolved)
                    + " in the Outputs block of the template");
        }
        if (!unresolvedConditions.isEmpty()) {
            throw TemplateException.format("Unresolved condition dependencies " + new ArrayList<>(unresolvedConditions)
                    + " in the Outputs block of the template");
        }
        // Unused parameters are fine; a cycle is not, whatever the conditions.
        if (!parameters.isEmpty() || !resources.isEmpty()) {
            DependencyGraph.of(template, resources.keySet());
        }
    }

    private static void checkConditions(Template template) {
        Set<String> resourceRefs = new LinkedHashSet<>();
        Set<String> unknownNames = new LinkedHashSet<>();
        Set<String> unknownConditions = new LinkedHashSet<>();
        template.conditions().forEach((name, body) -> {
            checkLogicalName(name);
            ReferenceScanner scan = ReferenceScanner.scan(body);
            for (String ref : scan.names) {
                if (template.resources().containsKey(ref)) {
                    resourceRefs.add(ref);
                } else if (!template.parameters().containsKey(ref) && !PseudoParameters.NAMES.contains(ref)) {
                    unknownNames.add(ref);
                }
            }
            scan.attributes.forEach(a -> resourceRefs.add(a.resource()));
            scan.conditions.stream().filter(c -> !template.conditions().containsKey(c))
                    .forEach(unknownConditions::add);
        });
        if (!resourceRefs.isEmpty()) {
            throw TemplateException.format("Unresolved dependencies " + new ArrayList<>(resourceRefs)
                    + ". Cannot reference resources in the Conditions block of the template");
        }
        if (!unknownNames.isEmpty()) {
            throw TemplateException.format("Unresolved parameter dependencies " + new ArrayList<>(unknownNames)
                    + " in the Conditions block of the template");
        }
        if (!unknownConditions.isEmpty()) {
            throw TemplateException.format("Unresolved condition dependencies " + new ArrayList<>(unknownConditions)
                    + " in the Conditions block of the template");
        }
    }

    private static void checkLogicalName(String name) {
        if (!name.matches("[A-Za-z0-9]+")) {
            throw TemplateException.format("Conditions name '" + name + "' is non alphanumeric.");
        }
    }

    private static void checkNames(ReferenceScanner scan, Template template, Set<String> unresolved) {
        for (String name : scan.names) {
            if (!template.parameters().containsKey(name) && !template.resources().containsKey(name)
                    && !PseudoParameters.NAMES.contains(name)) {
                unresolved.add(name);
            }
        }
    }

    private static void checkAttributes(ReferenceScanner scan, Template template, ResourceTypeCatalog catalog) {
        for (ReferenceScanner.AttributeReference a : scan.attributes) {
            ResourceDeclaration target = template.resources().get(a.resource());
            if (target == null) {
                throw TemplateException.error("instance of Fn::GetAtt references undefined resource " + a.resource());
            }
            if (a.attribute() != null && !catalog.hasAttribute(target.type(), a.attribute())) {
                throw TemplateException.error("resource " + a.resource() + " does not support attribute type "
                        + a.attribute() + " in Fn::GetAtt");
            }
        }
    }

    private static void checkIfConditions(ReferenceScanner scan, Template template) {
        for (String condition : scan.conditions) {
            if (!template.conditions().containsKey(condition)) {
                throw TemplateException.error("unresolved condition dependency " + condition + " in Fn::If");
            }
        }
    }
}
