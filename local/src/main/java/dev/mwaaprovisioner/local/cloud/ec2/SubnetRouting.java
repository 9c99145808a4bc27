package dev.mwaaprovisioner.local.cloud.ec2;

/**
 * Where a subnet sends traffic: the route table in effect (its explicit association, or the VPC's
 * main table) and the target of its default route. A subnet is private when it has no default route
 * to an internet gateway — what MWAA requires of its two subnets.
 */
public record SubnetRouting(
        String subnetId,
        String vpcId,
        String availabilityZone,
        String availabilityZoneId,
        String routeTableId,
        boolean explicitAssociation,
        String defaultRouteTarget) {

    public boolean isPrivate() {
        return defaultRouteTarget == null || !defaultRouteTarget.startsWith("igw-");
    }

    public boolean routedToNatGateway() {
        return defaultRouteTarget != null && defaultRouteTarget.startsWith("nat-");
    }
}
