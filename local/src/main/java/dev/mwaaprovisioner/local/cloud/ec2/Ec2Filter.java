package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A Describe* filter ({@code Filter.N.Name} / {@code Filter.N.Value.M}). A resource matches a filter
 * when any of its values for the name matches any filter value; values may use {@code *} and
 * {@code ?} wildcards. Filters combine with AND.
 */
public record Ec2Filter(String name, List<String> values) {

    public Ec2Filter {
        values = List.copyOf(values);
    }

    public static Ec2Filter of(String name, String... values) {
        return new Ec2Filter(name, List.of(values));
    }

    /** Filter names a resource type understands, each mapped to the resource's values for it. */
    static final class Fields<T> {
        private final Map<String, Function<T, Collection<String>>> fields;
        private final Function<T, Map<String, String>> tags;

        Fields(Map<String, Function<T, Collection<String>>> fields, Function<T, Map<String, String>> tags) {
            this.fields = fields;
            this.tags = tags;
        }

        List<T> apply(List<T> items, List<Ec2Filter> filters) {
            for (Ec2Filter filter : filters) {
                valuesFor(filter.name()); // reject unknown names even when nothing is there to filter
            }
            return items.stream().filter(item -> filters.stream().allMatch(f -> f.matches(valuesFor(f.name()).apply(item))))
                    .toList();
        }

        private Function<T, Collection<String>> valuesFor(String name) {
            if (name.startsWith("tag:") && tags != null) {
                String key = name.substring(4);
                return item -> {
                    String value = tags.apply(item).get(key);
                    return value == null ? List.of() : List.of(value);
                };
            }
            if ("tag-key".equals(name) && tags != null) {
                return item -> tags.apply(item).keySet();
            }
            if ("tag-value".equals(name) && tags != null) {
                return item -> tags.apply(item).values();
            }
            Function<T, Collection<String>> field = fields.get(name);
            if (field == null) {
                throw Ec2Exception.invalidParameterValue("The filter '" + name + "' is invalid");
            }
            return field;
        }
    }

    boolean matches(Collection<String> actual) {
        return actual.stream().anyMatch(a -> a != null && values.stream().anyMatch(v -> wildcard(v).matcher(a).matches()));
    }

    private static Pattern wildcard(String value) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
