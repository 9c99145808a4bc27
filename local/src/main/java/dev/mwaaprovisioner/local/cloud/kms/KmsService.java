package dev.mwaaprovisioner.local.cloud.kms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.kms.KmsStore.KmsAlias;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.protocol.JsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.Timestamps;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS KMS (JSON 1.1, {@code X-Amz-Target: TrentService.<Op>}): symmetric keys with their key
 * policy and aliases, and scheduled deletion. No cryptography is emulated. State lives in {@link KmsStore}.
 */
public final class KmsService implements CloudService {

    private final JsonProtocol protocol = new JsonProtocol("1.1", "TrentService");
    private final KmsStore store;
    private final String accountId;

    private final ServiceContext context;

    public KmsService(ServiceContext context) {
        this.store = new KmsStore(context.clock(), context.accountId());
        this.accountId = context.accountId();
        this.context = context;
    }

    @Override
    public String signingName() {
        return "kms";
    }

    @Override
    public String displayName() {
        return "KMS";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public Collection<?> components() {
        return List.of(store);
    }

    public KmsStore store() {
        return store;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        ObjectNode in = protocol.input(request);
        String region = request.region();
        ObjectNode out = Json.object();
        switch (request.operation()) {
            case "CreateKey" -> {
                if (in.hasNonNull("Origin") && !in.get("Origin").asText().equals("AWS_KMS")) {
                    throw new CloudException("UnsupportedOperationException", 400,
                            "Origin " + in.get("Origin").asText() + " is not supported by the local cloud: only AWS_KMS keys are emulated.");
                }
                String spec = text(in, "KeySpec") != null ? text(in, "KeySpec") : text(in, "CustomerMasterKeySpec");
                KmsKey key = store.createKey(region, text(in, "Description"), text(in, "Policy"), text(in, "KeyUsage"), spec,
                        bool(in, "MultiRegion"), tags(in), bool(in, "BypassPolicyLockoutSafetyCheck"));
                out.set("KeyMetadata", metadata(key));
            }
            case "DescribeKey" -> out.set("KeyMetadata", metadata(store.describeKey(region, text(in, "KeyId"))));
            case "GetKeyPolicy" -> {
                String policy = store.getKeyPolicy(region, text(in, "KeyId"), text(in, "PolicyName"));
                // KMS reads are eventually consistent: right after PutKeyPolicy a read can answer the
                // previous policy for seconds. The kms:key-policy STALE_READ fault makes it do so.
                String keyId = store.describeKey(region, text(in, "KeyId")).keyId();
                java.util.Optional<String> stale = store.stalePolicy(region, keyId);
                if (stale.isPresent() && context.faults().takeResourceFault("kms:key-policy", keyId)
                        .filter(f -> f.outcome().equals("STALE_READ")).isPresent()) {
                    policy = stale.get();
                } else {
                    store.readsCaughtUp(region, keyId);
                }
                out.put("Policy", policy);
                out.put("PolicyName", KmsStore.DEFAULT_POLICY_NAME);
            }
            case "PutKeyPolicy" -> store.putKeyPolicy(region, text(in, "KeyId"), text(in, "PolicyName"), text(in, "Policy"),
                    bool(in, "BypassPolicyLockoutSafetyCheck"));
            case "ListKeyPolicies" -> {
                out.putArray("PolicyNames").add(store.listKeyPolicies(region, text(in, "KeyId")).get(0));
                out.put("Truncated", false);
            }
            case "ListKeys" -> {
                List<KmsKey> keys = store.listKeys(region);
                page(in, keys, out, "Keys", (k, node) -> node.put("KeyId", k.keyId()).put("KeyArn", k.arn()));
            }
            case "CreateAlias" -> store.createAlias(region, text(in, "AliasName"), text(in, "TargetKeyId"));
            case "ListAliases" -> {
                List<KmsAlias> aliases = store.listAliases(region, text(in, "KeyId"));
                page(in, aliases, out, "Aliases", (a, node) -> node
                        .put("AliasName", a.aliasName())
                        .put("AliasArn", a.aliasArn())
                        .put("TargetKeyId", a.targetKeyId())
                        .put("CreationDate", Timestamps.epochSeconds(a.creationDate()))
                        .put("LastUpdatedDate", Timestamps.epochSeconds(a.lastUpdatedDate())));
            }
            case "ScheduleKeyDeletion" -> {
                Integer days = in.hasNonNull("PendingWindowInDays") ? integer(in, "PendingWindowInDays") : null;
                KmsKey key = store.scheduleKeyDeletion(region, text(in, "KeyId"), days);
                out.put("KeyId", key.arn());
                out.put("DeletionDate", Timestamps.epochSeconds(key.deletionDate()));
                out.put("KeyState", key.state());
                out.put("PendingWindowInDays", key.pendingWindowInDays());
            }
            case "CancelKeyDeletion" -> out.put("KeyId", store.cancelKeyDeletion(region, text(in, "KeyId")).arn());
            case "EnableKey" -> store.setEnabled(region, text(in, "KeyId"), true);
            case "DisableKey" -> store.setEnabled(region, text(in, "KeyId"), false);
            case "ListResourceTags" -> {
                KmsKey key = store.describeKey(region, text(in, "KeyId"));
                ArrayNode tags = out.putArray("Tags");
                key.tags().forEach((k, v) -> tags.addObject().put("TagKey", k).put("TagValue", v));
                out.put("Truncated", false);
            }
            default -> throw protocol.unsupportedOperation(displayName(), request.operation());
        }
        return protocol.respond(request, out);
    }

    private ObjectNode metadata(KmsKey key) {
        ObjectNode m = Json.object();
        m.put("AWSAccountId", accountId);
        m.put("KeyId", key.keyId());
        m.put("Arn", key.arn());
        m.put("CreationDate", Timestamps.epochSeconds(key.creationDate()));
        m.put("Enabled", key.enabled());
        m.put("Description", key.description());
        m.put("KeyUsage", key.keyUsage());
        m.put("KeyState", key.state());
        if (key.deletionDate() != null) {
            m.put("DeletionDate", Timestamps.epochSeconds(key.deletionDate()));
        }
        m.put("Origin", "AWS_KMS");
        m.put("KeyManager", "CUSTOMER");
        m.put("CustomerMasterKeySpec", key.keySpec());
        m.put("KeySpec", key.keySpec());
        m.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        m.put("MultiRegion", key.multiRegion());
        if (key.multiRegion()) {
            ObjectNode config = m.putObject("MultiRegionConfiguration");
            config.put("MultiRegionKeyType", "PRIMARY");
            config.putObject("PrimaryKey").put("Arn", key.arn()).put("Region", key.region());
            config.putArray("ReplicaKeys");
        }
        return m;
    }

    private interface Writer<T> {
        void write(T item, ObjectNode node);
    }

    /** Limit (1–1000, default 100) and Marker paging, as KMS list operations do. */
    private static <T> void page(ObjectNode in, List<T> all, ObjectNode out, String member, Writer<T> writer) {
        int limit = in.hasNonNull("Limit") ? integer(in, "Limit") : 100;
        if (limit < 1 || limit > 1000) {
            throw KmsStore.validation("Value '" + limit + "' at 'limit' failed to satisfy constraint: Member must have value between 1 and 1000");
        }
        int start = 0;
        String marker = text(in, "Marker");
        if (marker != null) {
            try {
                start = Integer.parseInt(new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new CloudException("InvalidMarkerException", 400, "Invalid Marker: " + marker);
            }
        }
        int end = Math.min(all.size(), start + limit);
        ArrayNode items = out.putArray(member);
        for (int i = start; i < end; i++) {
            writer.write(all.get(i), items.addObject());
        }
        boolean truncated = end < all.size();
        out.put("Truncated", truncated);
        if (truncated) {
            out.put("NextMarker", Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String text(ObjectNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new CloudException("SerializationException", 400, field + " must be a string, not " + v);
        }
        return v.asText();
    }

    private static boolean bool(ObjectNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new CloudException("SerializationException", 400, field + " must be a boolean, not " + v);
        }
        return v.asBoolean();
    }

    private static int integer(ObjectNode in, String field) {
        JsonNode v = in.get(field);
        if (!v.isInt()) {
            throw new CloudException("SerializationException", 400, field + " must be an integer, not " + v);
        }
        return v.asInt();
    }

    private static Map<String, String> tags(ObjectNode in) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode list = in.get("Tags");
        if (list != null && list.isArray()) {
            for (JsonNode t : list) {
                String key = t.path("TagKey").asText(null);
                if (key == null || key.isEmpty() || key.length() > 128) {
                    throw new CloudException("TagException", 400, "Tag key '" + key + "' must be 1 to 128 characters.");
                }
                tags.put(key, t.path("TagValue").asText(""));
            }
        }
        return tags;
    }

    @Override
    public JsonNode inventory() {
        ArrayNode keys = Json.MAPPER.createArrayNode();
        for (KmsKey key : store.allKeys()) {
            keys.addObject().put("Arn", key.arn()).put("KeyState", key.state()).put("Description", key.description());
        }
        return Json.object().set("Keys", keys);
    }
}
