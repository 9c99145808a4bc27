package dev.mwaaprovisioner.common.documents;

/**
 * The five IPv4 CIDR blocks of a network stack, named as the template's parameters and the
 * request's {@code Network} keys. Only their form is checked here (what CloudFormation's
 * AllowedPattern checks); overlap, containment and private ranges are the request validation's.
 */
public record NetworkCidrs(String vpcCidr, String publicSubnet1Cidr, String publicSubnet2Cidr,
                           String privateSubnet1Cidr, String privateSubnet2Cidr) {

    public NetworkCidrs {
        NetworkTemplate.requireCidr(NetworkTemplate.PARAM_VPC_CIDR, vpcCidr);
        NetworkTemplate.requireCidr(NetworkTemplate.PARAM_PUBLIC_SUBNET_1_CIDR, publicSubnet1Cidr);
        NetworkTemplate.requireCidr(NetworkTemplate.PARAM_PUBLIC_SUBNET_2_CIDR, publicSubnet2Cidr);
        NetworkTemplate.requireCidr(NetworkTemplate.PARAM_PRIVATE_SUBNET_1_CIDR, privateSubnet1Cidr);
        NetworkTemplate.requireCidr(NetworkTemplate.PARAM_PRIVATE_SUBNET_2_CIDR, privateSubnet2Cidr);
    }
}
