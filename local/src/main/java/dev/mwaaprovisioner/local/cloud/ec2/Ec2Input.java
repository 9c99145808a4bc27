package dev.mwaaprovisioner.local.cloud.ec2;

import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.protocol.QueryInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads EC2 query parameters as the SDKs send them: lists as {@code Name.N}
 * ({@code VpcId.1}), filters as {@code Filter.N.Name} / {@code Filter.N.Value.M}, tags as
 * {@code TagSpecification.N.Tag.M.Key}, rules as {@code IpPermissions.N.Groups.M.GroupId}.
 */
final class Ec2Input {

    private final QueryInput input;

    Ec2Input(CloudRequest request) {
        this.input = new QueryInput(request);
    }

    String string(String name) {
        return input.string(name);
    }

    String required(String name) {
        String value = input.string(name);
        if (value == null || value.isEmpty()) {
            throw new Ec2Exception("MissingParameter", "The request must contain the parameter " + name);
        }
        return value;
    }

    Boolean bool(String name) {
        String value = input.string(name);
        return value == null ? null : Boolean.valueOf(value);
    }

    Integer integer(String name) {
        String value = input.string(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw Ec2Exception.invalidParameterValue("Invalid value '" + value + "' for " + name + ": not an integer");
        }
    }

    boolean has(String name) {
        return input.has(name);
    }

    List<String> list(String name) {
        return input.list(name, null);
    }

    List<Ec2Filter> filters() {
        List<Ec2Filter> filters = new ArrayList<>();
        for (Map<String, String> f : input.structures("Filter", null)) {
            String name = f.get("Name");
            if (name == null) {
                throw new Ec2Exception("MissingParameter", "Every filter needs a Name (Filter.N.Name).");
            }
            filters.add(new Ec2Filter(name, subList(f, "Value")));
        }
        return filters;
    }

    /** Tags of the TagSpecification for the resource type; another type is EC2's error. */
    Map<String, String> tagSpecifications(String resourceType) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> spec : input.structures("TagSpecification", null)) {
            String type = spec.get("ResourceType");
            if (type != null && !type.equals(resourceType)) {
                throw Ec2Exception.invalidParameterValue("'" + type + "' is not a valid taggable resource type for"
                        + " this operation.");
            }
            for (Map<String, String> tag : subStructures(spec, "Tag")) {
                tags.put(tag.get("Key"), tag.getOrDefault("Value", ""));
            }
        }
        checkTags(tags);
        return tags;
    }

    /** Tag.N.Key / Tag.N.Value (CreateTags, DeleteTags). */
    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> tag : input.structures("Tag", null)) {
            tags.put(tag.get("Key"), tag.get("Value"));
        }
        return tags;
    }

    static void checkTags(Map<String, String> tags) {
        tags.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.length() > 128) {
                throw Ec2Exception.invalidParameterValue("Tag keys must be 1-128 characters, got '" + key + "'");
            }
            if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw Ec2Exception.invalidParameterValue("Value ( " + key + " ) for parameter key is invalid. Tag keys"
                        + " starting with 'aws:' are reserved for internal use");
            }
            if (value != null && value.length() > 256) {
                throw Ec2Exception.invalidParameterValue("Tag values must be at most 256 characters (key " + key + ")");
            }
        });
    }

    /** IpPermissions.N, or the single rule given with top-level IpProtocol/FromPort/ToPort/CidrIp. */
    List<IpPermission> ipPermissions() {
        List<IpPermission> permissions = new ArrayList<>();
        for (Map<String, String> p : input.structures("IpPermissions", null)) {
            permissions.add(new IpPermission(p.get("IpProtocol"), port(p.get("FromPort")), port(p.get("ToPort")),
                    subStructures(p, "IpRanges").stream()
                            .map(r -> new IpPermission.IpRange(r.get("CidrIp"), r.get("Description"))).toList(),
                    subStructures(p, "Ipv6Ranges").stream()
                            .map(r -> new IpPermission.Ipv6Range(r.get("CidrIpv6"), r.get("Description"))).toList(),
                    subStructures(p, "Groups").stream().map(g -> {
                        if (g.get("GroupId") == null && g.get("GroupName") != null) {
                            throw Ec2Exception.unsupported("Referring to a security group by GroupName");
                        }
                        return new IpPermission.UserIdGroupPair(g.get("GroupId"), g.get("UserId"), g.get("Description"));
                    }).toList(),
                    subStructures(p, "PrefixListIds").stream()
                            .map(r -> new IpPermission.PrefixListId(r.get("PrefixListId"), r.get("Description")))
                            .toList()));
        }
        if (input.string("SourceSecurityGroupName") != null) {
            throw Ec2Exception.unsupported("SourceSecurityGroupName (EC2-Classic style rules)");
        }
        if (input.string("IpProtocol") != null) {
            String cidr = input.string("CidrIp");
            permissions.add(new IpPermission(input.string("IpProtocol"), integer("FromPort"), integer("ToPort"),
                    cidr == null ? null : List.of(new IpPermission.IpRange(cidr, null)), null, null, null));
        }
        return permissions;
    }

    private static Integer port(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw Ec2Exception.invalidParameterValue("Invalid port '" + value + "': not an integer");
        }
    }

    /** {@code Prefix.N} values of a structure's fields, in index order. */
    private static List<String> subList(Map<String, String> fields, String prefix) {
        TreeMap<Integer, String> ordered = new TreeMap<>();
        fields.forEach((key, value) -> {
            if (key.startsWith(prefix + ".")) {
                Integer index = index(key.substring(prefix.length() + 1));
                if (index != null) {
                    ordered.put(index, value);
                }
            }
        });
        return new ArrayList<>(ordered.values());
    }

    /** {@code Prefix.N.Field} structures of a structure's fields, in index order. */
    private static List<Map<String, String>> subStructures(Map<String, String> fields, String prefix) {
        TreeMap<Integer, Map<String, String>> ordered = new TreeMap<>();
        fields.forEach((key, value) -> {
            if (!key.startsWith(prefix + ".")) {
                return;
            }
            String rest = key.substring(prefix.length() + 1);
            int dot = rest.indexOf('.');
            Integer index = dot < 0 ? null : index(rest.substring(0, dot));
            if (index != null) {
                ordered.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), value);
            }
        });
        return new ArrayList<>(ordered.values());
    }

    private static Integer index(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
