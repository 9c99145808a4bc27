package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An inline Map. {@code itemSelector} holds {@code ItemSelector} or the older {@code Parameters};
 * {@code processor} holds {@code ItemProcessor} or the older {@code Iterator}.
 */
final class MapState extends ResultState {

    final StateGraph processor;
    final String itemsPath;
    final JsonNode itemSelector;
    final Integer maxConcurrency;
    final String maxConcurrencyPath;

    MapState(Common common, StateGraph processor, String itemsPath, JsonNode itemSelector, Integer maxConcurrency,
            String maxConcurrencyPath, JsonNode resultSelector, String resultPath, List<Retrier> retriers,
            List<Catcher> catchers) {
        super(common, null, resultSelector, resultPath, retriers, catchers);
        this.processor = processor;
        this.itemsPath = itemsPath;
        this.itemSelector = itemSelector;
        this.maxConcurrency = maxConcurrency;
        this.maxConcurrencyPath = maxConcurrencyPath;
    }
}
