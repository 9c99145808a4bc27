package dev.mwaaprovisioner.local.cloud;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An HTTP response a service answers with: status, headers and body. */
public final class CloudResponse {

    private final int status;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final byte[] body;

    private CloudResponse(int status, byte[] body) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
    }

    public static CloudResponse of(int status, String contentType, byte[] body) {
        CloudResponse response = new CloudResponse(status, body);
        if (contentType != null) {
            response.header("Content-Type", contentType);
        }
        return response;
    }

    public static CloudResponse of(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A response with no body (e.g. 200 to HeadBucket, 204 to DeleteObject). */
    public static CloudResponse empty(int status) {
        return new CloudResponse(status, null);
    }

    /** Sets a header, replacing earlier values; returns this response. */
    public CloudResponse header(String name, String value) {
        if (value != null) {
            List<String> values = new ArrayList<>(1);
            values.add(value);
            headers.put(name, values);
        }
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, List<String>> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** The first value of a header (names compared ignoring case), or null. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
