package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code $.ExecutionRole} of the state document: the role MWAA runs as. {@code Provided} is true
 * when the request brought {@code ExecutionRoleArn} (the workflow then neither creates nor edits
 * a role); {@code PolicyVariant} says which execution policy the workflow attached.
 */
public record ExecutionRoleState(
        @JsonProperty("RoleArn") String roleArn,
        @JsonProperty("RoleName") String roleName,
        @JsonProperty("PolicyName") String policyName,
        @JsonProperty("PolicyVariant") String policyVariant,
        @JsonProperty("Provided") Boolean provided,
        @JsonProperty("CreatedByThisExecution") Boolean createdByThisExecution) {

    public static final String AWS_OWNED_KEY = "AwsOwnedKey";
    public static final String CUSTOMER_MANAGED_KEY = "CustomerManagedKey";

    public static ExecutionRoleState provided(String roleArn) {
        return new ExecutionRoleState(roleArn, null, null, null, true, false);
    }
}
