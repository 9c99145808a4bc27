package dev.mwaaprovisioner.local.workflow;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The subset of IAM policy evaluation the workflow's policies use: Allow and Deny statements,
 * Action with wildcards (case-insensitive), Resource and NotResource with wildcards, and the
 * condition operators StringEquals, StringLike and Bool, where a key missing from the request's
 * context fails the condition (as in IAM). An explicit Deny wins; otherwise some Allow must match.
 */
record IamPolicy(List<Statement> statements) {

    record Statement(String sid, boolean allow, List<String> actions, List<String> resources,
                     List<String> notResources, Map<String, Map<String, List<String>>> conditions) {
    }

    /** One access to authorize: action, resource ARN (or "*") and the request's condition keys. */
    record Access(String action, String resource, Map<String, String> context) {

        Access(String action, String resource) {
            this(action, resource, Map.of());
        }

        @Override
        public String toString() {
            return action + " on " + resource + (context.isEmpty() ? "" : " with " + context);
        }
    }

    boolean allows(Access access) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (matches(s, access)) {
                if (!s.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /** True when some statement's Action names the action (an exercised permission). */
    static boolean actionMatches(String pattern, String action) {
        return wildcard(pattern.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches();
    }

    private static boolean matches(Statement s, Access access) {
        if (s.actions().stream().noneMatch(a -> actionMatches(a, access.action()))) {
            return false;
        }
        boolean resource = s.notResources().isEmpty()
                ? s.resources().stream().anyMatch(r -> resourceMatches(r, access.resource()))
                : s.notResources().stream().noneMatch(r -> resourceMatches(r, access.resource()));
        return resource && conditionsHold(s.conditions(), access.context());
    }

    private static boolean resourceMatches(String pattern, String resource) {
        return pattern.equals("*") || wildcard(pattern).matcher(resource).matches();
    }

    private static boolean conditionsHold(Map<String, Map<String, List<String>>> conditions, Map<String, String> context) {
        for (var operator : conditions.entrySet()) {
            for (var key : operator.getValue().entrySet()) {
                String actual = context.get(key.getKey());
                if (actual == null) {
                    return false;
                }
                boolean any = switch (operator.getKey()) {
                    case "StringEquals", "Bool" -> key.getValue().contains(actual);
                    case "StringLike" -> key.getValue().stream().anyMatch(v -> wildcard(v).matcher(actual).matches());
                    default -> throw new IllegalArgumentException("Condition operator " + operator.getKey()
                            + " is not evaluated by this test; add it or avoid it in template.yaml");
                };
                if (!any) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
