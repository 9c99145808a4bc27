package dev.mwaaprovisioner.local.cloud.cloudformation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ProvisionedResource;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourcePropertiesException;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.Intrinsics;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.ResourceDeclaration;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.TemplateException;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Exception;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The resource actions of stack operations — create, update, delete, revert — as {@link TaskRunner}
 * tasks that record CloudFormation's resource events and call the resource providers.
 */
final class ResourceTasks {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How an update changed a resource, so a rollback can undo it. */
    enum ChangeKind { ADDED, REPLACED, MODIFIED }

    /** A change made by an update: the resource as it was before (null when added). */
    record Change(ChangeKind kind, StackResource before) {}

    private final Stack stack;
    private final StackServices services;
    private final Duration step;
    private final Map<String, String> previousStackTags;
    private final List<String> failures = new ArrayList<>();

    ResourceTasks(Stack stack, StackServices services, Duration step, Map<String, String> previousStackTags) {
        this.stack = stack;
        this.services = services;
        this.step = step;
        this.previousStackTags = previousStackTags;
    }

    /** Resources that failed (or were cancelled), in order, for the stack's status reason. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    ResourceContext context(String logicalId) {
        return new ResourceContext(stack.stackName(), stack.stackId(), logicalId, stack.region(), stack.accountId(),
                stack.tags(), previousStackTags);
    }

    private ResourceProvider provider(String type) {
        return services.providers().provider(type)
                .orElseThrow(() -> new TemplateException("Template format error: Unrecognized resource types: [" + type
                        + "]"));
    }

    /** Evaluates and validates a resource's properties against its provider's schema. */
    @SuppressWarnings("unchecked")
    Map<String, Object> properties(ResourceDeclaration declaration, Intrinsics intrinsics) {
        Object evaluated = intrinsics.evaluate(declaration.properties());
        Map<String, Object> properties = evaluated instanceof Map ? (Map<String, Object>) evaluated : Map.of();
        return provider(declaration.type()).schema().validate(declaration.logicalId(), properties);
    }

    /** The failure reason CloudFormation shows for an exception of a resource action. */
    static String reason(RuntimeException e) {
        if (e instanceof Ec2Exception ec2) {
            return ec2.getMessage() + " (Service: AmazonEC2; Status Code: " + ec2.httpStatus() + "; Error Code: "
                    + ec2.code() + "; Request ID: " + UUID.randomUUID() + "; Proxy: null)";
        }
        if (e instanceof ResourcePropertiesException || e instanceof TemplateException) {
            return e.getMessage();
        }
        return "Internal Failure: " + e;
    }

    private Instant completion(Instant at, ProvisionedResource provisioned) {
        Instant end = at.plus(step);
        return provisioned.readyAt() != null && provisioned.readyAt().isAfter(end) ? provisioned.readyAt() : end;
    }

    static String json(Map<String, Object> properties) {
        try {
            return JSON.writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ create

    /** Creates a resource of the template (stack creation, or a resource an update adds). */
    TaskRunner.Task create(String logicalId, Intrinsics intrinsics, String status) {
        ResourceDeclaration declaration = stack.template().resources().get(logicalId);
        return new TaskRunner.Task() {
            private StackResource resource;

            @Override
            public TaskRunner.Started start(Instant at) {
                resource = new StackResource(logicalId, declaration.type(), declaration.retainOnDelete());
                stack.resources().put(logicalId, resource);
                stack.resourceStatus(resource, status + "_IN_PROGRESS", null, at, null);
                Optional<String> fault = services.injectedFailure(stack.stackName(), logicalId, status + "_FAILED");
                if (fault.isPresent()) {
                    return TaskRunner.Started.failed(at.plus(step), fault.get());
                }
                try {
                    Map<String, Object> properties = properties(declaration, intrinsics);
                    ProvisionedResource created = provider(declaration.type()).create(context(logicalId), properties);
                    resource.provisioned(created);
                    resource.properties(properties);
                    stack.resourceStatus(resource, status + "_IN_PROGRESS", "Resource creation Initiated", at,
                            json(properties));
                    return TaskRunner.Started.ok(completion(at, created));
                } catch (RuntimeException e) {
                    return TaskRunner.Started.failed(at.plus(step), reason(e));
                }
            }

            @Override
            public void complete(Instant at) {
                stack.resourceStatus(resource, status + "_COMPLETE", null, at, json(resource.properties()));
            }

            @Override
            public void fail(Instant at, String reason) {
                failures.add(logicalId);
                stack.resourceStatus(resource, status + "_FAILED", reason, at, null);
            }

            @Override
            public void cancel(Instant at) {
                failures.add(logicalId);
                stack.resourceStatus(resource, status + "_FAILED", "Resource creation cancelled", at, null);
            }
        };
    }

    // ------------------------------------------------------------------ update

    /**
     * Brings a resource to the new template: nothing if its properties did not change, an in-place
     * update, or a replacement (new physical resource; the old one is deleted in clean-up).
     */
    TaskRunner.Task update(String logicalId, Intrinsics intrinsics, StackResource before, boolean stackTagsChanged,
            Map<String, Change> changes) {
        if (before == null) {
            TaskRunner.Task create = create(logicalId, intrinsics, "CREATE");
            return new DelegatingTask(create) {
                @Override
                public TaskRunner.Started start(Instant at) {
                    changes.put(logicalId, new Change(ChangeKind.ADDED, null));
                    return super.start(at);
                }
            };
        }
        ResourceDeclaration declaration = stack.template().resources().get(logicalId);
        return new TaskRunner.Task() {
            private boolean unchanged;

            @Override
            public TaskRunner.Started start(Instant at) {
                StackResource resource = stack.resources().get(logicalId);
                Map<String, Object> properties;
                try {
                    properties = properties(declaration, intrinsics);
                } catch (RuntimeException e) {
                    stack.resourceStatus(resource, "UPDATE_IN_PROGRESS", null, at, null);
                    return TaskRunner.Started.failed(at.plus(step), reason(e));
                }
                boolean sameType = before.type().equals(declaration.type());
                boolean taggable = provider(declaration.type()).schema().properties().containsKey("Tags");
                if (sameType && properties.equals(before.properties()) && !(stackTagsChanged && taggable)) {
                    unchanged = true;
                    return TaskRunner.Started.ok(at);
                }
                Optional<String> fault = services.injectedFailure(stack.stackName(), logicalId, "UPDATE_FAILED");
                ResourceProvider provider = provider(declaration.type());
                boolean replace = !sameType || provider.schema().requiresReplacement(before.properties(), properties);
                try {
                    if (fault.isPresent()) {
                        stack.resourceStatus(resource, "UPDATE_IN_PROGRESS", null, at, json(properties));
                        return TaskRunner.Started.failed(at.plus(step), fault.get());
                    }
                    ProvisionedResource updated;
                    if (replace) {
                        stack.resourceStatus(resource, "UPDATE_IN_PROGRESS", "Requested update requires the creation"
                                + " of a new physical resource; hence creating one.", at, json(properties));
                        updated = provider.create(context(logicalId), properties);
                        StackResource replacement = new StackResource(logicalId, declaration.type(),
                                declaration.retainOnDelete());
                        stack.resources().put(logicalId, replacement);
                        replacement.provisioned(updated);
                        replacement.properties(properties);
                        changes.put(logicalId, new Change(ChangeKind.REPLACED, before));
                        stack.resourceStatus(replacement, "UPDATE_IN_PROGRESS", "Resource creation Initiated", at,
                                json(properties));
                    } else {
                        stack.resourceStatus(resource, "UPDATE_IN_PROGRESS", null, at, json(properties));
                        updated = provider.update(context(logicalId), before.provisioned(), before.properties(),
                                properties);
                        changes.put(logicalId, new Change(ChangeKind.MODIFIED, before));
                        resource.provisioned(updated);
                        resource.properties(properties);
                    }
                    return TaskRunner.Started.ok(completion(at, updated));
                } catch (RuntimeException e) {
                    return TaskRunner.Started.failed(at.plus(step), reason(e));
                }
            }

            @Override
            public void complete(Instant at) {
                if (!unchanged) {
                    StackResource resource = stack.resources().get(logicalId);
                    stack.resourceStatus(resource, "UPDATE_COMPLETE", null, at, json(resource.properties()));
                }
            }

            @Override
            public void fail(Instant at, String reason) {
                failures.add(logicalId);
                stack.resourceStatus(stack.resources().get(logicalId), "UPDATE_FAILED", reason, at, null);
            }

            @Override
            public void cancel(Instant at) {
                if (!unchanged) {
                    failures.add(logicalId);
                    stack.resourceStatus(stack.resources().get(logicalId), "UPDATE_FAILED",
                            "Resource update cancelled", at, null);
                }
            }
        };
    }

    /** Undoes an update's change of a resource (update rollback). */
    TaskRunner.Task revert(String logicalId, Change change) {
        return new TaskRunner.Task() {
            @Override
            public TaskRunner.Started start(Instant at) {
                StackResource current = stack.resources().get(logicalId);
                try {
                    switch (change.kind()) {
                        case ADDED -> {
                            stack.resourceStatus(current, "DELETE_IN_PROGRESS", null, at, null);
                            deletePhysical(current);
                        }
                        case REPLACED -> {
                            stack.resourceStatus(current, "DELETE_IN_PROGRESS", null, at, null);
                            deletePhysical(current);
                            stack.resources().put(logicalId, change.before());
                            stack.resourceStatus(change.before(), "UPDATE_IN_PROGRESS", null, at, null);
                        }
                        case MODIFIED -> {
                            stack.resourceStatus(current, "UPDATE_IN_PROGRESS", null, at, null);
                            ProvisionedResource reverted = provider(current.type()).update(context(logicalId),
                                    current.provisioned(), current.properties(), change.before().properties());
                            current.provisioned(reverted);
                            current.properties(change.before().properties());
                        }
                        default -> throw new IllegalStateException(change.kind().name());
                    }
                    return TaskRunner.Started.ok(at.plus(step));
                } catch (RuntimeException e) {
                    return TaskRunner.Started.failed(at.plus(step), reason(e));
                }
            }

            @Override
            public void complete(Instant at) {
                if (change.kind() == ChangeKind.ADDED) {
                    StackResource removed = stack.resources().remove(logicalId);
                    stack.resourceStatus(removed, "DELETE_COMPLETE", null, at, null);
                } else if (change.kind() == ChangeKind.REPLACED) {
                    stack.resourceStatus(change.before(), "UPDATE_COMPLETE", null, at, null);
                } else {
                    stack.resourceStatus(stack.resources().get(logicalId), "UPDATE_COMPLETE", null, at, null);
                }
            }

            @Override
            public void fail(Instant at, String reason) {
                failures.add(logicalId);
                String status = change.kind() == ChangeKind.MODIFIED ? "UPDATE_FAILED" : "DELETE_FAILED";
                stack.resourceStatus(stack.resources().get(logicalId), status, reason, at, null);
            }

            @Override
            public void cancel(Instant at) {
                // reverts run with stopOnFailure off: nothing is cancelled
            }
        };
    }

    /** Marks a resource whose update failed without changing it as back to its previous state. */
    TaskRunner.Task restored(String logicalId) {
        return new TaskRunner.Task() {
            @Override
            public TaskRunner.Started start(Instant at) {
                stack.resourceStatus(stack.resources().get(logicalId), "UPDATE_IN_PROGRESS", null, at, null);
                return TaskRunner.Started.ok(at);
            }

            @Override
            public void complete(Instant at) {
                stack.resourceStatus(stack.resources().get(logicalId), "UPDATE_COMPLETE", null, at, null);
            }

            @Override
            public void fail(Instant at, String reason) {
                // nothing can fail here
            }

            @Override
            public void cancel(Instant at) {
                // reverts run with stopOnFailure off: nothing is cancelled
            }
        };
    }

    // ------------------------------------------------------------------ delete

    /**
     * Deletes a resource's physical resource. With {@code removeFromStack} (update clean-up) the
     * resource leaves the stack's resource list; a deleted stack keeps its resources listed as
     * DELETE_COMPLETE, as CloudFormation shows them.
     */
    TaskRunner.Task delete(StackResource resource, boolean removeFromStack) {
        return new TaskRunner.Task() {
            @Override
            public TaskRunner.Started start(Instant at) {
                if (resource.retainOnDelete()) {
                    return TaskRunner.Started.ok(at);
                }
                stack.resourceStatus(resource, "DELETE_IN_PROGRESS", null, at, null);
                if (resource.provisioned() == null) {
                    return TaskRunner.Started.ok(at.plus(step));
                }
                // An injected DELETE_FAILED keeps the physical resource, as when AWS refuses to delete it.
                Optional<String> fault = services.injectedFailure(stack.stackName(), resource.logicalId(), "DELETE_FAILED");
                if (fault.isPresent()) {
                    return TaskRunner.Started.failed(at.plus(step), fault.get());
                }
                try {
                    deletePhysical(resource);
                    return TaskRunner.Started.ok(at.plus(step));
                } catch (RuntimeException e) {
                    return TaskRunner.Started.failed(at.plus(step), reason(e));
                }
            }

            @Override
            public void complete(Instant at) {
                stack.resourceStatus(resource, resource.retainOnDelete() ? "DELETE_SKIPPED" : "DELETE_COMPLETE", null,
                        at, null);
                if (removeFromStack && stack.resources().get(resource.logicalId()) == resource) {
                    stack.resources().remove(resource.logicalId());
                }
            }

            @Override
            public void fail(Instant at, String reason) {
                failures.add(resource.logicalId());
                stack.resourceStatus(resource, "DELETE_FAILED", reason, at, null);
            }

            @Override
            public void cancel(Instant at) {
                // deletes run with stopOnFailure off: nothing is cancelled
            }
        };
    }

    private void deletePhysical(StackResource resource) {
        if (resource.provisioned() != null) {
            provider(resource.type()).delete(context(resource.logicalId()), resource.provisioned(),
                    resource.properties());
        }
    }

    /** A task that forwards to another, to decorate one method. */
    private static class DelegatingTask implements TaskRunner.Task {
        private final TaskRunner.Task delegate;

        DelegatingTask(TaskRunner.Task delegate) {
            this.delegate = delegate;
        }

        @Override
        public TaskRunner.Started start(Instant at) {
            return delegate.start(at);
        }

        @Override
        public void complete(Instant at) {
            delegate.complete(at);
        }

        @Override
        public void fail(Instant at, String reason) {
            delegate.fail(at, reason);
        }

        @Override
        public void cancel(Instant at) {
            delegate.cancel(at);
        }
    }
}
