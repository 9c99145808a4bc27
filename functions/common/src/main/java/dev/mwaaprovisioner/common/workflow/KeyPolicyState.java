package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code $.KeyPolicy} of the state document: the customer-managed key whose policy carries the
 * "Allow logs access" statement; {@code Changed} is false when the statement was already there.
 */
public record KeyPolicyState(
        @JsonProperty("KeyArn") String keyArn,
        @JsonProperty("StatementSid") String statementSid,
        @JsonProperty("Changed") Boolean changed) {
}
