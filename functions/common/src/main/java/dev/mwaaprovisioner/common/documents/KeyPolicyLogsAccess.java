package dev.mwaaprovisioner.common.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The "Allow logs access" statement a customer managed key needs so that CloudWatch Logs can
 * encrypt the environment's log groups with it, and the read-modify-write edits of a key policy
 * that add it and take it away again.
 *
 * <p>KMS replaces a key policy as a whole, so the edits here keep every other statement, in
 * order, untouched: the account root statement that keeps the key manageable above all. Adding is
 * an upsert by Sid, so running it twice gives the same policy as running it once.
 */
public final class KeyPolicyLogsAccess {

    /** The statement's Sid, which identifies it in a key policy. */
    public static final String SID = "Allow logs access";

    private static final String WHAT = "key policy";

    private KeyPolicyLogsAccess() {
    }

    /** The statement for log groups of one account in one Region. */
    public static ObjectNode statement(Partition partition, String region, String accountId) {
        if (partition == null) {
            throw new IllegalArgumentException("partition: (missing); pass the partition of the key's Region.");
        }
        ObjectNode statement = PolicyJson.newObject();
        statement.put("Sid", SID);
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("Service", partition.serviceHost("logs", region));
        PolicyJson.putOneOrMany(statement, "Action", "kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*",
                "kms:GenerateDataKey*", "kms:Describe*");
        statement.put("Resource", "*");
        statement.putObject("Condition").putObject("ArnLike")
                .put("kms:EncryptionContext:aws:logs:arn", Arns.logsInAccount(partition, region, accountId));
        return statement;
    }

    /**
     * The key policy with the statement added, or replaced where a statement with its Sid already
     * is; every other statement and field stays as it was, in order.
     *
     * @throws IllegalArgumentException if the policy is not a JSON object with a Statement list
     */
    public static String upsert(String keyPolicyJson, Partition partition, String region, String accountId) {
        ObjectNode wanted = statement(partition, region, accountId);
        ObjectNode policy = PolicyJson.readPolicy(keyPolicyJson, WHAT);
        ArrayNode statements = (ArrayNode) policy.get("Statement");
        ArrayNode result = policy.arrayNode();
        boolean placed = false;
        for (JsonNode existing : statements) {
            if (!hasOurSid(existing)) {
                result.add(existing);
            } else if (!placed) {
                result.add(wanted);
                placed = true;
            }
            // A second statement with our Sid would be a stale copy: it is dropped.
        }
        if (!placed) {
            result.add(wanted);
        }
        policy.set("Statement", result);
        return PolicyJson.pretty(policy);
    }

    /**
     * The key policy without the statement; every other statement and field stays as it was.
     *
     * @throws IllegalArgumentException if the policy is not a JSON object with a Statement list, or
     *     if nothing would remain of it (KMS refuses a key policy without statements)
     */
    public static String remove(String keyPolicyJson) {
        ObjectNode policy = PolicyJson.readPolicy(keyPolicyJson, WHAT);
        ArrayNode statements = (ArrayNode) policy.get("Statement");
        ArrayNode result = policy.arrayNode();
        for (JsonNode existing : statements) {
            if (!hasOurSid(existing)) {
                result.add(existing);
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException(WHAT + ": removing \"" + SID + "\" would leave no statement, and KMS "
                    + "refuses such a policy; keep at least the statement that lets the account administer the key.");
        }
        policy.set("Statement", result);
        return PolicyJson.pretty(policy);
    }

    /** Whether the key policy already holds exactly the wanted statement (so no write is needed). */
    public static boolean isPresent(String keyPolicyJson, Partition partition, String region, String accountId) {
        ObjectNode wanted = statement(partition, region, accountId);
        ArrayNode statements = (ArrayNode) PolicyJson.readPolicy(keyPolicyJson, WHAT).get("Statement");
        int ours = 0;
        boolean equal = false;
        for (JsonNode existing : statements) {
            if (hasOurSid(existing)) {
                ours++;
                equal = existing.equals(wanted);
            }
        }
        return ours == 1 && equal;
    }

    /** Whether the key policy holds a statement of the provisioner's Sid, whatever its content. */
    public static boolean hasSid(String keyPolicyJson) {
        for (JsonNode existing : PolicyJson.readPolicy(keyPolicyJson, WHAT).get("Statement")) {
            if (hasOurSid(existing)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasOurSid(JsonNode statement) {
        return SID.equals(statement.path("Sid").asText(null));
    }
}
