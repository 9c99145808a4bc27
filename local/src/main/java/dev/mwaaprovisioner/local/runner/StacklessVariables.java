package dev.mwaaprovisioner.local.runner;

import dev.mwaaprovisioner.local.cloud.cloudformation.template.Intrinsics;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.ParameterValues;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.PseudoParameters;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.ReferenceResolver;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.Template;
import dev.mwaaprovisioner.local.sam.SamApplication;
import dev.mwaaprovisioner.local.sam.SamFunction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values template.yaml gives functions and the state machine when no stack is deployed (runs
 * against another endpoint or AWS): parameters at their defaults, pseudo parameters of the target
 * account and Region, the config bucket given on the command line, and the functions' ARNs in the
 * local interpreter. Other resources exist only in a deployed stack: a variable that refers to one
 * is left unset, and {@link #unset()} says which, so the command can tell the user.
 */
public final class StacklessVariables {

    static final String STACK_NAME = LocalApplication.STACK_NAME;

    private final Template template;
    private final Intrinsics intrinsics;
    private final Map<String, String> unset = new LinkedHashMap<>();

    /**
     * @param knownResources Ref values of the resources that exist without the stack
     *     (ConfigBucket → the bucket; functions and their aliases → their ARNs)
     */
    public StacklessVariables(SamApplication application, String region, String accountId,
                              Map<String, String> knownResources) {
        this.template = Template.parse(application.templateBody());
        ParameterValues parameters = ParameterValues.resolve(template, Map.of(), Set.of(), Map.of());
        Map<String, Object> values = new LinkedHashMap<>(parameters.values());
        values.putAll(PseudoParameters.values(region, accountId, STACK_NAME,
                "arn:" + PseudoParameters.partition(region) + ":cloudformation:" + region + ":" + accountId
                        + ":stack/" + STACK_NAME + "/local", List.of()));
        this.intrinsics = new Intrinsics(template, new ReferenceResolver() {
            @Override
            public Object parameter(String name) {
                return values.get(name);
            }

            @Override
            public Object ref(String logicalId) {
                String known = knownResources.get(logicalId);
                if (known == null) {
                    throw new NotDeployed(logicalId);
                }
                return known;
            }

            @Override
            public Object attribute(String logicalId, String attribute) {
                if ("Arn".equals(attribute) && knownResources.containsKey(logicalId)
                        && knownResources.get(logicalId).startsWith("arn:")) {
                    return knownResources.get(logicalId);
                }
                throw new NotDeployed(logicalId + "." + attribute);
            }

            @Override
            public List<String> availabilityZones(String zoneRegion) {
                throw new NotDeployed("Fn::GetAZs");
            }

            @Override
            public String importValue(String exportName) {
                throw new NotDeployed("Fn::ImportValue " + exportName);
            }
        }, region);
    }

    /** The function's Environment.Variables that can be resolved without the stack. */
    public Map<String, String> variables(SamFunction function) {
        Map<String, String> resolved = new LinkedHashMap<>();
        function.variables().forEach((name, value) -> {
            try {
                Object evaluated = intrinsics.evaluate(value);
                if (evaluated != Intrinsics.NO_VALUE) {
                    resolved.put(name, String.valueOf(evaluated));
                }
            } catch (NotDeployed e) {
                unset.put(function.logicalId() + "." + name, e.getMessage());
            }
        });
        return resolved;
    }

    /** A value of the template (e.g. a DefinitionSubstitutions entry) resolved without the stack. */
    public String value(Object node, String what) {
        try {
            return String.valueOf(intrinsics.evaluate(node));
        } catch (NotDeployed e) {
            throw new IllegalStateException(what + " refers to " + e.getMessage()
                    + ", which exists only in a deployed stack.");
        }
    }

    /** Variables left unset, {@code Function.VARIABLE} → the resource they refer to. */
    public Map<String, String> unset() {
        return Map.copyOf(unset);
    }

    /** A reference to a resource that exists only in a deployed stack. */
    private static final class NotDeployed extends RuntimeException {
        NotDeployed(String what) {
            super(what, null, false, false);
        }
    }
}
