package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What an execution needs to know about itself: its ARN and name, its state machine, the role it
 * runs as and its input. They fill the Context Object ({@code $$.Execution.Id}, ...).
 */
public record ExecutionRequest(String executionArn, String name, String stateMachineArn, String stateMachineName,
        String roleArn, JsonNode input) {

    public ExecutionRequest {
        Objects.requireNonNull(executionArn, "executionArn");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        Objects.requireNonNull(stateMachineName, "stateMachineName");
        Objects.requireNonNull(input, "input");
    }

    /** The Region in the execution ARN ({@code arn:aws:states:REGION:...}), or us-east-1. */
    public String region() {
        String[] parts = executionArn.split(":");
        return parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "us-east-1";
    }
}
