package dev.mwaaprovisioner.bench.coldstart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * For each function, the event of one cold-start run and what the local cloud must hold for that
 * call to do what a real first call does. Each run gets its own environment name, so runs that
 * create something create it anew instead of finding the previous run's.
 */
final class Scenarios {

    private Scenarios() {
    }

    private static final Map<String, BiFunction<Seeder, String, ObjectNode>> EVENTS = Map.ofEntries(
            Map.entry("DispatchFunction", Scenarios::dispatch),
            Map.entry("ValidateRequestFunction", Scenarios::validate),
            Map.entry("PlanChangesFunction", Scenarios::planChanges),
            Map.entry("CreateNetworkStackFunction",
                    (s, name) -> named(s.event("CreateNetworkStackFunction", "input.json"), name, s)),
            Map.entry("CheckNetworkStackFunction", Scenarios::checkNetwork),
            Map.entry("CheckExistingNetworkFunction", Scenarios::checkExistingNetwork),
            Map.entry("CreateExecutionRoleFunction",
                    (s, name) -> named(s.event("CreateExecutionRoleFunction", "input.json"), name, s)),
            Map.entry("UpdateKeyPolicyFunction", Scenarios::keyPolicy),
            Map.entry("CreateEnvironmentFunction", (s, name) -> s.createEnvironmentInput(name)),
            Map.entry("CheckEnvironmentFunction", Scenarios::checkEnvironment),
            Map.entry("UpdateEnvironmentFunction", Scenarios::updateEnvironment),
            Map.entry("ReportFunction", Scenarios::report),
            Map.entry("PlanRemovalFunction", Scenarios::planRemoval),
            Map.entry("RemoveEnvironmentFunction", (s, name) -> removal(s, "RemoveEnvironmentFunction", name)),
            Map.entry("RemoveKeyPolicyStatementFunction",
                    (s, name) -> removal(s, "RemoveKeyPolicyStatementFunction", name)),
            Map.entry("RemoveExecutionRoleFunction", (s, name) -> removal(s, "RemoveExecutionRoleFunction", name)),
            Map.entry("RemoveNetworkStackFunction", (s, name) -> removal(s, "RemoveNetworkStackFunction", name)));

    /** The event of one run of the function, with the local cloud prepared for it. */
    static ObjectNode event(String function, Seeder seeder, String name) {
        BiFunction<Seeder, String, ObjectNode> scenario = EVENTS.get(function);
        if (scenario == null) {
            throw new IllegalArgumentException(function + " has no cold-start scenario; add one to Scenarios");
        }
        return scenario.apply(seeder, name);
    }

    /** Removes what a run created that would exhaust a quota (network stacks hold two Elastic IPs). */
    static void cleanUp(String function, Seeder seeder, String name) {
        if (function.equals("CreateNetworkStackFunction")) {
            seeder.deleteNetwork(name);
        }
    }

    private static ObjectNode named(ObjectNode event, String name, Seeder seeder) {
        ((ObjectNode) event.path("Request")).put("Name", name);
        if (event.has("Now")) {
            event.put("Now", seeder.now());
        }
        return event;
    }

    /** S3 "Object Created" of a request file not delivered before: a new execution. */
    private static ObjectNode dispatch(Seeder seeder, String name) {
        ObjectNode event = seeder.event("DispatchFunction", "s3-object-created.json");
        ((ObjectNode) event.path("detail").path("object")).put("key", "requests/" + name + ".yaml");
        return event;
    }

    /** S3 "Object Created" for a request just uploaded to the config bucket. */
    private static ObjectNode validate(Seeder seeder, String name) {
        String key = "requests/" + name + ".yaml";
        String version = seeder.uploadRequest(key, name);
        ObjectNode event = seeder.event("ValidateRequestFunction", "s3-object-created.json");
        ObjectNode detail = (ObjectNode) event.path("detail");
        ((ObjectNode) detail.path("bucket")).put("name", Seeder.CONFIG_BUCKET);
        ((ObjectNode) detail.path("object")).put("key", key).put("version-id", version);
        event.putArray("resources").add("arn:aws:s3:::" + Seeder.CONFIG_BUCKET);
        return event;
    }

    /**
     * A completed stack, as the check after the schedule's first wait finds it. The check only
     * reads it, so every run checks the one shared stack (the account's Elastic IP quota of 5,
     * which the local EC2 enforces, allows two network stacks at a time).
     */
    private static ObjectNode checkNetwork(Seeder seeder, String name) {
        NetworkState network = seeder.sharedNetwork();
        ObjectNode state = WorkflowJson.MAPPER.valueToTree(network);
        state.put("Status", "CREATE_IN_PROGRESS").put("NextCheckSeconds", 180);
        state.remove(List.of("VpcId", "SubnetIds", "SecurityGroupIds", "AvailabilityZones"));
        ObjectNode event = WorkflowJson.MAPPER.createObjectNode();
        event.set("Network", state);
        event.put("Now", seeder.now());
        return event;
    }

    /** The private subnets and security group of a completed stack, named by the request. */
    private static ObjectNode checkExistingNetwork(Seeder seeder, String name) {
        NetworkState network = seeder.sharedNetwork();
        ObjectNode event = seeder.event("CheckExistingNetworkFunction", "input.json");
        ObjectNode request = (ObjectNode) event.path("Request");
        request.put("Name", name);
        ObjectNode given = request.putObject("Network");
        given.set("SubnetIds", WorkflowJson.MAPPER.valueToTree(network.subnetIds()));
        given.set("SecurityGroupIds", WorkflowJson.MAPPER.valueToTree(network.securityGroupIds()));
        return event;
    }

    /** A new customer managed key, whose policy has only the root statement. */
    private static ObjectNode keyPolicy(Seeder seeder, String name) {
        ObjectNode event = named(seeder.event("UpdateKeyPolicyFunction", "input.json"), name, seeder);
        ((ObjectNode) event.path("Request")).put("KmsKey", seeder.createKey());
        return event;
    }

    /** An environment MWAA is creating. */
    private static ObjectNode checkEnvironment(Seeder seeder, String name) {
        ObjectNode event = WorkflowJson.MAPPER.createObjectNode();
        event.set("Environment", WorkflowJson.MAPPER.valueToTree(seeder.createdEnvironment(name)));
        event.put("Now", seeder.now());
        return event;
    }

    /** A request just uploaded to the config bucket, whose environment does not exist yet. */
    private static ObjectNode planChanges(Seeder seeder, String name) {
        ObjectNode event = named(seeder.event("PlanChangesFunction", "input.json"), name, seeder);
        String key = "requests/" + name + ".yaml";
        String version = seeder.uploadRequest(key, name);
        ((ObjectNode) event.path("Source")).put("Uri", "s3://" + Seeder.CONFIG_BUCKET + "/" + key).put("VersionId", version);
        return event;
    }

    /** An available environment whose request now asks for another class and other tags. */
    private static ObjectNode updateEnvironment(Seeder seeder, String name) {
        seeder.availableEnvironment(name);
        ObjectNode event = named(seeder.event("UpdateEnvironmentFunction", "input.json"), name, seeder);
        event.put("ExecutionRoleArn", seeder.createEnvironmentInput(name).path("ExecutionRoleArn").asText());
        return event;
    }

    /** A succeeded execution's state, reported into the config bucket. */
    private static ObjectNode report(Seeder seeder, String name) {
        seeder.buckets();
        ObjectNode event = seeder.event("ReportFunction", "succeeded.json");
        ((ObjectNode) event.path("State").path("Request")).put("Name", name);
        event.put("Now", seeder.now());
        return event;
    }

    /** A request file deleted from the config bucket, of which nothing was recorded: nothing to remove. */
    private static ObjectNode planRemoval(Seeder seeder, String name) {
        seeder.buckets();
        ObjectNode event = seeder.event("PlanRemovalFunction", "s3-object-deleted.json");
        ObjectNode detail = (ObjectNode) event.path("State").path("detail");
        ((ObjectNode) detail.path("bucket")).put("name", Seeder.CONFIG_BUCKET);
        ((ObjectNode) detail.path("object")).put("key", "requests/" + name + ".yaml");
        return event;
    }

    /** The removal of an environment's resources of one kind, none of which exists: each is looked up and found absent. */
    private static ObjectNode removal(Seeder seeder, String function, String name) {
        ObjectNode event = seeder.event(function, "input.json");
        ObjectNode removal = (ObjectNode) event.path("Removal");
        removal.put("Name", name);
        for (com.fasterxml.jackson.databind.JsonNode item : removal.path("Items")) {
            ObjectNode it = (ObjectNode) item;
            switch (it.path("Kind").asText()) {
                case "Environment" -> it.put("Name", name);
                case "ExecutionRole" -> it.put("Name", "mwaa-" + name + "-execution");
                case "NetworkStack" -> it.put("Name", "mwaa-" + name + "-network");
                case "KeyPolicyStatement" -> it.put("Name", function.equals("RemoveKeyPolicyStatementFunction")
                        ? seeder.createKey() : it.path("Name").asText());
                default -> { }
            }
        }
        if (event.has("Now")) {
            event.put("Now", seeder.now());
        }
        return event;
    }
}
