package dev.mwaaprovisioner.functions.removalplan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import dev.mwaaprovisioner.common.workflow.ChangePlan;
import dev.mwaaprovisioner.common.workflow.RemovalState.Item;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a failed run created, read from its state document. A step that succeeded left its result
 * ({@code $.Network}, {@code $.ExecutionRole}, {@code $.KeyPolicy}, {@code $.Environment}) with
 * {@code CreatedByThisExecution} or {@code Changed}; a step that failed half-way (a Lambda timeout
 * after CreateRole, say) left none, so its resource is planned with {@code CreatedAfter} = the
 * run's start and removed only if it is that new. Resources that existed before the run are
 * never removed.
 */
final class Rollbacks {

    static final String KEEP = "Keep";

    private Rollbacks() {
    }

    static RemovalState plan(JsonNode state, String executionStartedAt) {
        JsonNode request = state.path("Request");
        String name = request.path("Name").asText(null);
        RequestSource source = state.hasNonNull("Source")
                ? WorkflowJson.MAPPER.convertValue(state.get("Source"), RequestSource.class) : null;
        if (name == null) {
            // Refused before anything was read or created.
            return new RemovalState(RemovalState.ROLLBACK, null, null, source, List.of(),
                    "Nothing was created.", true, false, null);
        }
        List<Item> items = new ArrayList<>();
        // Results of the steps that succeeded, in removal order.
        JsonNode environment = state.path("Environment");
        if (environment.path("CreatedByThisExecution").asBoolean(false)) {
            items.add(Item.pending(RemovalState.ENVIRONMENT, name, null));
        }
        JsonNode keyPolicy = state.path("KeyPolicy");
        if (keyPolicy.path("Changed").asBoolean(false) && keyPolicy.hasNonNull("KeyArn")) {
            items.add(Item.pending(RemovalState.KEY_POLICY_STATEMENT, keyPolicy.get("KeyArn").asText(), null));
        }
        JsonNode role = state.path("ExecutionRole");
        if (role.path("CreatedByThisExecution").asBoolean(false) && role.hasNonNull("RoleName")) {
            items.add(Item.pending(RemovalState.EXECUTION_ROLE, role.get("RoleName").asText(), null));
        }
        JsonNode network = state.path("Network");
        if (network.path("CreatedByThisExecution").asBoolean(false) && network.hasNonNull("StackName")) {
            items.add(Item.pending(RemovalState.NETWORK_STACK, network.get("StackName").asText(), null));
        }
        halfDone(state, name, executionStartedAt).ifPresent(item -> items.add(insertionPoint(items, item), item));

        if (KEEP.equals(request.path("OnFailure").asText())) {
            List<Item> kept = items.stream().filter(i -> i.createdAfter() == null)
                    .map(i -> i.with(RemovalState.KEPT, "OnFailure: Keep")).toList();
            return new RemovalState(RemovalState.ROLLBACK, name, null, source, kept,
                    "OnFailure is Keep: what this run created stays for debugging; the next upload reuses it.",
                    true, false, null);
        }
        return new RemovalState(RemovalState.ROLLBACK, name, null, source, items, null, items.isEmpty(), false, null);
    }

    /**
     * The resource of the step that failed, when that step may have created it before failing:
     * the first planned step without a result. Steps run network, role, key policy, environment;
     * only one of them can be half-done. A conflict (another request owns the name) is never
     * half-done by this run: what exists is the other request's.
     */
    static Optional<Item> halfDone(JsonNode state, String name, String executionStartedAt) {
        if (executionStartedAt == null || state.path("Error").path("Error").asText("").contains("Conflict")) {
            return Optional.empty();
        }
        JsonNode plan = state.path("Plan");
        JsonNode network = state.path("Network");
        if (plan.path("CreateNetworkStack").asBoolean(false)) {
            if (!network.isObject()) {
                return Optional.of(Item.pending(RemovalState.NETWORK_STACK, DerivedNames.networkStackName(name),
                        executionStartedAt));
            }
            if (!"CREATE_COMPLETE".equals(network.path("Status").asText())) {
                return Optional.empty();
            }
        }
        if (plan.path("CreateExecutionRole").asBoolean(false) && !state.path("ExecutionRole").isObject()) {
            return Optional.of(Item.pending(RemovalState.EXECUTION_ROLE, DerivedNames.executionRoleName(name),
                    executionStartedAt));
        }
        if (plan.path("UpdateKeyPolicy").asBoolean(false) && !state.path("KeyPolicy").isObject()) {
            // The step may have written the statement before it failed. The planning step looked
            // before anything was written: a statement that was there already is not this run's.
            // One this run may have added goes, unless another environment uses the key
            // (RemoveKeyPolicyStatement checks).
            String before = state.path("Changes").path("KeyStatement").asText(ChangePlan.KEY_STATEMENT_MISSING);
            String key = state.path("Request").path("KmsKey").asText(null);
            return key == null || !ChangePlan.KEY_STATEMENT_MISSING.equals(before) ? Optional.empty()
                    : Optional.of(Item.pending(RemovalState.KEY_POLICY_STATEMENT, key, executionStartedAt));
        }
        if (!state.path("Environment").isObject() && state.has("Plan")) {
            return Optional.of(Item.pending(RemovalState.ENVIRONMENT, name, executionStartedAt));
        }
        return Optional.empty();
    }

    private static int removalOrder(String kind) {
        return List.of(RemovalState.ENVIRONMENT, RemovalState.KEY_POLICY_STATEMENT, RemovalState.EXECUTION_ROLE,
                RemovalState.NETWORK_STACK).indexOf(kind);
    }

    private static int insertionPoint(List<Item> items, Item item) {
        int index = 0;
        while (index < items.size() && removalOrder(items.get(index).kind()) < removalOrder(item.kind())) {
            index++;
        }
        return index;
    }
}
