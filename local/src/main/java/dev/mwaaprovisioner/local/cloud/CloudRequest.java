package dev.mwaaprovisioner.local.cloud;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request to the local cloud, as a service sees it: the HTTP parts plus what the router
 * worked out — the signing name and region from the SigV4 credential scope, the request id, the
 * account, and (once the service's protocol named it) the operation.
 */
public final class CloudRequest {

    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final String region;
    private final String signingName;
    private final String requestId;
    private final String accountId;
    private final String operation;
    private Map<String, List<String>> queryParams;
    private Map<String, List<String>> formParams;

    private CloudRequest(Builder b) {
        this.method = b.method;
        this.rawPath = b.rawPath == null || b.rawPath.isEmpty() ? "/" : b.rawPath;
        this.rawQuery = b.rawQuery;
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        b.headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(h);
        this.body = b.body == null ? new byte[0] : b.body;
        this.region = b.region;
        this.signingName = b.signingName;
        this.requestId = b.requestId;
        this.accountId = b.accountId;
        this.operation = b.operation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy that names the operation (the router sets it once the protocol has found it). */
    public CloudRequest withOperation(String operation) {
        Builder b = toBuilder();
        b.operation = operation;
        CloudRequest copy = new CloudRequest(b);
        copy.queryParams = queryParams;
        copy.formParams = formParams;
        return copy;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.rawPath = rawPath;
        b.rawQuery = rawQuery;
        headers.forEach((k, v) -> b.headers.put(k, new ArrayList<>(v)));
        b.body = body;
        b.region = region;
        b.signingName = signingName;
        b.requestId = requestId;
        b.accountId = accountId;
        b.operation = operation;
        return b;
    }

    /** HTTP method in upper case. */
    public String method() {
        return method;
    }

    /** The path as sent, still percent-encoded. */
    public String rawPath() {
        return rawPath;
    }

    /** The path with percent-escapes decoded ({@code +} stays a plus, as in a URI path). */
    public String path() {
        return decodePathSegment(rawPath);
    }

    public String rawQuery() {
        return rawQuery;
    }

    /** The URL query parameters, decoded; a parameter without {@code =} maps to "". */
    public synchronized Map<String, List<String>> queryParams() {
        if (queryParams == null) {
            queryParams = parseForm(rawQuery);
        }
        return queryParams;
    }

    /** First value of a query parameter, or null. */
    public String queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean hasQueryParam(String name) {
        return queryParams().containsKey(name);
    }

    /**
     * The parameters of an AWS query-protocol request: the URL query merged with a
     * form-encoded body (the SDKs send a POST body; hand-written calls may use GET).
     */
    public synchronized Map<String, List<String>> formParams() {
        if (formParams == null) {
            Map<String, List<String>> merged = new LinkedHashMap<>(queryParams());
            String type = header("Content-Type");
            if (body.length > 0 && (type == null || type.toLowerCase().startsWith("application/x-www-form-urlencoded"))) {
                parseForm(bodyText()).forEach((k, v) -> merged.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            }
            formParams = Collections.unmodifiableMap(merged);
        }
        return formParams;
    }

    /** First value of a form/query parameter, or null. */
    public String formParam(String name) {
        List<String> values = formParams().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Headers, names compared ignoring case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** First value of a header (name compared ignoring case), or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The Host header without the port, lower case; routing never depends on it. */
    public String host() {
        String host = header("Host");
        if (host == null) {
            return "";
        }
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        return host.toLowerCase();
    }

    /** The X-Amz-Target header of the JSON protocols, or null. */
    public String target() {
        return header("X-Amz-Target");
    }

    /** The payload, with any aws-chunked framing already removed. */
    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Region from the SigV4 credential scope (default us-east-1). */
    public String region() {
        return region;
    }

    /** Signing name from the SigV4 credential scope, or null for an unsigned request. */
    public String signingName() {
        return signingName;
    }

    public String requestId() {
        return requestId;
    }

    public String accountId() {
        return accountId;
    }

    /** The operation the service's protocol found (e.g. {@code CreateRole}), or null before routing. */
    public String operation() {
        return operation;
    }

    static Map<String, List<String>> parseForm(String encoded) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** Decodes percent-escapes of a URI path (unlike form decoding, '+' stays '+'). */
    public static String decodePathSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Builds requests; tests and in-process callers may build one to call a service directly. */
    public static final class Builder {
        private String method = "GET";
        private String rawPath = "/";
        private String rawQuery;
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private byte[] body;
        private String region = "us-east-1";
        private String signingName;
        private String requestId = "";
        private String accountId = LocalCloud.ACCOUNT_ID;
        private String operation;

        public Builder method(String v) { method = v.toUpperCase(); return this; }
        public Builder rawPath(String v) { rawPath = v; return this; }
        public Builder rawQuery(String v) { rawQuery = v; return this; }
        public Builder header(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }
        public Builder headers(Map<String, List<String>> all) {
            all.forEach((k, v) -> headers.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            return this;
        }
        public Builder body(byte[] v) { body = v; return this; }
        public Builder region(String v) { region = v; return this; }
        public Builder signingName(String v) { signingName = v; return this; }
        public Builder requestId(String v) { requestId = v; return this; }
        public Builder accountId(String v) { accountId = v; return this; }
        public Builder operation(String v) { operation = v; return this; }

        public CloudRequest build() {
            return new CloudRequest(this);
        }
    }
}
