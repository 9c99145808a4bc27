package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.cloudformation.template.ParameterDeclaration;
import dev.mwaaprovisioner.local.cloud.protocol.XmlWriter;

/** Writes stacks, events and resources as the CloudFormation query API returns them. */
final class CloudFormationXml {

    private CloudFormationXml() {}

    static void stack(XmlWriter m, Stack stack) {
        m.element("StackId", stack.stackId());
        m.element("StackName", stack.stackName());
        m.element("Description", stack.template().description());
        m.element("Parameters", list -> stack.template().parameters().values().forEach(p -> {
            String value = stack.parameters().raw().get(p.name());
            list.element("member", member -> {
                member.element("ParameterKey", p.name());
                member.element("ParameterValue", shown(p, value));
            });
        }));
        m.element("CreationTime", stack.creationTime());
        m.element("DeletionTime", stack.deletionTime());
        m.element("LastUpdatedTime", stack.lastUpdatedTime());
        m.element("StackStatus", stack.status().name());
        m.element("StackStatusReason", stack.statusReason());
        m.element("DisableRollback", stack.options().onFailure() == Stack.OnFailure.DO_NOTHING);
        m.element("NotificationARNs", list -> stack.options().notificationArns().forEach(a -> list.element("member", a)));
        m.element("Capabilities", list -> stack.options().capabilities().forEach(c -> list.element("member", c)));
        m.element("Outputs", list -> stack.outputs().forEach(o -> list.element("member", member -> {
            member.element("OutputKey", o.outputKey());
            member.element("OutputValue", o.outputValue());
            member.element("Description", o.description());
            member.element("ExportName", o.exportName());
        })));
        m.element("Tags", list -> stack.tags().forEach((k, v) -> list.element("member", member -> {
            member.element("Key", k);
            member.element("Value", v);
        })));
        m.element("EnableTerminationProtection", stack.terminationProtection());
        m.element("DriftInformation", d -> d.element("StackDriftStatus", "NOT_CHECKED"));
    }

    /** NoEcho parameter values are masked, as CloudFormation masks them. */
    private static String shown(ParameterDeclaration parameter, String value) {
        return parameter.noEcho() ? "****" : value;
    }

    static void summary(XmlWriter m, Stack stack) {
        m.element("StackId", stack.stackId());
        m.element("StackName", stack.stackName());
        m.element("TemplateDescription", stack.template().description());
        m.element("CreationTime", stack.creationTime());
        m.element("LastUpdatedTime", stack.lastUpdatedTime());
        m.element("DeletionTime", stack.deletionTime());
        m.element("StackStatus", stack.status().name());
        m.element("StackStatusReason", stack.statusReason());
        m.element("DriftInformation", d -> d.element("StackDriftStatus", "NOT_CHECKED"));
    }

    static void event(XmlWriter m, StackEvent e) {
        m.element("StackId", e.stackId());
        m.element("EventId", e.eventId());
        m.element("StackName", e.stackName());
        m.element("LogicalResourceId", e.logicalResourceId());
        m.element("PhysicalResourceId", e.physicalResourceId());
        m.element("ResourceType", e.resourceType());
        m.element("Timestamp", e.timestamp());
        m.element("ResourceStatus", e.resourceStatus());
        m.element("ResourceStatusReason", e.resourceStatusReason());
        m.element("ResourceProperties", e.resourceProperties());
    }

    static void resource(XmlWriter m, Stack stack, StackResource r, boolean detail) {
        m.element("StackName", stack.stackName());
        m.element("StackId", stack.stackId());
        m.element("LogicalResourceId", r.logicalId());
        m.element("PhysicalResourceId", r.physicalId());
        m.element("ResourceType", r.type());
        m.element(detail ? "LastUpdatedTimestamp" : "Timestamp", r.lastUpdated());
        m.element("ResourceStatus", r.status());
        m.element("ResourceStatusReason", r.statusReason());
        m.element("DriftInformation", d -> d.element("StackResourceDriftStatus", "NOT_CHECKED"));
    }

    static void resourceSummary(XmlWriter m, StackResource r) {
        m.element("LogicalResourceId", r.logicalId());
        m.element("PhysicalResourceId", r.physicalId());
        m.element("ResourceType", r.type());
        m.element("LastUpdatedTimestamp", r.lastUpdated());
        m.element("ResourceStatus", r.status());
        m.element("ResourceStatusReason", r.statusReason());
        m.element("DriftInformation", d -> d.element("StackResourceDriftStatus", "NOT_CHECKED"));
    }
}
