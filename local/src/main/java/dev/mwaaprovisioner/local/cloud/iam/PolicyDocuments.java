package dev.mwaaprovisioner.local.cloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the grammar of IAM policy documents as IAM and KMS do before they store one: valid
 * JSON, a known Version, Statement(s) with Effect Allow/Deny, Action or NotAction with
 * vendor-prefixed actions, and the Principal/Resource rules of each policy kind.
 */
public final class PolicyDocuments {

    /** What a policy is attached to, which decides whether Principal and Resource belong in it. */
    public enum Kind {
        /** An identity policy (role inline policy): Resource required, no Principal. */
        IDENTITY,
        /** A role trust policy: Principal required, no Resource. */
        TRUST,
        /** A resource policy such as a KMS key policy: Principal and Resource required. */
        RESOURCE
    }

    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_FIELDS = Set.of(
            "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition");
    private static final Pattern ACTION = Pattern.compile("\\*|[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+");

    private PolicyDocuments() {}

    /**
     * Parses and checks a policy.
     *
     * @return the parsed document
     * @throws IllegalArgumentException with the reason AWS gives, when the policy is malformed
     */
    public static ObjectNode validate(String document, Kind kind) {
        if (document == null || document.isBlank()) {
            throw new IllegalArgumentException("Syntax errors in policy. The policy document is empty.");
        }
        JsonNode root;
        try {
            root = Json.parse(document);
        } catch (IOException e) {
            throw new IllegalArgumentException("Syntax errors in policy. " + Json.describe(e));
        }
        if (!(root instanceof ObjectNode policy)) {
            throw new IllegalArgumentException("Syntax errors in policy. The policy must be a JSON object.");
        }
        for (Iterator<String> it = policy.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP_LEVEL.contains(field)) {
                throw new IllegalArgumentException("Syntax errors in policy. Unknown field " + field + ".");
            }
        }
        JsonNode version = policy.get("Version");
        if (version != null && !(version.isTextual()
                && (version.asText().equals("2012-10-17") || version.asText().equals("2008-10-17")))) {
            throw new IllegalArgumentException("The policy must contain a valid version string: 2012-10-17 or 2008-10-17, not " + version + ".");
        }
        JsonNode statement = policy.get("Statement");
        if (statement == null || statement.isNull()) {
            throw new IllegalArgumentException("Syntax errors in policy. Missing required field Statement.");
        }
        List<JsonNode> statements = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(statements::add);
        } else {
            statements.add(statement);
        }
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("Syntax errors in policy. Statement must not be empty.");
        }
        for (JsonNode s : statements) {
            checkStatement(s, kind);
        }
        return policy;
    }

    private static void checkStatement(JsonNode s, Kind kind) {
        if (!s.isObject()) {
            throw new IllegalArgumentException("Syntax errors in policy. A statement must be a JSON object.");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!STATEMENT_FIELDS.contains(field)) {
                throw new IllegalArgumentException("Syntax errors in policy. Unknown field " + field + " in a statement.");
            }
        }
        JsonNode effect = s.get("Effect");
        if (effect == null) {
            throw new IllegalArgumentException("Missing required field Effect.");
        }
        if (!effect.isTextual() || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
            throw new IllegalArgumentException("Invalid effect: " + effect.asText() + ". Effect must be Allow or Deny.");
        }
        boolean action = s.has("Action");
        boolean notAction = s.has("NotAction");
        if (action == notAction) {
            throw new IllegalArgumentException(action
                    ? "Syntax errors in policy. A statement must not have both Action and NotAction."
                    : "Missing required field Action.");
        }
        for (String a : strings(s.get(action ? "Action" : "NotAction"), action ? "Action" : "NotAction")) {
            if (!ACTION.matcher(a).matches()) {
                throw new IllegalArgumentException("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc. Found: " + a);
            }
        }
        boolean principal = s.has("Principal") || s.has("NotPrincipal");
        boolean resource = s.has("Resource") || s.has("NotResource");
        if (s.has("Resource") && s.has("NotResource")) {
            throw new IllegalArgumentException("Syntax errors in policy. A statement must not have both Resource and NotResource.");
        }
        switch (kind) {
            case IDENTITY -> {
                if (principal) {
                    throw new IllegalArgumentException("Policy document should not specify a principal.");
                }
                if (!resource) {
                    throw new IllegalArgumentException("Policy statement must contain resources.");
                }
            }
            case TRUST -> {
                if (!principal) {
                    throw new IllegalArgumentException("Missing required field Principal.");
                }
                if (resource) {
                    throw new IllegalArgumentException("Has prohibited field Resource.");
                }
            }
            case RESOURCE -> {
                if (!principal) {
                    throw new IllegalArgumentException("Missing required field Principal.");
                }
                if (!resource) {
                    throw new IllegalArgumentException("Policy statement must contain resources.");
                }
            }
        }
        if (principal) {
            JsonNode p = s.has("Principal") ? s.get("Principal") : s.get("NotPrincipal");
            if (!(p.isObject() || (p.isTextual() && p.asText().equals("*")))) {
                throw new IllegalArgumentException("Invalid principal in policy: " + p);
            }
        }
    }

    /** A string-or-array-of-strings member as a list. */
    public static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (node.isTextual()) {
            values.add(node.asText());
            return values;
        }
        if (node.isArray() && !node.isEmpty()) {
            for (JsonNode v : node) {
                if (!v.isTextual()) {
                    throw new IllegalArgumentException("Syntax errors in policy. " + field + " must hold strings, not " + v + ".");
                }
                values.add(v.asText());
            }
            return values;
        }
        throw new IllegalArgumentException("Syntax errors in policy. " + field + " must be a string or a non-empty array of strings.");
    }
}
