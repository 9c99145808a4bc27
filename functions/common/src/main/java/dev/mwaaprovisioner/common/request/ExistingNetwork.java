package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Existing network resources, passed to MWAA as its {@code NetworkConfiguration}: two private
 * subnets in different Availability Zones and one to five security groups.
 */
public record ExistingNetwork(
        @JsonProperty("SubnetIds") List<String> subnetIds,
        @JsonProperty("SecurityGroupIds") List<String> securityGroupIds) implements Network {

    public ExistingNetwork {
        subnetIds = ModelCopies.list(subnetIds);
        securityGroupIds = ModelCopies.list(securityGroupIds);
    }
}
