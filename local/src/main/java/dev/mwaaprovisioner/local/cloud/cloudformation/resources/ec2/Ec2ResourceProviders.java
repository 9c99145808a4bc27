package dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProviderRegistry;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;

/** Registers the EC2 resource types of the network template. */
public final class Ec2ResourceProviders {

    private Ec2ResourceProviders() {}

    public static ResourceProviderRegistry registerAll(ResourceProviderRegistry registry, Ec2Regions regions) {
        return registry
                .register(new VpcProvider(regions))
                .register(new SubnetProvider(regions))
                .register(new InternetGatewayProvider(regions))
                .register(new VpcGatewayAttachmentProvider(regions))
                .register(new EipProvider(regions))
                .register(new NatGatewayProvider(regions))
                .register(new RouteTableProvider(regions))
                .register(new RouteProvider(regions))
                .register(new SubnetRouteTableAssociationProvider(regions))
                .register(new SecurityGroupProvider(regions))
                .register(SecurityGroupRuleProvider.ingress(regions))
                .register(SecurityGroupRuleProvider.egress(regions));
    }
}
