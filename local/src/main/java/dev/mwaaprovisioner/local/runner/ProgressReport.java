package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a provisioning execution as it runs: one line per state that did something (Task, Wait,
 * Fail; Choices only route), with the real time since the execution started, the workflow's own
 * time (its execution clock: waiting accelerated, work in real time), and what the state found or
 * created, read from the workflow's state
 * document ({@code Network}, {@code ExecutionRole}, {@code KeyPolicy}, {@code Environment},
 * {@code Report}). Then a summary of the environment and its resources.
 */
public final class ProgressReport {

    private final PrintWriter out;
    private final long startNanos;
    private Instant simulatedStart;
    private String lastTaskError;

    public ProgressReport(PrintWriter out) {
        this.out = out;
        this.startNanos = System.nanoTime();
    }

    /** The execution started, at this simulated instant. */
    public synchronized void started(String executionArn, Instant simulated) {
        simulatedStart = simulated;
        out.printf("Execution %s%n", executionArn);
        out.printf("  %8s  %8s  %-22s %s%n", "real", "workflow", "state", "result");
        out.flush();
    }

    /** A state ended; {@code output} is the state document it passes on. */
    public synchronized void stateExited(String state, String type, Instant simulated, JsonNode output) {
        if ("Choice".equals(type) || "Pass".equals(type)) {
            return;
        }
        String result = describe(state, type, output == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : output);
        line(state, simulated, result);
    }

    /** A task's function failed (it may be retried or caught). */
    public synchronized void taskFailed(String state, Instant simulated, String error, String cause) {
        lastTaskError = error;
        line(state, simulated, "failed: " + shortError(error) + ": " + errorMessage(cause));
    }

    /** A task is being retried after a failure. */
    public synchronized void retrying(String state, Instant simulated) {
        line(state, simulated, "retrying after " + (lastTaskError == null ? "an error" : shortError(lastTaskError)));
    }

    private void line(String state, Instant simulated, String result) {
        out.printf("  %8s  %8s  %-22s %s%n", realElapsed(), simulatedElapsed(simulated), state, result);
        out.flush();
    }

    private String realElapsed() {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private String simulatedElapsed(Instant simulated) {
        if (simulatedStart == null || simulated == null) {
            return "";
        }
        return clock(Duration.between(simulatedStart, simulated));
    }

    static String clock(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /**
     * What a succeeded execution did, from its last state document: provisioned, updated,
     * unchanged or removed, and the environment's status when the document has one.
     */
    static String succeeded(JsonNode doc) {
        JsonNode environment = doc.path("Environment");
        String name = null;
        for (JsonNode node : List.of(environment.path("Name"), doc.path("Request").path("Name"),
                doc.path("Removal").path("Name"))) {
            if (node.isTextual() && !node.asText().isBlank()) {
                name = node.asText();
                break;
            }
        }
        if (name == null) {
            return doc.has("Removal") ? "Nothing to remove" : "Workflow succeeded";
        }
        String state = environment.hasNonNull("Status") ? " (" + environment.path("Status").asText() + ")" : "";
        return switch (doc.path("Report").path("Outcome").asText("")) {
            case "DEPROVISIONED" -> "Environment " + name + " deprovisioned: removed";
            case "RETAINED" -> "Environment " + name + " deprovisioned: kept (DeletionPolicy: Retain)";
            case "UNCHANGED" -> "Environment " + name + " unchanged" + state;
            case "UPDATED" -> "Environment " + name + " updated" + state;
            default -> environment.hasNonNull("Status") ? "Environment " + name + " is "
                    + environment.path("Status").asText() : "Environment " + name + " provisioned";
        };
    }

    /**
     * The execution ended: prints the outcome and, from the last state document, the environment
     * and every resource the workflow created or used.
     *
     * @param status   SUCCEEDED, FAILED, TIMED_OUT or ABORTED
     * @param document the last state document (the execution's output when it succeeded)
     */
    public synchronized void finished(String status, Instant simulated, JsonNode document, String error, String cause) {
        JsonNode doc = document == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : document;
        String name = doc.path("Request").path("Name").asText(null);
        JsonNode environment = doc.path("Environment");
        String took = "after " + simulatedElapsed(simulated) + " of workflow time (" + realElapsed() + " real)";
        out.println();
        if ("SUCCEEDED".equals(status)) {
            out.printf("%s %s.%n", succeeded(doc), took);
        } else {
            out.printf("Provisioning%s %s %s: %s%n", name == null ? "" : " " + name, status, took,
                    shortError(error));
            String message = errorMessage(cause);
            if (!message.isEmpty()) {
                for (String line : message.split("\n")) {
                    out.printf("  %s%n", line);
                }
            }
        }
        summaryLine("Webserver URL", environment.path("WebserverUrl").asText(null));
        summaryLine("Environment", environment.path("Arn").asText(null));
        JsonNode network = doc.path("Network");
        if (network.hasNonNull("VpcId")) {
            summaryLine("Network", (network.hasNonNull("StackName") ? "stack " + network.path("StackName").asText()
                    + (network.path("CreatedByThisExecution").asBoolean(false) ? " (created)" : "") + ": " : "")
                    + network.path("VpcId").asText() + ", private subnets " + join(network.path("SubnetIds"))
                    + (network.path("AvailabilityZones").isEmpty() ? "" : " in " + join(network.path("AvailabilityZones")))
                    + ", security group "
                    + join(network.path("SecurityGroupIds")));
        }
        JsonNode role = doc.path("ExecutionRole");
        if (role.hasNonNull("RoleArn")) {
            summaryLine("Execution role", role.path("RoleArn").asText()
                    + (role.path("Provided").asBoolean(false) ? " (the request's)"
                    : " (" + createdOrFound(role) + "), policy " + role.path("PolicyName").asText("?") + " for the "
                    + ("CustomerManagedKey".equals(role.path("PolicyVariant").asText()) ? "customer managed key"
                    : "AWS owned key")));
        }
        JsonNode key = doc.path("KeyPolicy");
        if (key.hasNonNull("KeyArn")) {
            summaryLine("Key policy", keyPolicy(key));
        }
        summaryLine("Status", doc.path("Report").path("StatusUri").asText(null));
        out.flush();
    }

    private void summaryLine(String label, String value) {
        if (value != null && !value.isEmpty()) {
            out.printf("  %-15s %s%n", label, value);
        }
    }

    /** What a state found or did, from the state document after it. */
    static String describe(String state, String type, JsonNode doc) {
        if ("Wait".equals(type)) {
            return "waited";
        }
        if ("Succeed".equals(type)) {
            return "succeeded";
        }
        JsonNode network = doc.path("Network");
        JsonNode role = doc.path("ExecutionRole");
        JsonNode environment = doc.path("Environment");
        return switch (state) {
            case "ValidateRequest" -> "request " + doc.path("Request").path("Name").asText("?") + " is valid: "
                    + plan(doc.path("Plan"));
            case "CreateNetworkStack" -> networkStack(network) + createdOrFoundSuffix(network);
            case "CheckNetworkStack" -> networkStack(network);
            case "CheckExistingNetwork" -> "existing network " + network.path("VpcId").asText("?") + ": subnets "
                    + join(network.path("SubnetIds")) + ", security groups " + join(network.path("SecurityGroupIds"));
            case "CreateExecutionRole" -> "role " + role.path("RoleName").asText(role.path("RoleArn").asText("?"))
                    + " " + createdOrFound(role) + ", policy " + role.path("PolicyName").asText("?")
                    + " (" + role.path("PolicyVariant").asText("?") + ")";
            case "UpdateKeyPolicy" -> keyPolicy(doc.path("KeyPolicy"));
            case "CreateEnvironment" -> environment(environment) + createdOrFoundSuffix(environment);
            case "CheckEnvironment" -> environment(environment);
            case "ReportSuccess", "ReportFailure" -> "status " + doc.path("Report").path("StatusUri").asText("not written")
                    + ", event " + (state.equals("ReportSuccess") ? "Environment Provisioned" : "Environment Provisioning Failed");
            case "PlanRemoval", "PlanRollback" -> removalPlan(doc.path("Removal"));
            case "RemoveEnvironment", "RemoveKeyPolicyStatement", "RemoveExecutionRole", "RemoveNetworkStack" ->
                    removalItems(doc.path("Removal"), state.substring("Remove".length()));
            case "ReportRemoval", "ReportRemovalFailure" -> "status " + doc.path("Report").path("StatusUri").asText("not written")
                    + ", event " + (state.equals("ReportRemoval") ? "Environment Deprovisioned" : "Environment Deprovisioning Failed");
            default -> "Fail".equals(type) ? "failed" : "done";
        };
    }

    /** "remove Environment x, NetworkStack y", or why nothing is removed. */
    private static String removalPlan(JsonNode removal) {
        List<String> items = new ArrayList<>();
        removal.path("Items").forEach(i -> items.add(i.path("Kind").asText() + " " + i.path("Name").asText()
                + ("KEPT".equals(i.path("Status").asText()) ? " (kept)" : "")));
        String what = removal.path("Purpose").asText("removal").toLowerCase(java.util.Locale.ROOT);
        if (removal.path("Nothing").asBoolean(false)) {
            return what + ": nothing to remove" + (removal.hasNonNull("Note") ? " (" + removal.path("Note").asText() + ")"
                    : items.isEmpty() ? "" : ": " + String.join(", ", items));
        }
        return what + ": remove " + String.join(", ", items);
    }

    /** The items of one kind and their status ("Environment x REMOVING, next check in 600 s"). */
    private static String removalItems(JsonNode removal, String kind) {
        List<String> items = new ArrayList<>();
        removal.path("Items").forEach(i -> {
            if (i.path("Kind").asText().equals(kind)) {
                items.add(kind + " " + i.path("Name").asText() + " " + i.path("Status").asText()
                        + (i.hasNonNull("Reason") ? " (" + i.path("Reason").asText() + ")" : ""));
            }
        });
        String line = items.isEmpty() ? "no " + kind + " to remove" : String.join(", ", items);
        return removal.path("Waiting").asBoolean(false)
                ? line + ", next check in " + removal.path("NextCheckSeconds").asLong() + " s" : line;
    }

    private static String plan(JsonNode plan) {
        List<String> steps = new ArrayList<>();
        steps.add(plan.path("CreateNetworkStack").asBoolean() ? "new network stack" : "existing network");
        steps.add(plan.path("CreateExecutionRole").asBoolean() ? "new execution role" : "the request's execution role");
        steps.add(plan.path("UpdateKeyPolicy").asBoolean() ? "customer managed key" : "AWS owned key");
        return String.join(", ", steps);
    }

    private static String networkStack(JsonNode network) {
        String status = network.path("Status").asText("?");
        StringBuilder line = new StringBuilder("stack " + network.path("StackName").asText("?") + " " + status);
        if ("CREATE_COMPLETE".equals(status)) {
            line.append(": ").append(network.path("VpcId").asText("?")).append(", private subnets ")
                    .append(join(network.path("SubnetIds"))).append(", security group ")
                    .append(join(network.path("SecurityGroupIds")));
        } else if (network.hasNonNull("NextCheckSeconds")) {
            line.append(", next check in ").append(network.path("NextCheckSeconds").asLong()).append(" s");
        }
        return line.toString();
    }

    private static String keyPolicy(JsonNode key) {
        return "key " + key.path("KeyArn").asText("?") + ": statement '" + key.path("StatementSid").asText("?") + "' "
                + (key.path("Changed").asBoolean(false) ? "added" : "already there");
    }

    private static String environment(JsonNode environment) {
        String status = environment.path("Status").asText("?");
        StringBuilder line = new StringBuilder("environment " + environment.path("Name").asText("?") + " " + status);
        if ("AVAILABLE".equals(status) && environment.hasNonNull("WebserverUrl")) {
            line.append(": ").append(environment.path("WebserverUrl").asText());
        } else if (environment.hasNonNull("NextCheckSeconds")) {
            line.append(", next check in ").append(environment.path("NextCheckSeconds").asLong()).append(" s");
        }
        return line.toString();
    }

    /** " (created)" or " (found)": whether this execution created the resource or found it there. */
    private static String createdOrFoundSuffix(JsonNode resource) {
        return resource.path("CreatedByThisExecution").asBoolean(false) ? " (created)" : " (found)";
    }

    private static String createdOrFound(JsonNode resource) {
        return resource.path("CreatedByThisExecution").asBoolean(false) ? "created" : "updated";
    }

    private static String join(JsonNode list) {
        List<String> items = new ArrayList<>();
        list.forEach(item -> items.add(item.asText()));
        return items.isEmpty() ? "?" : String.join(" ", items);
    }

    /** {@code dev.x.RequestValidationException} → {@code RequestValidationException}. */
    public static String shortError(String error) {
        if (error == null) {
            return "error";
        }
        return error.matches("([a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*") ? error.substring(error.lastIndexOf('.') + 1) : error;
    }

    /** A Lambda error's cause is its error document; its message is what to show. */
    public static String errorMessage(String cause) {
        if (cause == null) {
            return "";
        }
        try {
            JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cause);
            if (document != null && document.hasNonNull("errorMessage")) {
                return document.get("errorMessage").asText();
            }
        } catch (java.io.IOException notJson) {
            // a plain-text cause is shown as it is
        }
        return cause;
    }
}
