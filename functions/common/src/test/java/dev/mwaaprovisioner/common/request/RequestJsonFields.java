package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads JSON the tests produce. */
final class RequestJsonFields {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private RequestJsonFields() {
    }

    static ObjectNode tree(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> topLevelKeys(String json) {
        List<String> keys = new ArrayList<>();
        tree(json).properties().forEach(e -> keys.add(e.getKey()));
        return keys;
    }
}
