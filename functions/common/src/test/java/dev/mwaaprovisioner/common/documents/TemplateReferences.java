package dev.mwaaprovisioner.common.documents;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the references in a parsed template (long-form intrinsics, as {@link CloudFormationYaml}
 * returns them) that CloudFormation would refuse: a Ref, GetAtt or Sub variable naming nothing, a
 * DependsOn naming no resource.
 */
final class TemplateReferences {

    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs",
            "AWS::NoValue", "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!][^}]*)}");

    private final Map<?, ?> resources;
    private final Map<?, ?> parameters;
    final List<String> problems = new ArrayList<>();
    final Set<String> intrinsicsUsed = new LinkedHashSet<>();

    private TemplateReferences(Map<String, Object> template) {
        this.resources = template.get("Resources") instanceof Map<?, ?> r ? r : Map.of();
        this.parameters = template.get("Parameters") instanceof Map<?, ?> p ? p : Map.of();
    }

    static TemplateReferences check(Map<String, Object> template) {
        TemplateReferences check = new TemplateReferences(template);
        check.walk(template.get("Resources"), "Resources");
        check.walk(template.get("Outputs"), "Outputs");
        check.resources.forEach((id, resource) -> {
            Object dependsOn = resource instanceof Map<?, ?> r ? r.get("DependsOn") : null;
            List<?> targets = dependsOn instanceof List<?> l ? l : dependsOn == null ? List.of() : List.of(dependsOn);
            for (Object target : targets) {
                if (!check.resources.containsKey(target)) {
                    check.problems.add("Resources." + id + ".DependsOn: no resource " + target);
                }
            }
        });
        return check;
    }

    private void walk(Object node, String path) {
        if (node instanceof Map<?, ?> m) {
            if (m.size() == 1) {
                Map.Entry<?, ?> only = m.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    intrinsicsUsed.add(key);
                    checkIntrinsic(key, only.getValue(), path);
                }
            }
            m.forEach((k, v) -> walk(v, path + "." + k));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]");
            }
        }
    }

    private void checkIntrinsic(String function, Object argument, String path) {
        switch (function) {
            case "Ref" -> {
                if (!(argument instanceof String name) || !(resources.containsKey(name) || parameters.containsKey(name)
                        || PSEUDO_PARAMETERS.contains(name))) {
                    problems.add(path + ": Ref to unknown " + argument);
                }
            }
            case "Fn::GetAtt" -> {
                if (!(argument instanceof List<?> parts) || parts.size() != 2 || !resources.containsKey(parts.get(0))) {
                    problems.add(path + ": GetAtt of unknown resource " + argument);
                }
            }
            case "Fn::Sub" -> checkSub(argument, path);
            default -> {
                // Other functions' arguments are checked as the walk descends into them.
            }
        }
    }

    private void checkSub(Object argument, String path) {
        Object text = argument instanceof List<?> l && !l.isEmpty() ? l.get(0) : argument;
        Map<?, ?> variables = argument instanceof List<?> l && l.size() > 1 && l.get(1) instanceof Map<?, ?> v
                ? v : Map.of();
        if (!(text instanceof String string)) {
            problems.add(path + ": Fn::Sub needs a string, got " + text);
            return;
        }
        Matcher m = SUB_VARIABLE.matcher(string);
        while (m.find()) {
            String variable = m.group(1);
            int dot = variable.indexOf('.');
            boolean known = variables.containsKey(variable)
                    || (dot > 0 && resources.containsKey(variable.substring(0, dot)))
                    || (dot < 0 && (resources.containsKey(variable) || parameters.containsKey(variable)
                    || PSEUDO_PARAMETERS.contains(variable)));
            if (!known) {
                problems.add(path + ": Sub variable ${" + variable + "} is not defined");
            }
        }
    }
}
