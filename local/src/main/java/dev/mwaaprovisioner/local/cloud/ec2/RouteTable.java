package dev.mwaaprovisioner.local.cloud.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A route table: its routes (the VPC's local route first) and its subnet (or main) associations. */
public record RouteTable(
        String routeTableId,
        String vpcId,
        List<Route> routes,
        List<Association> associations,
        String ownerId,
        Map<String, String> tags) {

    /** One route. {@code state} is {@code blackhole} once its target is gone, as in EC2. */
    public record Route(String destinationCidrBlock, String gatewayId, String natGatewayId, String origin, String state) {

        public String target() {
            return gatewayId != null ? gatewayId : natGatewayId;
        }

        Route withState(String newState) {
            return new Route(destinationCidrBlock, gatewayId, natGatewayId, origin, newState);
        }
    }

    /** The main association (no subnet) or an explicit subnet association. */
    public record Association(String associationId, String routeTableId, String subnetId, boolean main) {}

    public RouteTable {
        routes = List.copyOf(routes);
        associations = List.copyOf(associations);
        tags = Tags.copyOf(tags);
    }

    public boolean main() {
        return associations.stream().anyMatch(Association::main);
    }

    public Optional<Route> route(String destinationCidrBlock) {
        return routes.stream().filter(r -> destinationCidrBlock.equals(r.destinationCidrBlock())).findFirst();
    }

    RouteTable withRoutes(List<Route> newRoutes) {
        return new RouteTable(routeTableId, vpcId, newRoutes, associations, ownerId, tags);
    }

    RouteTable withRoute(Route route) {
        List<Route> newRoutes = new ArrayList<>(routes);
        newRoutes.add(route);
        return withRoutes(newRoutes);
    }

    RouteTable withAssociations(List<Association> newAssociations) {
        return new RouteTable(routeTableId, vpcId, routes, newAssociations, ownerId, tags);
    }

    RouteTable withTags(Map<String, String> newTags) {
        return new RouteTable(routeTableId, vpcId, routes, associations, ownerId, newTags);
    }
}
