package dev.mwaaprovisioner.local.cloud.protocol;

import dev.mwaaprovisioner.local.cloud.CloudRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the flattened parameters of a query-protocol request: scalars ({@code RoleName}),
 * lists ({@code PolicyNames.member.1}; EC2: {@code SubnetId.1}) and lists of structures
 * ({@code Tags.member.1.Key}, {@code Tags.member.1.Value}).
 */
public final class QueryInput {

    private final Map<String, List<String>> params;

    public QueryInput(CloudRequest request) {
        this.params = request.formParams();
    }

    /** The value of a parameter, or null when absent. */
    public String string(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** {@code prefix.member.N} values in index order ({@code memberName} null for EC2's {@code prefix.N}). */
    public List<String> list(String prefix, String memberName) {
        String start = memberName == null ? prefix + "." : prefix + "." + memberName + ".";
        TreeMap<Integer, String> ordered = new TreeMap<>();
        params.forEach((key, values) -> {
            if (key.startsWith(start)) {
                Integer index = parseIndex(key.substring(start.length()));
                if (index != null && !values.isEmpty()) {
                    ordered.put(index, values.get(0));
                }
            }
        });
        return new ArrayList<>(ordered.values());
    }

    /** {@code prefix.member.N.Field} structures in index order, each a field → value map. */
    public List<Map<String, String>> structures(String prefix, String memberName) {
        String start = memberName == null ? prefix + "." : prefix + "." + memberName + ".";
        TreeMap<Integer, Map<String, String>> ordered = new TreeMap<>();
        params.forEach((key, values) -> {
            if (!key.startsWith(start) || values.isEmpty()) {
                return;
            }
            String rest = key.substring(start.length());
            int dot = rest.indexOf('.');
            if (dot < 0) {
                return;
            }
            Integer index = parseIndex(rest.substring(0, dot));
            if (index != null) {
                ordered.computeIfAbsent(index, i -> new LinkedHashMap<>()).put(rest.substring(dot + 1), values.get(0));
            }
        });
        return new ArrayList<>(ordered.values());
    }

    private static Integer parseIndex(String text) {
        if (text.isEmpty() || text.length() > 6) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return null;
            }
        }
        return Integer.valueOf(text);
    }
}
