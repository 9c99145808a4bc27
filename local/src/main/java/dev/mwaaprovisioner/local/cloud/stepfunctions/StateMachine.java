package dev.mwaaprovisioner.local.cloud.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.asl.StateMachineDefinition;
import java.time.Instant;

/**
 * A state machine as Step Functions describes it. Immutable: an update replaces it, so running
 * executions keep the definition they started with.
 */
public record StateMachine(
        String arn,
        String name,
        String definitionText,
        StateMachineDefinition definition,
        String roleArn,
        String type,
        Instant creationDate,
        Instant updateDate,
        JsonNode loggingConfiguration,
        JsonNode tracingConfiguration) {
}
