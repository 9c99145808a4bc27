package dev.mwaaprovisioner.local.cloud.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.iam.PolicyDocuments;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** KMS key policies: the default policy KMS gives a key, and the policy lockout safety check. */
final class KeyPolicies {

    private KeyPolicies() {}

    /**
     * The policy KMS gives a key created without one: the account root may do everything, which
     * lets IAM policies of the account grant access to the key.
     */
    static String defaultPolicy(String partition, String accountId) {
        ObjectNode policy = Json.object();
        policy.put("Version", "2012-10-17");
        policy.put("Id", "key-default-1");
        ObjectNode statement = policy.putArray("Statement").addObject();
        statement.put("Sid", "Enable IAM User Permissions");
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("AWS", "arn:" + partition + ":iam::" + accountId + ":root");
        statement.put("Action", "kms:*");
        statement.put("Resource", "*");
        try {
            // KMS returns its default policy pretty-printed in this style.
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the policy still lets the account — its root, or an IAM principal of the account —
     * call PutKeyPolicy on the key, so the key cannot become unmanageable. Statements with a
     * Condition count as allowing (the condition could hold) and Deny statements with a Condition
     * as not denying: the check only refuses policies that certainly lock the account out.
     */
    static boolean letsAccountManageKey(JsonNode policy, String accountId) {
        boolean allowed = false;
        for (JsonNode statement : statements(policy)) {
            boolean allow = statement.path("Effect").asText().equals("Allow");
            boolean conditional = statement.has("Condition");
            if (!coversAccount(statement, accountId) || !coversPutKeyPolicy(statement) || !coversAnyResource(statement)) {
                continue;
            }
            if (allow) {
                allowed = true;
            } else if (!conditional) {
                return false;
            }
        }
        return allowed;
    }

    private static List<JsonNode> statements(JsonNode policy) {
        List<JsonNode> all = new ArrayList<>();
        JsonNode s = policy.get("Statement");
        if (s.isArray()) {
            s.forEach(all::add);
        } else {
            all.add(s);
        }
        return all;
    }

    private static boolean coversAccount(JsonNode statement, String accountId) {
        if (statement.has("NotPrincipal")) {
            // NotPrincipal with Allow is rejected by KMS in practice; treat it as not covering.
            return false;
        }
        JsonNode principal = statement.get("Principal");
        if (principal.isTextual()) {
            return principal.asText().equals("*");
        }
        Pattern accountPrincipal = Pattern.compile(
                "\\*|" + Pattern.quote(accountId) + "|arn:aws[a-z-]*:iam::" + Pattern.quote(accountId) + ":(root|role/.+|user/.+)");
        for (String p : PolicyDocuments.strings(principal.get("AWS"), "Principal.AWS")) {
            if (accountPrincipal.matcher(p).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean coversPutKeyPolicy(JsonNode statement) {
        if (statement.has("Action")) {
            return PolicyDocuments.strings(statement.get("Action"), "Action").stream().anyMatch(KeyPolicies::matchesPutKeyPolicy);
        }
        return PolicyDocuments.strings(statement.get("NotAction"), "NotAction").stream().noneMatch(KeyPolicies::matchesPutKeyPolicy);
    }

    private static boolean matchesPutKeyPolicy(String action) {
        return wildcard(action).matcher("kms:PutKeyPolicy").matches();
    }

    private static boolean coversAnyResource(JsonNode statement) {
        if (statement.has("Resource")) {
            return PolicyDocuments.strings(statement.get("Resource"), "Resource").stream()
                    .anyMatch(r -> r.equals("*") || r.contains(":key/") || r.endsWith("*"));
        }
        return true;
    }

    /** An IAM wildcard ({@code *}, {@code ?}) as a case-insensitive pattern. */
    private static Pattern wildcard(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }
}
