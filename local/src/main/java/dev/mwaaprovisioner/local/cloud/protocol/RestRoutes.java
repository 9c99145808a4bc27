package dev.mwaaprovisioner.local.cloud.protocol;

import dev.mwaaprovisioner.local.cloud.CloudRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP bindings of a REST protocol service, as its API model declares them: method + URI
 * template ({@code /environments/{Name}}; {@code {Key+}} takes the rest of the path) → operation.
 */
public final class RestRoutes {

    /** A route that matched: the operation and the decoded path parameters. */
    public record Match(String operation, Map<String, String> pathParams) {
        public String param(String name) {
            return pathParams.get(name);
        }
    }

    private record Route(String method, String[] segments, String operation) {}

    private final List<Route> routes = new ArrayList<>();

    /** Adds {@code method template → operation}; returns this for chaining. */
    public RestRoutes add(String method, String template, String operation) {
        String path = template.startsWith("/") ? template.substring(1) : template;
        routes.add(new Route(method.toUpperCase(), path.isEmpty() ? new String[0] : path.split("/", -1), operation));
        return this;
    }

    public Optional<Match> match(CloudRequest request) {
        return match(request.method(), request.rawPath());
    }

    public Optional<Match> match(String method, String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String[] actual = path.isEmpty() ? new String[0] : path.split("/", -1);
        for (Route route : routes) {
            if (!route.method().equals(method)) {
                continue;
            }
            Map<String, String> params = matchSegments(route.segments(), actual);
            if (params != null) {
                return Optional.of(new Match(route.operation(), Collections.unmodifiableMap(params)));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> matchSegments(String[] template, String[] actual) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            boolean variable = t.startsWith("{") && t.endsWith("}");
            if (variable && t.endsWith("+}")) {
                if (i >= actual.length) {
                    return null;
                }
                StringBuilder rest = new StringBuilder();
                for (int j = i; j < actual.length; j++) {
                    rest.append(j > i ? "/" : "").append(CloudRequest.decodePathSegment(actual[j]));
                }
                params.put(t.substring(1, t.length() - 2), rest.toString());
                return params;
            }
            if (i >= actual.length) {
                return null;
            }
            if (variable) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                params.put(t.substring(1, t.length() - 1), CloudRequest.decodePathSegment(actual[i]));
            } else if (!t.equals(actual[i])) {
                return null;
            }
        }
        return template.length == actual.length ? params : null;
    }
}
