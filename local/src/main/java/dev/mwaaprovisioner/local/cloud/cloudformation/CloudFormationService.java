package dev.mwaaprovisioner.local.cloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.cloud.CloudRequest;
import dev.mwaaprovisioner.local.cloud.CloudResponse;
import dev.mwaaprovisioner.local.cloud.CloudService;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProviderRegistry;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ServiceResourceProviders;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2.Ec2ResourceProviders;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.ParameterDeclaration;
import dev.mwaaprovisioner.local.cloud.cloudformation.template.Template;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.protocol.QueryInput;
import dev.mwaaprovisioner.local.cloud.protocol.QueryProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS CloudFormation (query protocol): CreateStack, UpdateStack, DeleteStack, DescribeStacks,
 * DescribeStackEvents, DescribeStackResources, DescribeStackResource, ListStackResources,
 * ListStacks, ValidateTemplate, GetTemplate, ListExports, UpdateTerminationProtection, over a real
 * template engine whose EC2 resources live in the local EC2 store. Anything else (change sets,
 * stack sets, TemplateURL, stack policies) is refused as not supported by the local cloud.
 */
public final class CloudFormationService implements CloudService {

    public static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private final ServiceContext context;
    private final CloudFormationSettings settings;
    private final QueryProtocol protocol = new QueryProtocol(NAMESPACE);
    private volatile CloudFormationStacks stacks;

    public CloudFormationService(ServiceContext context) {
        this(context, CloudFormationSettings.defaults());
    }

    public CloudFormationService(ServiceContext context, CloudFormationSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    @Override
    public String signingName() {
        return "cloudformation";
    }

    @Override
    public String displayName() {
        return "AWS CloudFormation";
    }

    @Override
    public WireProtocol protocol() {
        return protocol;
    }

    /** The stacks of every Region (built on first use: the EC2 store comes from the EC2 service). */
    public CloudFormationStacks stacks() {
        CloudFormationStacks current = stacks;
        if (current == null) {
            synchronized (this) {
                if (stacks == null) {
                    Ec2Regions ec2 = context.service(Ec2Regions.class);
                    ResourceProviderRegistry providers = ServiceResourceProviders.registerAll(
                            Ec2ResourceProviders.registerAll(new ResourceProviderRegistry(), ec2), context);
                    stacks = new CloudFormationStacks(context.accountId(), ec2, providers, settings,
                            () -> context.clock().now(), (at, task) -> context.clock().schedule(at, task),
                            context.faults());
                }
                current = stacks;
            }
        }
        return current;
    }

    @Override
    public Collection<?> components() {
        return List.of(this);
    }

    @Override
    public CloudResponse handle(CloudRequest request) {
        QueryInput input = new QueryInput(request);
        StackStore store = stacks().region(request.region());
        try {
            return switch (request.operation()) {
                case "CreateStack" -> createStack(request, input, store);
                case "UpdateStack" -> updateStack(request, input, store);
                case "DeleteStack" -> deleteStack(request, input, store);
                case "DescribeStacks" -> describeStacks(request, input, store);
                case "DescribeStackEvents" -> describeStackEvents(request, input, store);
                case "DescribeStackResources" -> describeStackResources(request, input, store);
                case "DescribeStackResource" -> describeStackResource(request, input, store);
                case "ListStackResources" -> listStackResources(request, input, store);
                case "ListStacks" -> listStacks(request, input, store);
                case "ValidateTemplate" -> validateTemplate(request, input, store);
                case "GetTemplate" -> getTemplate(request, input, store);
                case "ListExports" -> listExports(request, store);
                case "UpdateTerminationProtection" -> updateTerminationProtection(request, input, store);
                default -> throw protocol.unsupportedOperation(displayName(), request.operation());
            };
        } finally {
            stacks().pump();
        }
    }

    // ------------------------------------------------------------------ operations

    private CloudResponse createStack(CloudRequest request, QueryInput input, StackStore store) {
        refuseUnsupported(input, "StackPolicyBody", "StackPolicyURL", "RollbackConfiguration.MonitoringTimeInMinutes");
        String body = templateBody(input);
        boolean disableRollback = "true".equalsIgnoreCase(input.string("DisableRollback"));
        String onFailureText = input.string("OnFailure");
        if (disableRollback && onFailureText != null) {
            throw StackStore.validation("Either DisableRollback or OnFailure can be specified, not both.");
        }
        Stack.OnFailure onFailure = disableRollback ? Stack.OnFailure.DO_NOTHING : Stack.OnFailure.ROLLBACK;
        if (onFailureText != null) {
            try {
                onFailure = Stack.OnFailure.valueOf(onFailureText);
            } catch (IllegalArgumentException e) {
                throw StackStore.validation("1 validation error detected: Value '" + onFailureText + "' at 'onFailure'"
                        + " failed to satisfy constraint: Member must satisfy enum value set: [DO_NOTHING, ROLLBACK,"
                        + " DELETE]");
            }
        }
        Parameters parameters = parameters(input);
        if (!parameters.usePrevious().isEmpty()) {
            throw StackStore.validation("Invalid input for parameter key " + parameters.usePrevious().iterator().next()
                    + ". Cannot specify usePreviousValue as true for non-existing stack");
        }
        String stackId = store.createStack(new StackStore.CreateRequest(input.string("StackName"), body,
                parameters.values(), tags(input), input.list("NotificationARNs", "member"),
                input.list("Capabilities", "member"), onFailure,
                "true".equalsIgnoreCase(input.string("EnableTerminationProtection"))));
        return protocol.respond(request, r -> r.element("StackId", stackId));
    }

    private CloudResponse updateStack(CloudRequest request, QueryInput input, StackStore store) {
        refuseUnsupported(input, "StackPolicyBody", "StackPolicyURL", "StackPolicyDuringUpdateBody",
                "StackPolicyDuringUpdateURL", "RollbackConfiguration.MonitoringTimeInMinutes");
        boolean usePreviousTemplate = "true".equalsIgnoreCase(input.string("UsePreviousTemplate"));
        String body = usePreviousTemplate ? null : templateBody(input);
        if (usePreviousTemplate && (input.has("TemplateBody") || input.has("TemplateURL"))) {
            throw StackStore.validation("You cannot specify both usePreviousTemplate and Template Body/Template URL");
        }
        Parameters parameters = parameters(input);
        Map<String, String> tags = input.has("Tags") || !input.structures("Tags", "member").isEmpty()
                ? tags(input) : null;
        String stackId = store.updateStack(new StackStore.UpdateRequest(input.string("StackName"), body,
                parameters.values(), parameters.usePrevious(), tags));
        return protocol.respond(request, r -> r.element("StackId", stackId));
    }

    private CloudResponse deleteStack(CloudRequest request, QueryInput input, StackStore store) {
        if (!input.list("RetainResources", "member").isEmpty()) {
            throw StackStore.validation("RetainResources is not supported by the local cloud: set DeletionPolicy:"
                    + " Retain in the template instead.");
        }
        store.deleteStack(required(input, "StackName"));
        return protocol.respondEmpty(request);
    }

    private CloudResponse describeStacks(CloudRequest request, QueryInput input, StackStore store) {
        String name = input.string("StackName");
        return store.read(s -> {
            List<Stack> selected = name == null
                    ? s.stacks().stream().filter(stack -> !stack.deleted()).toList()
                    : List.of(s.require(name));
            return protocol.respond(request, r -> r.element("Stacks", list -> selected.forEach(stack ->
                    list.element("member", m -> CloudFormationXml.stack(m, stack)))));
        });
    }

    private CloudResponse describeStackEvents(CloudRequest request, QueryInput input, StackStore store) {
        String name = required(input, "StackName");
        return store.read(s -> {
            Stack stack = s.find(name, true);
            if (stack == null) {
                throw StackStore.validation("Stack [" + name + "] does not exist");
            }
            return protocol.respond(request, r -> r.element("StackEvents", list -> stack.events().forEach(e ->
                    list.element("member", m -> CloudFormationXml.event(m, e)))));
        });
    }

    private CloudResponse describeStackResources(CloudRequest request, QueryInput input, StackStore store) {
        String name = input.string("StackName");
        String physicalId = input.string("PhysicalResourceId");
        String logicalId = input.string("LogicalResourceId");
        if (name == null && physicalId == null) {
            throw StackStore.validation("Either StackName or PhysicalResourceId must be specified.");
        }
        return store.read(s -> {
            Stack stack;
            if (name != null) {
                stack = s.require(name);
            } else {
                stack = s.stacks().stream().filter(st -> st.resourceList().stream()
                        .anyMatch(r -> physicalId.equals(r.physicalId()))).reduce((a, b) -> b)
                        .orElseThrow(() -> StackStore.validation("Stack for " + physicalId + " does not exist"));
            }
            List<StackResource> resources = stack.resourceList().stream()
                    .filter(r -> logicalId == null || logicalId.equals(r.logicalId()))
                    .filter(r -> name == null || physicalId == null || physicalId.equals(r.physicalId())).toList();
            return protocol.respond(request, r -> r.element("StackResources", list -> resources.forEach(res ->
                    list.element("member", m -> CloudFormationXml.resource(m, stack, res, false)))));
        });
    }

    private CloudResponse describeStackResource(CloudRequest request, QueryInput input, StackStore store) {
        String name = required(input, "StackName");
        String logicalId = required(input, "LogicalResourceId");
        return store.read(s -> {
            Stack stack = s.require(name);
            StackResource resource = stack.resourceList().stream().filter(r -> r.logicalId().equals(logicalId))
                    .findFirst().orElseThrow(() -> StackStore.validation("Resource " + logicalId
                            + " does not exist for stack " + name));
            return protocol.respond(request, r -> r.element("StackResourceDetail",
                    m -> CloudFormationXml.resource(m, stack, resource, true)));
        });
    }

    private CloudResponse listStackResources(CloudRequest request, QueryInput input, StackStore store) {
        String name = required(input, "StackName");
        return store.read(s -> {
            Stack stack = s.require(name);
            return protocol.respond(request, r -> r.element("StackResourceSummaries", list ->
                    stack.resourceList().forEach(res -> list.element("member",
                            m -> CloudFormationXml.resourceSummary(m, res)))));
        });
    }

    private CloudResponse listStacks(CloudRequest request, QueryInput input, StackStore store) {
        Set<String> filter = new LinkedHashSet<>(input.list("StackStatusFilter", "member"));
        for (String status : filter) {
            try {
                StackStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw StackStore.validation("1 validation error detected: Value '[" + status + "]' at"
                        + " 'stackStatusFilter' failed to satisfy constraint: Member must satisfy enum value set: "
                        + List.of(StackStatus.values()));
            }
        }
        return store.read(s -> {
            List<Stack> selected = new java.util.ArrayList<>(s.stacks().stream()
                    .filter(stack -> filter.isEmpty() || filter.contains(stack.status().name())).toList());
            java.util.Collections.reverse(selected); // newest first
            return protocol.respond(request, r -> r.element("StackSummaries", list -> selected
                    .forEach(stack -> list.element("member", m -> CloudFormationXml.summary(m, stack)))));
        });
    }

    private CloudResponse validateTemplate(CloudRequest request, QueryInput input, StackStore store) {
        Template template = store.validateTemplate(templateBody(input));
        return protocol.respond(request, r -> {
            r.element("Parameters", list -> template.parameters().values().forEach(p -> list.element("member",
                    m -> parameterDeclaration(m, p))));
            r.element("Description", template.description());
            r.element("Capabilities", c -> { });
            r.element("DeclaredTransforms", t -> { });
        });
    }

    private static void parameterDeclaration(dev.mwaaprovisioner.local.cloud.protocol.XmlWriter m,
            ParameterDeclaration p) {
        m.element("ParameterKey", p.name());
        m.element("DefaultValue", p.defaultValue());
        m.element("NoEcho", p.noEcho());
        m.element("Description", p.description());
    }

    private CloudResponse getTemplate(CloudRequest request, QueryInput input, StackStore store) {
        String name = required(input, "StackName");
        return store.read(s -> {
            Stack stack = s.require(name);
            return protocol.respond(request, r -> {
                r.element("TemplateBody", stack.template().body());
                r.element("StagesAvailable", list -> {
                    list.element("member", "Original");
                    list.element("member", "Processed");
                });
            });
        });
    }

    private CloudResponse listExports(CloudRequest request, StackStore store) {
        return store.read(s -> {
            Map<String, String> exports = s.exports();
            Map<String, String> exporters = new LinkedHashMap<>();
            s.stacks().stream().filter(st -> !st.deleted()).forEach(st -> st.outputs().stream()
                    .filter(o -> o.exportName() != null).forEach(o -> exporters.put(o.exportName(), st.stackId())));
            return protocol.respond(request, r -> r.element("Exports", list -> exports.forEach((exportName, value) ->
                    list.element("member", m -> {
                        m.element("ExportingStackId", exporters.get(exportName));
                        m.element("Name", exportName);
                        m.element("Value", value);
                    }))));
        });
    }

    private CloudResponse updateTerminationProtection(CloudRequest request, QueryInput input, StackStore store) {
        String name = required(input, "StackName");
        String enabled = required(input, "EnableTerminationProtection");
        store.updateTerminationProtection(name, Boolean.parseBoolean(enabled));
        String stackId = store.read(s -> s.require(name).stackId());
        return protocol.respond(request, r -> r.element("StackId", stackId));
    }

    // ------------------------------------------------------------------ input

    private static String templateBody(QueryInput input) {
        if (input.string("TemplateURL") != null) {
            throw StackStore.validation("TemplateURL is not supported by the local cloud: pass the template in"
                    + " TemplateBody (aws cloudformation ... --template-body file://template.yaml).");
        }
        String body = input.string("TemplateBody");
        if (body == null) {
            throw StackStore.validation("Either Template URL or Template Body must be specified.");
        }
        return body;
    }

    private static String required(QueryInput input, String name) {
        String value = input.string(name);
        if (value == null || value.isEmpty()) {
            throw StackStore.validation("1 validation error detected: Value null at '"
                    + Character.toLowerCase(name.charAt(0)) + name.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static void refuseUnsupported(QueryInput input, String... names) {
        for (String name : names) {
            if (input.has(name)) {
                throw StackStore.validation(name + " is not supported by the local cloud.");
            }
        }
    }

    private record Parameters(Map<String, String> values, Set<String> usePrevious) {}

    private static Parameters parameters(QueryInput input) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> usePrevious = new LinkedHashSet<>();
        for (Map<String, String> p : input.structures("Parameters", "member")) {
            String key = p.get("ParameterKey");
            if (key == null) {
                throw StackStore.validation("Every parameter needs a ParameterKey.");
            }
            if ("true".equalsIgnoreCase(p.get("UsePreviousValue"))) {
                if (p.containsKey("ParameterValue")) {
                    throw StackStore.validation("Invalid input for parameter key " + key + ". Cannot specify"
                            + " usePreviousValue as true and a parameter value at the same time");
                }
                usePrevious.add(key);
            } else {
                values.put(key, p.getOrDefault("ParameterValue", ""));
            }
        }
        return new Parameters(values, usePrevious);
    }

    private static Map<String, String> tags(QueryInput input) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Map<String, String> t : input.structures("Tags", "member")) {
            tags.put(t.get("Key"), t.getOrDefault("Value", ""));
        }
        return tags;
    }

    // ------------------------------------------------------------------ inventory

    @Override
    public JsonNode inventory() {
        ObjectMapper json = new ObjectMapper();
        ArrayNode list = json.createArrayNode();
        CloudFormationStacks current = stacks;
        if (current != null) {
            for (StackStore store : current.regions()) {
                store.read(s -> {
                    s.stacks().forEach(stack -> {
                        ObjectNode node = list.addObject();
                        node.put("region", s.region());
                        node.put("stackName", stack.stackName());
                        node.put("stackId", stack.stackId());
                        node.put("status", stack.status().name());
                        node.put("resources", stack.resourceList().size());
                    });
                    return null;
                });
            }
        }
        ObjectNode root = json.createObjectNode();
        root.set("stacks", list);
        return root;
    }
}
