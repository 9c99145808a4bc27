package dev.mwaaprovisioner.common.request;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A network stack to create: a VPC with two public and two private subnets in two Availability
 * Zones. The names are the parameters of the network template.
 */
public record NewNetwork(
        @JsonProperty("VpcCIDR") String vpcCidr,
        @JsonProperty("PublicSubnet1CIDR") String publicSubnet1Cidr,
        @JsonProperty("PublicSubnet2CIDR") String publicSubnet2Cidr,
        @JsonProperty("PrivateSubnet1CIDR") String privateSubnet1Cidr,
        @JsonProperty("PrivateSubnet2CIDR") String privateSubnet2Cidr) implements Network {
}
