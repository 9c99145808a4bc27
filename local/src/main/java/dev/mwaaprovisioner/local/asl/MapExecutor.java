package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Inline Map states: the item processor runs once per element of the array ItemsPath selects,
 * with ItemSelector (or the older Parameters) shaping each iteration's input from
 * {@code $$.Map.Item.Index} and {@code $$.Map.Item.Value}; at most MaxConcurrency at a time.
 */
final class MapExecutor {

    /** Step Functions runs at most 40 iterations of an inline Map at a time. */
    static final int INLINE_CONCURRENCY_LIMIT = 40;

    private MapExecutor() {
    }

    static Transition execute(MapState map, JsonNode rawInput, StateRun run) {
        return ErrorHandling.run(map, run, rawInput, retryCount -> {
            JsonNode input = run.inputPath(rawInput);
            JsonNode items = run.read(map.itemsPath, input, "ItemsPath");
            if (!items.isArray()) {
                throw run.runtimeError("Invalid path '" + map.itemsPath + "' : the ItemsPath must select a JSON array but"
                        + " selected " + items.getNodeType());
            }
            int concurrency = concurrency(map, input, run);
            Frame frame = run.frame;
            frame.record("MapStateStarted", "mapStateStartedEventDetails",
                    HistoryDetails.object().put("length", items.size()));
            List<NestedRuns.Unit> iterations = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                int index = i;
                JsonNode item = items.get(i);
                iterations.add(iterationFrame -> iteration(map, input, index, item, retryCount, run, iterationFrame));
            }
            List<JsonNode> outputs;
            try {
                outputs = NestedRuns.runAll(iterations, concurrency, frame);
            } catch (StatesError e) {
                frame.record("MapStateFailed");
                throw e;
            } catch (Scope.CancelledException e) {
                frame.record("MapStateAborted");
                throw e;
            }
            frame.record("MapStateSucceeded");
            ArrayNode result = JsonNodeFactory.instance.arrayNode();
            outputs.forEach(result::add);
            return run.output(rawInput, result, map.resultSelector, map.resultPath, retryCount);
        });
    }

    private static JsonNode iteration(MapState map, JsonNode input, int index, JsonNode item, int retryCount,
            StateRun run, Frame frame) {
        ObjectNode details = HistoryDetails.object().put("name", map.name).put("index", index);
        frame.record("MapIterationStarted", "mapIterationStartedEventDetails", details);
        try {
            JsonNode iterationInput = item;
            if (map.itemSelector != null) {
                ObjectNode context = run.context(retryCount);
                ObjectNode mapItem = context.putObject("Map").putObject("Item");
                mapItem.put("Index", index);
                mapItem.set("Value", item);
                iterationInput = PayloadTemplate.apply(map.itemSelector, input, context);
            }
            JsonNode output = GraphRunner.run(map.processor, iterationInput, frame);
            frame.record("MapIterationSucceeded", "mapIterationSucceededEventDetails", details.deepCopy());
            return output;
        } catch (StatesError e) {
            frame.record("MapIterationFailed", "mapIterationFailedEventDetails", details.deepCopy());
            throw e;
        } catch (Scope.CancelledException e) {
            frame.record("MapIterationAborted", "mapIterationAbortedEventDetails", details.deepCopy());
            throw e;
        }
    }

    private static int concurrency(MapState map, JsonNode input, StateRun run) {
        int limit;
        if (map.maxConcurrencyPath != null) {
            JsonNode value = run.read(map.maxConcurrencyPath, input, "MaxConcurrencyPath");
            if (!Json.isIntegral(value) || value.decimalValue().signum() < 0) {
                throw run.runtimeError("The MaxConcurrencyPath parameter does not reference a non-negative integer: "
                        + Json.compact(value));
            }
            limit = value.intValue();
        } else {
            limit = map.maxConcurrency == null ? 0 : map.maxConcurrency;
        }
        return limit == 0 ? INLINE_CONCURRENCY_LIMIT : Math.min(limit, INLINE_CONCURRENCY_LIMIT);
    }
}
