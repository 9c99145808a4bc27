package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.cloudformation.template.DependencyGraph;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DeleteStack: DELETE_IN_PROGRESS, every resource deleted in reverse dependency order (resources
 * with DeletionPolicy Retain are skipped), then DELETE_COMPLETE — or DELETE_FAILED naming what
 * could not be deleted.
 */
final class DeleteOperation extends StackOperation {

    DeleteOperation(Stack stack, StackServices services, StackStore store) {
        super(stack, services, store);
    }

    @Override
    void start(Instant at) {
        stack.status(StackStatus.DELETE_IN_PROGRESS, "User Initiated", at);
        String importer = store.importerOf(stack);
        if (importer != null) {
            stack.status(StackStatus.DELETE_FAILED, importer, at);
            finish();
            return;
        }
        List<String> existing = stack.resources().values().stream()
                .filter(r -> r.provisioned() != null && !"DELETE_COMPLETE".equals(r.status()))
                .map(StackResource::logicalId).toList();
        List<String> ordered = new ArrayList<>(stack.template().resources().keySet());
        ordered.retainAll(existing);
        existing.stream().filter(id -> !ordered.contains(id)).forEach(ordered::add);
        DependencyGraph graph = DependencyGraph.of(stack.template(), ordered.stream()
                .filter(stack.template().resources()::containsKey).toList());
        Duration step = stepDuration(services.settings().deleteDuration(), graph, ordered);
        ResourceTasks tasks = new ResourceTasks(stack, services, step, stack.tags());
        Map<String, TaskRunner.Task> delete = new LinkedHashMap<>();
        List<String> reverse = new ArrayList<>(graph.deletionOrder());
        ordered.stream().filter(id -> !reverse.contains(id)).forEach(reverse::add);
        reverse.forEach(id -> delete.put(id, tasks.delete(stack.resources().get(id), false)));
        phase(new TaskRunner(delete, deletionOrder(graph, ordered), at, false), end -> {
            if (runner().failedAny()) {
                stack.status(StackStatus.DELETE_FAILED, "The following resource(s) failed to delete: "
                        + tasks.failures() + ". ", end);
            } else {
                store.withdrawExports(stack);
                stack.status(StackStatus.DELETE_COMPLETE, null, end);
            }
            finish();
        }, at);
    }
}
