package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds what a template fragment refers to without evaluating it: names in {@code Ref} and
 * {@code Fn::Sub} variables, resources in {@code Fn::GetAtt}, conditions in {@code Fn::If} and
 * {@code Condition}. Unknown intrinsic functions are reported here.
 */
final class ReferenceScanner {

    /** A {@code Fn::GetAtt} (or {@code ${Resource.Attribute}}) reference. */
    record AttributeReference(String resource, String attribute) {}

    final Set<String> names = new LinkedHashSet<>();
    final Set<AttributeReference> attributes = new LinkedHashSet<>();
    final Set<String> conditions = new LinkedHashSet<>();

    static ReferenceScanner scan(Object node) {
        ReferenceScanner scanner = new ReferenceScanner();
        scanner.visit(node);
        return scanner;
    }

    private void visit(Object node) {
        if (node instanceof Map<?, ?> map) {
            String function = Intrinsics.functionName(map);
            if (function == null) {
                map.values().forEach(this::visit);
                return;
            }
            Object argument = map.values().iterator().next();
            switch (function) {
                case "Ref" -> {
                    if (argument instanceof String name) {
                        names.add(name);
                    } else {
                        visit(argument);
                    }
                }
                case "Condition" -> {
                    if (argument instanceof String name) {
                        conditions.add(name);
                    }
                }
                case "Fn::GetAtt" -> {
                    List<?> parts = Intrinsics.getAttParts(argument);
                    attributes.add(new AttributeReference(String.valueOf(parts.get(0)),
                            parts.get(1) instanceof String a ? a : null));
                    visit(parts.get(1));
                }
                case "Fn::Sub" -> sub(argument);
                case "Fn::If" -> {
                    if (argument instanceof List<?> args && !args.isEmpty() && args.get(0) instanceof String name) {
                        conditions.add(name);
                        args.subList(1, args.size()).forEach(this::visit);
                    } else {
                        visit(argument);
                    }
                }
                default -> visit(argument);
            }
        } else if (node instanceof List<?> list) {
            list.forEach(this::visit);
        }
    }

    private void sub(Object argument) {
        String text = null;
        Set<String> local = Set.of();
        if (argument instanceof String s) {
            text = s;
        } else if (argument instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof String s) {
            text = s;
            if (list.size() > 1 && list.get(1) instanceof Map<?, ?> variables) {
                local = new LinkedHashSet<>(variables.keySet().stream().map(String::valueOf).toList());
                variables.values().forEach(this::visit);
            }
        }
        if (text == null) {
            return; // reported when evaluated
        }
        for (String variable : SubExpression.variables(text)) {
            if (local.contains(variable)) {
                continue;
            }
            int dot = variable.indexOf('.');
            if (dot > 0) {
                attributes.add(new AttributeReference(variable.substring(0, dot), variable.substring(dot + 1)));
            } else {
                names.add(variable);
            }
        }
    }
}
