package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code $.Network} of the state document: the network the environment goes into, either the
 * stack the workflow creates ({@link #MODE_CREATE_STACK}) or the subnets and security groups the
 * request names ({@link #MODE_EXISTING}). The state machine waits while {@code Status} is not
 * {@code CREATE_COMPLETE}, for {@code NextCheckSeconds}.
 */
public record NetworkState(
        @Required @JsonProperty("Mode") String mode,
        @JsonProperty("StackName") String stackName,
        @JsonProperty("StackId") String stackId,
        @JsonProperty("Status") String status,
        @JsonProperty("CreatedByThisExecution") Boolean createdByThisExecution,
        @JsonProperty("StartedAt") String startedAt,
        @JsonProperty("NextCheckSeconds") Long nextCheckSeconds,
        @JsonProperty("VpcId") String vpcId,
        @JsonProperty("SubnetIds") List<String> subnetIds,
        @JsonProperty("SecurityGroupIds") List<String> securityGroupIds,
        @JsonProperty("AvailabilityZones") List<String> availabilityZones) {

    public static final String MODE_CREATE_STACK = "CreateStack";
    public static final String MODE_EXISTING = "Existing";
    /** The status the state machine moves on at; an existing network reports it too. */
    public static final String READY = "CREATE_COMPLETE";
}
