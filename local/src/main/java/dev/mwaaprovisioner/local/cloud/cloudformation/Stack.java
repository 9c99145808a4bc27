package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.cloudformation.template.ParameterValues;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.Template;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stack: its template and parameters, status, resources, events and outputs, and the operation
 * in progress. Mutated only under the {@link StackStore}'s lock; readers get snapshots.
 */
public final class Stack {

    /** The request options that shape how the stack is created. */
    record Options(List<String> notificationArns, List<String> capabilities, OnFailure onFailure,
                   boolean terminationProtection) {}

    /** What happens when creation fails (CreateStack {@code OnFailure}, or {@code DisableRollback}). */
    public enum OnFailure { ROLLBACK, DELETE, DO_NOTHING }

    private final String stackId;
    private final String stackName;
    private final String region;
    private final String accountId;
    private final Instant creationTime;
    private final Options options;

    private Template template;
    private ParameterValues parameters;
    private Map<String, String> tags;
    private Map<String, Boolean> conditions = Map.of();
    private StackStatus status;
    private String statusReason;
    private Instant lastUpdatedTime;
    private Instant deletionTime;
    private final Map<String, StackResource> resources = new LinkedHashMap<>();
    private final List<StackEvent> events = new ArrayList<>();
    private final java.util.Set<String> eventIds = new java.util.HashSet<>();
    private List<StackOutput> outputs = List.of();
    private StackOperation operation;
    private java.util.Set<String> imports = java.util.Set.of();
    private boolean terminationProtection;

    Stack(String stackName, String region, String accountId, Instant creationTime, Template template,
            ParameterValues parameters, Map<String, String> tags, Options options) {
        this.stackName = stackName;
        this.region = region;
        this.accountId = accountId;
        this.stackId = "arn:" + dev.mwaaprovisioner.local.cloud.cloudformation.template.PseudoParameters.partition(region)
                + ":cloudformation:" + region + ":" + accountId + ":stack/" + stackName + "/" + UUID.randomUUID();
        this.creationTime = creationTime;
        this.template = template;
        this.parameters = parameters;
        this.tags = Map.copyOf(tags);
        this.options = options;
        this.terminationProtection = options.terminationProtection();
    }

    /** Export names this stack's template imports with Fn::ImportValue. */
    java.util.Set<String> imports() {
        return imports;
    }

    void imports(java.util.Set<String> names) {
        imports = java.util.Set.copyOf(names);
    }

    public boolean terminationProtection() {
        return terminationProtection;
    }

    void terminationProtection(boolean enabled) {
        terminationProtection = enabled;
    }

    public String stackId() {
        return stackId;
    }

    public String stackName() {
        return stackName;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public Instant creationTime() {
        return creationTime;
    }

    Options options() {
        return options;
    }

    public Template template() {
        return template;
    }

    public ParameterValues parameters() {
        return parameters;
    }

    public Map<String, String> tags() {
        return tags;
    }

    Map<String, Boolean> conditions() {
        return conditions;
    }

    void definition(Template newTemplate, ParameterValues newParameters, Map<String, String> newTags,
            Map<String, Boolean> newConditions) {
        template = newTemplate;
        parameters = newParameters;
        tags = Map.copyOf(newTags);
        conditions = Map.copyOf(newConditions);
    }

    public StackStatus status() {
        return status;
    }

    public String statusReason() {
        return statusReason;
    }

    public Instant lastUpdatedTime() {
        return lastUpdatedTime;
    }

    public Instant deletionTime() {
        return deletionTime;
    }

    void lastUpdatedTime(Instant at) {
        lastUpdatedTime = at;
    }

    Map<String, StackResource> resources() {
        return resources;
    }

    public List<StackResource> resourceList() {
        return List.copyOf(resources.values());
    }

    /** Events, newest first, as DescribeStackEvents lists them. */
    public List<StackEvent> events() {
        List<StackEvent> newestFirst = new ArrayList<>(events);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    public List<StackOutput> outputs() {
        return outputs;
    }

    void outputs(List<StackOutput> newOutputs) {
        outputs = List.copyOf(newOutputs);
    }

    StackOperation operation() {
        return operation;
    }

    void operation(StackOperation newOperation) {
        operation = newOperation;
    }

    public boolean deleted() {
        return status == StackStatus.DELETE_COMPLETE;
    }

    /** Sets the stack status and records the stack event for it. */
    void status(StackStatus newStatus, String reason, Instant at) {
        status = newStatus;
        statusReason = reason;
        if (newStatus == StackStatus.DELETE_COMPLETE) {
            deletionTime = at;
        }
        events.add(new StackEvent(UUID.randomUUID().toString(), stackId, stackName, stackName, stackId,
                "AWS::CloudFormation::Stack", at, newStatus.name(), reason, null));
    }

    /** Sets a resource's status and records the resource event for it. */
    void resourceStatus(StackResource resource, String newStatus, String reason, Instant at, String properties) {
        resource.status(newStatus, reason, at);
        String eventId = resource.logicalId() + "-" + newStatus + "-"
                + dev.mwaaprovisioner.local.cloud.protocol.Timestamps.iso(at);
        if (!eventIds.add(eventId)) {
            eventId = UUID.randomUUID().toString(); // two events of one resource in the same millisecond
        }
        events.add(new StackEvent(eventId, stackId, stackName,
                resource.logicalId(), resource.physicalId() == null ? "" : resource.physicalId(), resource.type(), at,
                newStatus, reason, properties));
    }
}
