package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.cloudformation.template.DependencyGraph;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.Intrinsics;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.ParameterValues;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UpdateStack: UPDATE_IN_PROGRESS, each resource of the new template created, updated in place,
 * replaced or left alone, in dependency order; then UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, where
 * removed resources and replaced physical resources are deleted; then UPDATE_COMPLETE. When a
 * resource fails: UPDATE_ROLLBACK_IN_PROGRESS, every change undone, UPDATE_ROLLBACK_COMPLETE.
 */
final class UpdateOperation extends StackOperation {

    /** The stack as it was before the update, to roll back to. */
    record Previous(Template template, ParameterValues parameters, Map<String, String> tags,
                    Map<String, Boolean> conditions, List<StackOutput> outputs, Map<String, StackResource> resources) {}

    private final Previous previous;
    private final List<String> active;
    private final DependencyGraph graph;
    private final Intrinsics intrinsics;
    private final Map<String, ResourceTasks.Change> changes = new LinkedHashMap<>();

    UpdateOperation(Stack stack, StackServices services, StackStore store, Previous previous, List<String> active,
            DependencyGraph graph, Intrinsics intrinsics) {
        super(stack, services, store);
        this.previous = previous;
        this.active = active;
        this.graph = graph;
        this.intrinsics = intrinsics;
    }

    @Override
    void start(Instant at) {
        stack.lastUpdatedTime(at);
        stack.status(StackStatus.UPDATE_IN_PROGRESS, "User Initiated", at);
        Duration step = stepDuration(services.settings().updateDuration(), graph, active);
        ResourceTasks tasks = new ResourceTasks(stack, services, step, previous.tags());
        boolean tagsChanged = !previous.tags().equals(stack.tags());
        Map<String, TaskRunner.Task> update = new LinkedHashMap<>();
        for (String id : graph.creationOrder()) {
            StackResource before = previous.resources().get(id);
            update.put(id, tasks.update(id, intrinsics, before, tagsChanged, changes));
        }
        phase(new TaskRunner(update, creationOrder(graph, active), at, true), end -> updated(end, tasks), at);
    }

    private void updated(Instant at, ResourceTasks tasks) {
        String failure = null;
        List<String> failed = tasks.failures();
        if (runner().failedAny()) {
            failure = "The following resource(s) failed to update: " + tasks.failures() + ". ";
        } else {
            try {
                store.publishOutputs(stack, intrinsics);
            } catch (RuntimeException e) {
                failure = ResourceTasks.reason(e);
            }
        }
        if (failure != null) {
            rollBack(at, failure, failed);
            return;
        }
        stack.status(StackStatus.UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, null, at);
        cleanUp(at);
    }

    /** Deletes removed resources and the old physical resources of replaced ones, dependents first. */
    private void cleanUp(Instant at) {
        Map<String, StackResource> obsolete = new LinkedHashMap<>();
        previous.resources().forEach((id, resource) -> {
            ResourceTasks.Change change = changes.get(id);
            if (!active.contains(id) || (change != null && change.kind() == ResourceTasks.ChangeKind.REPLACED)) {
                if (resource.provisioned() != null) {
                    obsolete.put(id, resource);
                }
            }
        });
        DependencyGraph oldGraph = DependencyGraph.of(previous.template(), previous.resources().keySet().stream()
                .filter(previous.template().resources()::containsKey).toList());
        List<String> ids = new ArrayList<>(obsolete.keySet());
        Duration step = stepDuration(services.settings().deleteDuration(), oldGraph, ids);
        ResourceTasks tasks = new ResourceTasks(stack, services, step, stack.tags());
        Map<String, TaskRunner.Task> delete = new LinkedHashMap<>();
        List<String> order = new ArrayList<>(oldGraph.deletionOrder());
        ids.stream().filter(id -> !order.contains(id)).forEach(order::add);
        order.stream().filter(obsolete::containsKey).forEach(id -> {
            StackResource resource = obsolete.get(id);
            boolean removed = !active.contains(id);
            delete.put(id, tasks.delete(removed ? stack.resources().get(id) : resource, removed));
        });
        phase(new TaskRunner(delete, deletionOrder(oldGraph, ids), at, false), end -> {
            stack.status(StackStatus.UPDATE_COMPLETE, null, end);
            finish();
        }, at);
    }

    /** Undoes every change, dependents first, and restores the previous template, parameters and tags. */
    private void rollBack(Instant at, String reason, List<String> failed) {
        stack.status(StackStatus.UPDATE_ROLLBACK_IN_PROGRESS, reason, at);
        stack.definition(previous.template(), previous.parameters(), previous.tags(), previous.conditions());
        stack.outputs(previous.outputs());
        List<String> changed = new ArrayList<>(changes.keySet());
        Duration step = stepDuration(services.settings().updateDuration(), graph, changed);
        ResourceTasks tasks = new ResourceTasks(stack, services, step, previous.tags());
        Map<String, TaskRunner.Task> revert = new LinkedHashMap<>();
        graph.deletionOrder().stream().filter(changes::containsKey)
                .forEach(id -> revert.put(id, tasks.revert(id, changes.get(id))));
        // A resource whose update failed before changing anything is back to its previous state at once.
        failed.stream().filter(id -> !changes.containsKey(id) && previous.resources().containsKey(id))
                .forEach(id -> revert.put(id, tasks.restored(id)));
        phase(new TaskRunner(revert, deletionOrder(graph, new ArrayList<>(revert.keySet())), at, false), end -> {
            if (runner().failedAny()) {
                stack.status(StackStatus.UPDATE_ROLLBACK_FAILED, "The following resource(s) failed to roll back: "
                        + tasks.failures() + ". ", end);
            } else {
                stack.status(StackStatus.UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, null, end);
                stack.status(StackStatus.UPDATE_ROLLBACK_COMPLETE, null, end);
            }
            finish();
        }, at);
    }
}
