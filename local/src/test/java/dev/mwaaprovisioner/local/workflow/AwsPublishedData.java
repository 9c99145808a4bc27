package dev.mwaaprovisioner.local.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The data AWS publishes, as vendored under {@code aws-data/} of the test resources (see
 * "Checked against AWS's published data" in docs/security.md for where each file comes from).
 */
final class AwsPublishedData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsPublishedData() {
    }

    static JsonNode resource(String path) {
        try (InputStream in = AwsPublishedData.class.getResourceAsStream("/aws-data/" + path)) {
            if (in == null) {
                throw new IllegalStateException("aws-data/" + path + " is not vendored; see aws-data/README.md "
                        + "and \"Checked against AWS's published data\" in docs/security.md for how to refresh the data files");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Service Authorization Reference: per service prefix, action name to the resource types it can be scoped to. */
    static final class ServiceAuthorization {

        private final Map<String, Map<String, List<String>>> services = new LinkedHashMap<>();

        /** The action (case-insensitive, as IAM matches it) and its resource types, if the service lists it. */
        Optional<Map.Entry<String, List<String>>> action(String action) {
            int colon = action.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            Map<String, List<String>> actions = service(action.substring(0, colon).toLowerCase(Locale.ROOT));
            String name = action.substring(colon + 1);
            return actions.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst();
        }

        /** Every action a pattern with IAM wildcards (* and ?) matches, with its resource types. */
        Map<String, List<String>> matching(String pattern) {
            int colon = pattern.indexOf(':');
            Map<String, List<String>> found = new TreeMap<>();
            if (colon < 0) {
                return found;
            }
            String prefix = pattern.substring(0, colon).toLowerCase(Locale.ROOT);
            Pattern regex = Pattern.compile(pattern.substring(colon + 1).replace("*", ".*").replace("?", "."),
                    Pattern.CASE_INSENSITIVE);
            service(prefix).forEach((name, types) -> {
                if (regex.matcher(name).matches()) {
                    found.put(prefix + ":" + name, types);
                }
            });
            return found;
        }

        private Map<String, List<String>> service(String prefix) {
            return services.computeIfAbsent(prefix, p -> {
                JsonNode data = resource("service-authorization/" + p + ".json");
                Map<String, List<String>> actions = new LinkedHashMap<>();
                data.path("actions").fields().forEachRemaining(e -> {
                    List<String> types = new ArrayList<>();
                    e.getValue().forEach(t -> types.add(t.asText()));
                    actions.put(e.getKey(), types);
                });
                return actions;
            });
        }
    }
}
