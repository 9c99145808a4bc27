package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request-file keys of a model record, read from its {@link JsonProperty} names, in
 * declaration order. The model is the single list of keys: the reader, the unknown-key check and
 * the JSON output all use it.
 */
final class RecordKeys {

    private static final Map<Class<?>, List<String>> CACHE = new ConcurrentHashMap<>();

    private RecordKeys() {
    }

    static List<String> of(Class<? extends Record> type) {
        return CACHE.computeIfAbsent(type, t -> {
            List<String> keys = new ArrayList<>();
            for (RecordComponent component : t.getRecordComponents()) {
                JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
                if (property == null) {
                    throw new IllegalStateException(t.getSimpleName() + "." + component.getName()
                            + " has no @JsonProperty request-file key");
                }
                keys.add(property.value());
            }
            return Collections.unmodifiableList(keys);
        });
    }
}
