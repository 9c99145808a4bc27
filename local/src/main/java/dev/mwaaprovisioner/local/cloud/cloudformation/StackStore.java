package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.DependencyGraph;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.Intrinsics;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.OutputDeclaration;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.ParameterValues;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.Template;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.TemplateException;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.TemplateValidator;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The stacks of one Region and their exports: the CloudFormation API in Java. Requests are checked
 * as CloudFormation checks them (ValidationError, AlreadyExistsException) before anything is
 * created; operations then run in simulated time, advanced by {@link #advance(Instant)}.
 * Thread-safe: every method runs under the store's lock.
 */
public final class StackStore {

    private static final Pattern STACK_NAME = Pattern.compile("[a-zA-Z][-a-zA-Z0-9]*");

    /** CreateStack's input. */
    public record CreateRequest(String stackName, String templateBody, Map<String, String> parameters,
                                Map<String, String> tags, List<String> notificationArns, List<String> capabilities,
                                Stack.OnFailure onFailure, boolean terminationProtection) {}

    /** UpdateStack's input; a null template body means UsePreviousTemplate, null tags keep the stack's tags. */
    public record UpdateRequest(String stackName, String templateBody, Map<String, String> parameters,
                                Set<String> usePreviousValues, Map<String, String> tags) {}

    /** An export: its value and the stack that exports it. */
    private record Export(String value, String stackId, String stackName) {}

    private final String region;
    private final String accountId;
    private final StackServices services;
    private final InstantSource clock;
    private final List<Stack> stacks = new ArrayList<>();
    private final Map<String, Export> exports = new LinkedHashMap<>();

    StackStore(String region, String accountId, StackServices services, InstantSource clock) {
        this.region = region;
        this.accountId = accountId;
        this.services = services;
        this.clock = clock;
    }

    public String region() {
        return region;
    }

    // ------------------------------------------------------------------ API

    public synchronized String createStack(CreateRequest request) {
        Instant now = clock.instant();
        advance(now);
        String name = request.stackName();
        if (name == null || name.isEmpty()) {
            throw validation("1 validation error detected: Value null at 'stackName' failed to satisfy constraint:"
                    + " Member must not be null");
        }
        if (name.length() > 128 || !STACK_NAME.matcher(name).matches()) {
            throw validation("1 validation error detected: Value '" + name + "' at 'stackName' failed to satisfy"
                    + " constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*"
                    + (name.length() > 128 ? " and length less than or equal to 128" : ""));
        }
        if (activeStack(name) != null) {
            throw new CloudException("AlreadyExistsException", 400, "Stack [" + name + "] already exists");
        }
        Template template = template(request.templateBody());
        checkTags(request.tags());
        ParameterValues parameters = templateCall(() -> ParameterValues.resolve(template, request.parameters(),
                Set.of(), Map.of()));
        Stack stack = new Stack(name, region, accountId, now, template, parameters, request.tags(),
                new Stack.Options(request.notificationArns(), request.capabilities(), request.onFailure(),
                        request.terminationProtection()));
        Plan plan = plan(stack);
        stack.definition(template, parameters, request.tags(), plan.conditions());
        stack.imports(plan.imports());
        stacks.add(stack);
        CreateOperation operation = new CreateOperation(stack, services, this, plan.active(), plan.graph(),
                intrinsics(stack));
        stack.operation(operation);
        operation.start(now);
        return stack.stackId();
    }

    public synchronized String updateStack(UpdateRequest request) {
        Instant now = clock.instant();
        advance(now);
        Stack stack = activeStack(request.stackName());
        if (stack == null) {
            throw validation("Stack [" + request.stackName() + "] does not exist");
        }
        if (!stack.status().updatable()) {
            throw validation("Stack:" + stack.stackId() + " is in " + stack.status()
                    + " state and can not be updated.");
        }
        Template template = request.templateBody() == null ? stack.template() : template(request.templateBody());
        Map<String, String> tags = request.tags() == null ? stack.tags() : request.tags();
        checkTags(tags);
        ParameterValues parameters = templateCall(() -> ParameterValues.resolve(template, request.parameters(),
                request.usePreviousValues(), stack.parameters().raw()));

        UpdateOperation.Previous previous = new UpdateOperation.Previous(stack.template(), stack.parameters(),
                stack.tags(), stack.conditions(), stack.outputs(), copies(stack.resources()));
        stack.definition(template, parameters, tags, stack.conditions());
        try {
            Plan plan = plan(stack);
            stack.definition(template, parameters, tags, plan.conditions());
            if (!changes(stack, previous, plan)) {
                throw validation("No updates are to be performed.");
            }
            stack.imports(plan.imports());
            UpdateOperation operation = new UpdateOperation(stack, services, this, previous, plan.active(),
                    plan.graph(), intrinsics(stack));
            stack.operation(operation);
            operation.start(now);
            return stack.stackId();
        } catch (RuntimeException e) {
            stack.definition(previous.template(), previous.parameters(), previous.tags(), previous.conditions());
            throw e;
        }
    }

    public synchronized void deleteStack(String nameOrId) {
        Instant now = clock.instant();
        advance(now);
        Stack stack = find(nameOrId, false);
        if (stack == null || stack.deleted() || stack.status() == StackStatus.DELETE_IN_PROGRESS) {
            return; // deleting a stack that does not exist (or is going) succeeds, as in CloudFormation
        }
        if (stack.terminationProtection()) {
            throw validation("Stack [" + stack.stackName() + "] cannot be deleted while TerminationProtection is"
                    + " enabled");
        }
        if (stack.status().inProgress() && stack.status() != StackStatus.CREATE_IN_PROGRESS) {
            throw validation("Stack [" + stack.stackName() + "] cannot be deleted while in status "
                    + stack.status() + "; wait for the current operation to end.");
        }
        // Deleting a stack being created cancels the creation: whatever exists is deleted.
        DeleteOperation operation = new DeleteOperation(stack, services, this);
        stack.operation(operation);
        operation.start(now);
    }

    public synchronized void updateTerminationProtection(String nameOrId, boolean enabled) {
        advance(clock.instant());
        Stack stack = require(nameOrId);
        stack.terminationProtection(enabled);
    }

    /** ValidateTemplate: the parsed template, checked as CreateStack checks it. */
    public Template validateTemplate(String body) {
        return template(body);
    }

    /** Reads stacks under the store's lock (stacks are mutable; render them inside). */
    public synchronized <T> T read(Function<StackStore, T> reader) {
        advance(clock.instant());
        return reader.apply(this);
    }

    /** A stack by name (not deleted) or by ID (also deleted); ValidationError when there is none. */
    public synchronized Stack require(String nameOrId) {
        Stack stack = find(nameOrId, true);
        if (stack == null) {
            throw validation("Stack with id " + nameOrId + " does not exist");
        }
        return stack;
    }

    /** A stack by name (not deleted) or by ID (also deleted when allowed), or null. */
    public synchronized Stack find(String nameOrId, boolean includeDeletedById) {
        if (nameOrId == null) {
            return null;
        }
        if (nameOrId.startsWith("arn:")) {
            return stacks.stream().filter(s -> s.stackId().equals(nameOrId))
                    .filter(s -> includeDeletedById || !s.deleted()).findFirst().orElse(null);
        }
        return activeStack(nameOrId);
    }

    /** Every stack, deleted ones included, oldest first. */
    public synchronized List<Stack> stacks() {
        return List.copyOf(stacks);
    }

    /** Runs every operation up to the instant; returns when one next has something to do, or null. */
    public synchronized Instant advance(Instant now) {
        Instant next = null;
        for (Stack stack : stacks) {
            StackOperation operation = stack.operation();
            if (operation == null) {
                continue;
            }
            operation.advance(now);
            Instant due = operation.nextDue();
            if (!operation.done() && due != null && (next == null || due.isBefore(next))) {
                next = due;
            }
        }
        return next;
    }

    // ------------------------------------------------------------------ exports

    /** Evaluates the stack's outputs and registers its exports (an export name is unique per Region). */
    synchronized void publishOutputs(Stack stack, Intrinsics intrinsics) {
        List<StackOutput> outputs = new ArrayList<>();
        Map<String, String> newExports = new LinkedHashMap<>();
        for (OutputDeclaration output : stack.template().outputs().values()) {
            if (output.condition() != null && !intrinsics.condition(output.condition())) {
                continue;
            }
            String value = outputString(intrinsics.evaluate(output.value()), output.name());
            Object description = output.description() == null ? null : intrinsics.evaluate(output.description());
            String exportName = output.exportName() == null ? null
                    : outputString(intrinsics.evaluate(output.exportName()), output.name());
            if (exportName != null) {
                Export existing = exports.get(exportName);
                if (existing != null && !existing.stackId().equals(stack.stackId())) {
                    throw new TemplateException("Export with name " + exportName + " is already exported by stack "
                            + existing.stackName());
                }
                newExports.put(exportName, value);
            }
            outputs.add(new StackOutput(output.name(), value, description == null ? null : String.valueOf(description),
                    exportName));
        }
        withdrawExports(stack);
        newExports.forEach((name, value) -> exports.put(name, new Export(value, stack.stackId(), stack.stackName())));
        stack.outputs(outputs);
    }

    private static String outputString(Object value, String output) {
        if (value instanceof Map || value instanceof List || value == null || value == Intrinsics.NO_VALUE) {
            throw TemplateException.format("The Value field of every Outputs member must evaluate to a String;"
                    + " output " + output + " evaluates to " + value);
        }
        return String.valueOf(value);
    }

    synchronized void withdrawExports(Stack stack) {
        exports.values().removeIf(e -> e.stackId().equals(stack.stackId()));
    }

    /** Why the stack cannot be deleted because another stack imports one of its exports, or null. */
    synchronized String importerOf(Stack stack) {
        for (Map.Entry<String, Export> export : exports.entrySet()) {
            if (!export.getValue().stackId().equals(stack.stackId())) {
                continue;
            }
            for (Stack other : stacks) {
                if (other != stack && !other.deleted() && other.imports().contains(export.getKey())) {
                    return "Export " + export.getKey() + " cannot be deleted as it is in use by " + other.stackName();
                }
            }
        }
        return null;
    }

    synchronized String exportValue(String name) {
        Export export = exports.get(name);
        return export == null ? null : export.value();
    }

    /** Every export of the Region: name → value (ListExports). */
    public synchronized Map<String, String> exports() {
        Map<String, String> all = new LinkedHashMap<>();
        exports.forEach((name, export) -> all.put(name, export.value()));
        return all;
    }

    // ------------------------------------------------------------------ planning

    /** What a stack operation will work on: conditions, active resources and their graph. */
    private record Plan(Map<String, Boolean> conditions, List<String> active, DependencyGraph graph,
                        Set<String> imports) {}

    /**
     * Evaluates conditions and, with placeholder values for resources, every active resource's
     * properties and the outputs, so template errors surface as ValidationError before anything
     * is created — as CloudFormation reports them.
     */
    private Plan plan(Stack stack) {
        return templateCall(() -> {
            Template template = stack.template();
            PlanningResolver planning = new PlanningResolver(stack, services, this::exportValue);
            Intrinsics intrinsics = new Intrinsics(template, planning, region);
            Map<String, Boolean> conditions = intrinsics.conditions();
            List<String> active = template.resources().values().stream()
                    .filter(r -> r.condition() == null || conditions.get(r.condition()))
                    .map(r -> r.logicalId()).toList();
            planning.active(active);
            for (String id : active) {
                List<String> missing = template.resources().get(id).dependsOn().stream()
                        .filter(d -> !active.contains(d)).toList();
                if (!missing.isEmpty()) {
                    throw TemplateException.format("Unresolved resource dependencies " + missing
                            + " in the Resources block of the template");
                }
                intrinsics.evaluate(template.resources().get(id).properties());
            }
            for (OutputDeclaration output : template.outputs().values()) {
                if (output.condition() == null || conditions.get(output.condition())) {
                    intrinsics.evaluate(output.value());
                    if (output.exportName() != null) {
                        intrinsics.evaluate(output.exportName());
                    }
                }
            }
            return new Plan(conditions, active, DependencyGraph.of(template, active), planning.imports());
        });
    }

    /** Whether an update changes anything: resources added, removed or with new properties, tags, outputs. */
    private boolean changes(Stack stack, UpdateOperation.Previous previous, Plan plan) {
        if (!previous.tags().equals(stack.tags())) {
            return true;
        }
        Set<String> before = new LinkedHashSet<>(previous.resources().keySet());
        if (!before.equals(new LinkedHashSet<>(plan.active()))) {
            return true;
        }
        Intrinsics intrinsics = intrinsics(stack);
        ResourceTasks tasks = new ResourceTasks(stack, services, java.time.Duration.ZERO, stack.tags());
        for (String id : plan.active()) {
            StackResource old = previous.resources().get(id);
            if (!old.type().equals(stack.template().resources().get(id).type())) {
                return true;
            }
            try {
                if (!tasks.properties(stack.template().resources().get(id), intrinsics).equals(old.properties())) {
                    return true;
                }
            } catch (RuntimeException e) {
                return true; // the update will report it on the resource
            }
        }
        try {
            List<StackOutput> outputs = new ArrayList<>();
            for (OutputDeclaration output : stack.template().outputs().values()) {
                if (output.condition() == null || intrinsics.condition(output.condition())) {
                    outputs.add(new StackOutput(output.name(), String.valueOf(intrinsics.evaluate(output.value())),
                            output.description() == null ? null : String.valueOf(intrinsics.evaluate(
                                    output.description())),
                            output.exportName() == null ? null : String.valueOf(intrinsics.evaluate(
                                    output.exportName()))));
                }
            }
            return !outputs.equals(previous.outputs());
        } catch (RuntimeException e) {
            return true;
        }
    }

    private Intrinsics intrinsics(Stack stack) {
        return new Intrinsics(stack.template(), new StackResolver(stack, services, this::exportValue), region);
    }

    private static Map<String, StackResource> copies(Map<String, StackResource> resources) {
        Map<String, StackResource> copies = new LinkedHashMap<>();
        resources.forEach((id, r) -> copies.put(id, r.copy()));
        return copies;
    }

    // ------------------------------------------------------------------ helpers

    private Stack activeStack(String name) {
        return stacks.stream().filter(s -> s.stackName().equals(name) && !s.deleted()).findFirst().orElse(null);
    }

    private Template template(String body) {
        if (body == null) {
            throw validation("Either Template URL or Template Body must be specified.");
        }
        return templateCall(() -> {
            Template template = Template.parse(body);
            TemplateValidator.validate(template, services.providers());
            return template;
        });
    }

    private static void checkTags(Map<String, String> tags) {
        if (tags.size() > 50) {
            throw validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member"
                    + " must have length less than or equal to 50");
        }
        tags.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.length() > 128 || Objects.requireNonNullElse(value, "").length() > 256) {
                throw validation("Tag key '" + key + "' must be 1-128 characters and its value at most 256");
            }
            if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw validation("Invalid tag key: 'aws:' is a reserved prefix: " + key);
            }
        });
    }

    private static <T> T templateCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (TemplateException e) {
            throw validation(e.getMessage());
        }
    }

    static CloudException validation(String message) {
        return new CloudException("ValidationError", 400, message);
    }
}
