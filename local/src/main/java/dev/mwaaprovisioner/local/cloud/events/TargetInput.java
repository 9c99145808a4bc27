package dev.mwaaprovisioner.local.cloud.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a target receives for an event, as EventBridge builds it: the whole event, a constant
 * {@code Input}, the part {@code InputPath} selects, or an {@code InputTransformer} template whose
 * {@code <name>} placeholders take the values {@code InputPathsMap} selects (inside a JSON string
 * a value is inserted as text, elsewhere as JSON).
 */
final class TargetInput {

    private static final Configuration PATHS = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .build();
    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.\\-]+)>");

    private TargetInput() {
    }

    static boolean isPath(String path) {
        if (path == null || !path.startsWith("$")) {
            return false;
        }
        try {
            JsonPath.compile(path);
            return true;
        } catch (InvalidPathException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The input text for a target; the event is as EventBridge delivers it. */
    static String build(EventTarget target, JsonNode event, EventRule rule) {
        if (target.input() != null) {
            return target.input();
        }
        if (target.inputPath() != null) {
            return Json.text(select(target.inputPath(), event));
        }
        if (target.inputTemplate() != null) {
            Map<String, JsonNode> values = new LinkedHashMap<>();
            target.inputPathsMap().forEach((name, path) -> values.put(name, select(path, event)));
            values.put("aws.events.rule-arn", TextNode.valueOf(rule.arn()));
            values.put("aws.events.rule-name", TextNode.valueOf(rule.name()));
            values.put("aws.events.event.ingestion-time", event.path("time"));
            values.put("aws.events.event", event);
            values.put("aws.events.event.json", event);
            return substitute(target.inputTemplate(), values);
        }
        return Json.text(event);
    }

    private static JsonNode select(String path, JsonNode event) {
        try {
            Object value = JsonPath.compile(path).read(event, PATHS);
            return value == null ? NullNode.getInstance()
                    : value instanceof JsonNode node ? node : Json.MAPPER.valueToTree(value);
        } catch (PathNotFoundException e) {
            return NullNode.getInstance();
        }
    }

    private static String substitute(String template, Map<String, JsonNode> values) {
        StringBuilder out = new StringBuilder();
        Matcher matcher = PLACEHOLDER.matcher(template);
        int last = 0;
        while (matcher.find()) {
            String before = template.substring(last, matcher.start());
            out.append(before);
            JsonNode value = values.get(matcher.group(1));
            if (value == null) {
                out.append(matcher.group());
            } else if (insideString(template, matcher.start())) {
                String text = value.isTextual() ? value.asText() : value.isNull() ? "" : Json.text(value);
                String quoted = Json.text(TextNode.valueOf(text));
                out.append(quoted, 1, quoted.length() - 1);
            } else {
                out.append(Json.text(value));
            }
            last = matcher.end();
        }
        out.append(template.substring(last));
        return out.toString();
    }

    /** Whether position {@code index} of a JSON-like template lies inside a string literal. */
    private static boolean insideString(String template, int index) {
        boolean inside = false;
        for (int i = 0; i < index; i++) {
            char c = template.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                inside = !inside;
            }
        }
        return inside;
    }
}
