package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** Reads a template body into plain maps, lists and scalars. */
final class TemplateReader {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private TemplateReader() {}

    static Map<String, Object> read(String body) {
        if (body == null || body.isBlank()) {
            throw TemplateException.format("The template body is empty.");
        }
        try {
            return JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw TemplateException.format("JSON not well-formed. (line " + (at == null ? 0 : at.getLineNr())
                    + ",  column " + (at == null ? 0 : at.getColumnNr()) + ")");
        }
    }
}
