package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.cloudformation.template.DependencyGraph;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.Intrinsics;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CreateStack: CREATE_IN_PROGRESS, resources created in dependency order, then CREATE_COMPLETE
 * with outputs. When a resource fails: CREATE_FAILED (DisableRollback / OnFailure DO_NOTHING), or
 * ROLLBACK_IN_PROGRESS → every created resource deleted → ROLLBACK_COMPLETE, or (OnFailure DELETE)
 * DELETE_IN_PROGRESS → DELETE_COMPLETE.
 */
final class CreateOperation extends StackOperation {

    private final List<String> active;
    private final DependencyGraph graph;
    private final Intrinsics intrinsics;

    CreateOperation(Stack stack, StackServices services, StackStore store, List<String> active,
            DependencyGraph graph, Intrinsics intrinsics) {
        super(stack, services, store);
        this.active = active;
        this.graph = graph;
        this.intrinsics = intrinsics;
    }

    @Override
    void start(Instant at) {
        stack.status(StackStatus.CREATE_IN_PROGRESS, "User Initiated", at);
        Duration step = stepDuration(services.settings().createDuration(), graph, active);
        ResourceTasks tasks = new ResourceTasks(stack, services, step, stack.tags());
        Map<String, TaskRunner.Task> create = new LinkedHashMap<>();
        graph.creationOrder().forEach(id -> create.put(id, tasks.create(id, intrinsics, "CREATE")));
        phase(new TaskRunner(create, creationOrder(graph, active), at, true), end -> created(end, tasks), at);
    }

    private void created(Instant at, ResourceTasks tasks) {
        if (!runner().failedAny()) {
            try {
                store.publishOutputs(stack, intrinsics);
                stack.status(StackStatus.CREATE_COMPLETE, null, at);
                finish();
                return;
            } catch (RuntimeException e) {
                failed(at, ResourceTasks.reason(e));
                return;
            }
        }
        failed(at, "The following resource(s) failed to create: " + tasks.failures() + ". ");
    }

    private void failed(Instant at, String reason) {
        switch (stack.options().onFailure()) {
            case DO_NOTHING -> {
                stack.status(StackStatus.CREATE_FAILED, reason, at);
                finish();
            }
            case DELETE -> {
                stack.status(StackStatus.DELETE_IN_PROGRESS, reason, at);
                removeAll(at, StackStatus.DELETE_COMPLETE, StackStatus.DELETE_FAILED);
            }
            default -> {
                stack.status(StackStatus.ROLLBACK_IN_PROGRESS, reason + "Rollback requested by user.", at);
                removeAll(at, StackStatus.ROLLBACK_COMPLETE, StackStatus.ROLLBACK_FAILED);
            }
        }
    }

    /** Deletes every resource that has a physical resource, dependents first. */
    private void removeAll(Instant at, StackStatus success, StackStatus failure) {
        List<String> created = stack.resources().values().stream().filter(r -> r.provisioned() != null)
                .map(StackResource::logicalId).toList();
        Duration step = stepDuration(services.settings().deleteDuration(), graph, created);
        ResourceTasks tasks = new ResourceTasks(stack, services, step, stack.tags());
        Map<String, TaskRunner.Task> delete = new LinkedHashMap<>();
        graph.deletionOrder().stream().filter(created::contains)
                .forEach(id -> delete.put(id, tasks.delete(stack.resources().get(id), false)));
        phase(new TaskRunner(delete, deletionOrder(graph, created), at, false), end -> {
            if (runner().failedAny()) {
                stack.status(failure, "The following resource(s) failed to delete: " + tasks.failures() + ". ", end);
            } else {
                stack.status(success, null, end);
            }
            finish();
        }, at);
    }
}
