package dev.mwaaprovisioner.local.cloud.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.Arns;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.protocol.QueryInput;
import dev.mwaaprovisioner.local.cloud.protocol.QueryProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.XmlWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM (query protocol, global): roles with inline policies and tags, and MWAA's service-linked
 * role. Policy documents go out URL-encoded, as IAM sends them. State lives in {@link IamStore}.
 */
public final class IamService implements CloudService {

    public static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    private final QueryProtocol protocol = new QueryProtocol(NAMESPACE);
    private final IamStore store;

    public IamService(ServiceContext context) {
        this.store = new IamStore(context.clock(), context.accountId());
    }

    @Override
    public String signingName() {
        return "iam";
    }

    @Override
    public String displayName() {
        return "IAM";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    @Override
    public Collection<?> components() {
        return List.of(store);
    }

    public IamStore store() {
        return store;
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        QueryInput in = new QueryInput(request);
        String partition = Arns.partition(request.region());
        return switch (request.operation()) {
            case "CreateRole" -> {
                IamRole role = store.createRole(partition, in.string("RoleName"), in.string("Path"),
                        in.string("AssumeRolePolicyDocument"), in.string("Description"),
                        integer(in, "MaxSessionDuration"), tags(in));
                yield protocol.respond(request, r -> r.element("Role", x -> writeRole(x, role, true)));
            }
            case "CreateServiceLinkedRole" -> {
                IamRole role = store.createServiceLinkedRole(partition, in.string("AWSServiceName"),
                        in.string("Description"), in.string("CustomSuffix"));
                yield protocol.respond(request, r -> r.element("Role", x -> writeRole(x, role, true)));
            }
            case "GetRole" -> {
                IamRole role = store.getRole(in.string("RoleName"));
                yield protocol.respond(request, r -> r.element("Role", x -> {
                    writeRole(x, role, true);
                    x.element("RoleLastUsed", lastUsed -> { });
                }));
            }
            case "ListRoles" -> {
                List<IamRole> roles = store.listRoles(in.string("PathPrefix"));
                Page<IamRole> page = Page.of(roles, in);
                yield protocol.respond(request, r -> {
                    r.element("Roles", list -> page.items().forEach(role -> list.element("member", x -> writeRole(x, role, false))));
                    page.write(r);
                });
            }
            case "UpdateAssumeRolePolicy" -> {
                store.updateAssumeRolePolicy(in.string("RoleName"), in.string("PolicyDocument"));
                yield protocol.respondEmpty(request);
            }
            case "PutRolePolicy" -> {
                store.putRolePolicy(in.string("RoleName"), in.string("PolicyName"), in.string("PolicyDocument"));
                yield protocol.respondEmpty(request);
            }
            case "GetRolePolicy" -> {
                String roleName = in.string("RoleName");
                String policyName = in.string("PolicyName");
                String document = store.getRolePolicy(roleName, policyName);
                String storedRoleName = store.getRole(roleName).name();
                yield protocol.respond(request, r -> r
                        .element("RoleName", storedRoleName)
                        .element("PolicyName", policyName)
                        .element("PolicyDocument", encode(document)));
            }
            case "ListRolePolicies" -> {
                Page<String> page = Page.of(store.listRolePolicies(in.string("RoleName")), in);
                yield protocol.respond(request, r -> {
                    r.element("PolicyNames", list -> page.items().forEach(name -> list.element("member", name)));
                    page.write(r);
                });
            }
            case "DeleteRolePolicy" -> {
                store.deleteRolePolicy(in.string("RoleName"), in.string("PolicyName"));
                yield protocol.respondEmpty(request);
            }
            case "AttachRolePolicy" -> {
                store.attachRolePolicy(in.string("RoleName"), in.string("PolicyArn"));
                yield protocol.respondEmpty(request);
            }
            case "DetachRolePolicy" -> {
                store.detachRolePolicy(in.string("RoleName"), in.string("PolicyArn"));
                yield protocol.respondEmpty(request);
            }
            case "ListAttachedRolePolicies" -> {
                Page<String> page = Page.of(store.listAttachedRolePolicies(in.string("RoleName")), in);
                yield protocol.respond(request, r -> {
                    r.element("AttachedPolicies", list -> page.items().forEach(arn -> list.element("member", m -> m
                            .element("PolicyName", AwsManagedPolicies.name(arn)).element("PolicyArn", arn))));
                    page.write(r);
                });
            }
            case "DeleteRole" -> {
                store.deleteRole(in.string("RoleName"));
                yield protocol.respondEmpty(request);
            }
            case "TagRole" -> {
                Map<String, String> tags = tags(in);
                if (tags.isEmpty()) {
                    throw IamStore.validation("Value null at 'tags' failed to satisfy constraint: Member must not be null");
                }
                store.tagRole(in.string("RoleName"), tags);
                yield protocol.respondEmpty(request);
            }
            case "UntagRole" -> {
                store.untagRole(in.string("RoleName"), in.list("TagKeys", "member"));
                yield protocol.respondEmpty(request);
            }
            case "ListRoleTags" -> {
                Map<String, String> tags = store.listRoleTags(in.string("RoleName"));
                Page<Map.Entry<String, String>> page = Page.of(List.copyOf(tags.entrySet()), in);
                yield protocol.respond(request, r -> {
                    r.element("Tags", list -> page.items().forEach(t -> list.element("member", m -> m
                            .element("Key", t.getKey()).element("Value", t.getValue()))));
                    page.write(r);
                });
            }
            default -> throw protocol.unsupportedOperation(displayName(), request.operation());
        };
    }

    private static void writeRole(XmlWriter x, IamRole role, boolean withTags) {
        x.element("Path", role.path());
        x.element("RoleName", role.name());
        x.element("RoleId", role.roleId());
        x.element("Arn", role.arn());
        x.element("CreateDate", role.createDate());
        x.element("AssumeRolePolicyDocument", encode(role.assumeRolePolicyDocument()));
        x.element("Description", role.description());
        x.element("MaxSessionDuration", role.maxSessionDuration());
        if (withTags && !role.tags().isEmpty()) {
            // IamRole keeps tags in a plain map; the store keeps their order, the listing sorts by key.
            x.element("Tags", list -> new java.util.TreeMap<>(role.tags()).forEach((k, v) ->
                    list.element("member", m -> m.element("Key", k).element("Value", v))));
        }
    }

    /** URL-encodes a policy document as IAM returns it (RFC 3986 style: a space is %20). */
    public static String encode(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> tags(QueryInput in) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> t : in.structures("Tags", "member")) {
            tags.put(t.get("Key"), t.getOrDefault("Value", ""));
        }
        return tags;
    }

    private static Integer integer(QueryInput in, String name) {
        String value = in.string(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw IamStore.validation("Value '" + value + "' at '" + Character.toLowerCase(name.charAt(0)) + name.substring(1)
                    + "' failed to satisfy constraint: Member must be a number");
        }
    }

    /** One page of a listing: MaxItems (1–1000, default 100) and Marker (an offset IAM treats as opaque). */
    private record Page<T>(List<T> items, boolean truncated, String marker) {
        static <T> Page<T> of(List<T> all, QueryInput in) {
            int max = 100;
            String maxItems = in.string("MaxItems");
            if (maxItems != null) {
                try {
                    max = Integer.parseInt(maxItems);
                } catch (NumberFormatException e) {
                    max = -1;
                }
                if (max < 1 || max > 1000) {
                    throw IamStore.validation("Value '" + maxItems + "' at 'maxItems' failed to satisfy constraint: "
                            + "Member must have value between 1 and 1000");
                }
            }
            int start = 0;
            String marker = in.string("Marker");
            if (marker != null) {
                try {
                    start = Integer.parseInt(new String(java.util.Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw new CloudException("InvalidInput", 400, "Invalid Marker: " + marker);
                }
            }
            int end = Math.min(all.size(), start + max);
            List<T> items = start >= all.size() ? List.of() : all.subList(start, end);
            boolean truncated = end < all.size();
            String next = truncated ? java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Integer.toString(end).getBytes(StandardCharsets.UTF_8)) : null;
            return new Page<>(items, truncated, next);
        }

        void write(XmlWriter r) {
            r.element("IsTruncated", truncated);
            r.element("Marker", marker);
        }
    }

    @Override
    public JsonNode inventory() {
        ArrayNode roles = Json.MAPPER.createArrayNode();
        for (IamRole role : store.listRoles(null)) {
            ObjectNode r = roles.addObject();
            r.put("RoleName", role.name());
            r.put("Arn", role.arn());
            r.putArray("InlinePolicies").addAll(role.inlinePolicies().keySet().stream()
                    .map(Json.MAPPER.getNodeFactory()::textNode).toList());
            r.putArray("AttachedPolicies").addAll(store.listAttachedRolePolicies(role.name()).stream()
                    .map(Json.MAPPER.getNodeFactory()::textNode).toList());
            r.set("Tags", Json.MAPPER.valueToTree(role.tags()));
        }
        return Json.object().set("Roles", roles);
    }
}
