package dev.mwaaprovisioner.common.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Unmodifiable copies that keep the order the user wrote and tolerate "not given" (null). */
final class ModelCopies {

    private ModelCopies() {
    }

    static <T> List<T> list(List<T> values) {
        return values == null ? null : Collections.unmodifiableList(new ArrayList<>(values));
    }

    static <K, V> Map<K, V> map(Map<K, V> values) {
        return values == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
