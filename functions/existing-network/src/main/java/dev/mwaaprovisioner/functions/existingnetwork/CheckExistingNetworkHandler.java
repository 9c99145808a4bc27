package dev.mwaaprovisioner.functions.existingnetwork;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.request.ExistingNetwork;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.NetworkState;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.RequestValidationException;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * Step "CheckExistingNetwork": the subnets and security groups a request names must be usable by
 * MWAA before anything is created: both subnets exist, are private (no route to an internet
 * gateway) and lie in two different Availability Zones of one VPC; every security group exists
 * in that VPC. Every problem is reported at once, as a {@link RequestValidationException} naming
 * the request field, like any other validation failure.
 *
 * <p>Input {@code {"Request": <normalized request>}}; output the {@link NetworkState}
 * ({@code $.Network}) with mode {@code Existing}.
 */
public final class CheckExistingNetworkHandler extends WorkflowStep<CheckExistingNetworkHandler.Input, NetworkState> {

    public static final String FUNCTION = "CheckExistingNetworkFunction";

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Request") ProvisioningRequest request,
                        @JsonProperty("Source") RequestSource source) {
    }

    private final Ec2Client ec2;

    /** Lambda's entry: clients built once per container from the process environment. */
    public CheckExistingNetworkHandler() {
        this(FromProcessEnvironment.EC2);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public CheckExistingNetworkHandler(Map<String, String> environment) {
        this(ec2(new FunctionClients(FUNCTION, environment)));
    }

    public CheckExistingNetworkHandler(Ec2Client ec2) {
        super(FUNCTION, Input.class);
        this.ec2 = ec2;
    }

    private static Ec2Client ec2(FunctionClients clients) {
        return clients.create(Ec2Client.builder(), AwsService.EC2);
    }

    private static final class FromProcessEnvironment {
        static final Ec2Client EC2 = ec2(new FunctionClients(FUNCTION, System.getenv()));
    }

    /**
     * The priming: returns the handler's output on the sample event.
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(200, "priming/subnet-1.xml", "Content-Type", "text/xml"),
                SnapStartPriming.answer(200, "priming/subnet-2.xml", "Content-Type", "text/xml"),
                SnapStartPriming.answer(200, "priming/private-route-table.xml", "Content-Type", "text/xml"),
                SnapStartPriming.answer(200, "priming/private-route-table.xml", "Content-Type", "text/xml"),
                SnapStartPriming.answer(200, "priming/security-group.xml", "Content-Type", "text/xml")));
    }

    @Override
    public NetworkState handle(Input input) {
        ProvisioningRequest request = input.request();
        if (!(request.network() instanceof ExistingNetwork network)) {
            throw new IllegalArgumentException("Request " + request.name()
                    + " asks for a new network; the state machine routes it to CreateNetworkStack, not here.");
        }
        List<String> problems = new ArrayList<>();
        Map<String, Subnet> subnets = subnets(network.subnetIds(), problems);

        Set<String> vpcs = new LinkedHashSet<>();
        subnets.values().forEach(s -> vpcs.add(s.vpcId()));
        if (vpcs.size() > 1) {
            problems.add("Network.SubnetIds: the subnets are in different VPCs (" + String.join(", ", vpcs)
                    + "); name two subnets of one VPC.");
        }
        List<String> zones = subnets.values().stream().map(Subnet::availabilityZone).toList();
        if (subnets.size() == network.subnetIds().size() && new LinkedHashSet<>(zones).size() < zones.size()) {
            problems.add("Network.SubnetIds: both subnets are in " + zones.get(0)
                    + "; MWAA needs two subnets in different Availability Zones.");
        }
        for (int i = 0; i < network.subnetIds().size(); i++) {
            Subnet subnet = subnets.get(network.subnetIds().get(i));
            int index = i;
            if (subnet != null) {
                publicRoute(subnet).ifPresent(gateway -> problems.add("Network.SubnetIds[" + index + "]: "
                        + subnet.subnetId() + " is public (its route table sends traffic to the internet gateway "
                        + gateway + "); MWAA needs private subnets, routed through a NAT gateway or VPC endpoints."));
            }
        }
        String vpcId = vpcs.size() == 1 ? vpcs.iterator().next() : null;
        securityGroups(network.securityGroupIds(), vpcId, problems);

        if (!problems.isEmpty()) {
            // The header reads "Invalid request <source> for environment <Name>": the source is where it came from.
            String source = input.source() == null ? "file" : input.source().describe();
            throw new RequestValidationException(source, request.name(), problems);
        }
        return new NetworkState(NetworkState.MODE_EXISTING, null, null, NetworkState.READY, false, null, null,
                vpcId, network.subnetIds(), network.securityGroupIds(), zones);
    }

    /** The subnets that exist, by id; a problem for each that does not. */
    private Map<String, Subnet> subnets(List<String> ids, List<String> problems) {
        Map<String, Subnet> found = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Optional<Subnet> subnet = AwsCalls.call("DescribeSubnets " + id, () -> {
                try {
                    return ec2.describeSubnets(r -> r.subnetIds(id)).subnets().stream().findFirst();
                } catch (Ec2Exception e) {
                    if ("InvalidSubnetID.NotFound".equals(e.awsErrorDetails().errorCode())) {
                        return Optional.empty();
                    }
                    throw e;
                }
            });
            if (subnet.isPresent()) {
                found.put(id, subnet.get());
            } else {
                problems.add("Network.SubnetIds[" + i + "]: subnet " + id + " does not exist in this account and "
                        + "Region; name a private subnet of your VPC.");
            }
        }
        return found;
    }

    /** The internet gateway the subnet's route table routes to, if any. */
    private Optional<String> publicRoute(Subnet subnet) {
        List<RouteTable> tables = AwsCalls.call("DescribeRouteTables " + subnet.subnetId(), () -> ec2.describeRouteTables(r -> r
                .filters(filter("association.subnet-id", subnet.subnetId()))).routeTables());
        if (tables.isEmpty()) {
            // No explicit association: the subnet uses the VPC's main route table.
            tables = AwsCalls.call("DescribeRouteTables main of " + subnet.vpcId(), () -> ec2.describeRouteTables(r -> r
                    .filters(filter("vpc-id", subnet.vpcId()), filter("association.main", "true"))).routeTables());
        }
        return tables.stream()
                .flatMap(t -> t.routes().stream())
                .map(Route::gatewayId)
                .filter(g -> g != null && g.startsWith("igw-"))
                .findFirst();
    }

    private void securityGroups(List<String> ids, String vpcId, List<String> problems) {
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Optional<SecurityGroup> group = AwsCalls.call("DescribeSecurityGroups " + id, () -> {
                try {
                    return ec2.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().stream().findFirst();
                } catch (Ec2Exception e) {
                    if ("InvalidGroup.NotFound".equals(e.awsErrorDetails().errorCode())) {
                        return Optional.empty();
                    }
                    throw e;
                }
            });
            if (group.isEmpty()) {
                problems.add("Network.SecurityGroupIds[" + i + "]: security group " + id
                        + " does not exist in this account and Region.");
            } else if (vpcId != null && !vpcId.equals(group.get().vpcId())) {
                problems.add("Network.SecurityGroupIds[" + i + "]: " + id + " is in " + group.get().vpcId()
                        + ", not in the subnets' VPC " + vpcId + "; name a security group of " + vpcId + ".");
            }
        }
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
