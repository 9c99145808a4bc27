package dev.mwaaprovisioner.local.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.documents.BucketArn;
import dev.mwaaprovisioner.common.documents.EnvironmentScope;
import dev.mwaaprovisioner.common.documents.ExecutionRolePolicy;
import dev.mwaaprovisioner.common.documents.ExecutionRoleTrustPolicy;
import dev.mwaaprovisioner.common.documents.KmsKeyArn;
import dev.mwaaprovisioner.common.request.ExistingNetwork;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.ec2.AvailabilityZone;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Exception;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Store;
import dev.mwaaprovisioner.local.cloud.ec2.IpPermission;
import dev.mwaaprovisioner.local.cloud.ec2.RouteTable;
import dev.mwaaprovisioner.local.cloud.ec2.Subnet;
import dev.mwaaprovisioner.local.cloud.iam.IamStore;
import dev.mwaaprovisioner.local.cloud.kms.KmsStore;
import dev.mwaaprovisioner.local.cloud.s3.S3Bucket;
import dev.mwaaprovisioner.local.cloud.s3.S3Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a request names that must exist before it is provisioned — the source bucket, existing
 * subnets and security groups, a customer-managed key, an execution role — created in the embedded
 * cloud (which starts empty) under the very names and IDs the request gives, each announced in
 * one line. Only what is missing and in the embedded account and Region is created; anything else
 * is left for the workflow to refuse, as it would on AWS.
 */
public final class ReferencedResources {

    static final Map<String, String> SEEDED_TAGS = Map.of("created-by", "mwaa-local");
    private static final String ON_AWS = "the embedded cloud starts empty. On AWS, ";
    private static final Pattern ROLE_ARN = Pattern.compile("arn:[^:]+:iam::([0-9]{12}):role(/(?:[^/]+/)*)([^/]+)");
    /** Where the seeded VPC sits: outside the CIDRs of the examples that create a network. */
    static final String VPC_CIDR = "10.60.0.0/16";

    private final LocalCloud cloud;
    private final PrintWriter out;

    public ReferencedResources(LocalCloud cloud, PrintWriter out) {
        this.cloud = cloud;
        this.out = out;
    }

    /** Creates every missing resource the request refers to, and says so for each. */
    public void createMissing(ProvisioningRequest request) {
        createSourceBucket(request);
        if (request.network() instanceof ExistingNetwork network) {
            createNetwork(network);
        }
        if (request.kmsKey() != null) {
            createKey(request.kmsKey());
        }
        if (request.executionRoleArn() != null) {
            createRole(request.executionRoleArn(), request);
        }
        out.flush();
    }

    /**
     * For a step's input (a sample event): what its {@code Request} refers to, and the role,
     * subnets and security groups it names at its top level ({@code ExecutionRoleArn},
     * {@code SubnetIds}, {@code SecurityGroupIds}), as the steps after validation receive them.
     */
    public void createMissingFor(JsonNode stepInput) {
        ProvisioningRequest request;
        try {
            request = stepInput.hasNonNull("Request")
                    ? WorkflowJson.MAPPER.treeToValue(stepInput.get("Request"), ProvisioningRequest.class) : null;
        } catch (JsonProcessingException | IllegalArgumentException notARequest) {
            request = null;
        }
        if (request == null || request.name() == null || request.sourceBucketArn() == null) {
            return;
        }
        createMissing(request);
        if (stepInput.path("SubnetIds").isArray()) {
            createNetwork(new ExistingNetwork(texts(stepInput.get("SubnetIds")), texts(stepInput.path("SecurityGroupIds"))));
        }
        if (stepInput.path("ExecutionRoleArn").isTextual()) {
            createRole(stepInput.get("ExecutionRoleArn").asText(), request);
        }
        out.flush();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private void createSourceBucket(ProvisioningRequest request) {
        String bucket = BucketArn.parse(request.sourceBucketArn()).bucketName();
        S3Store s3 = cloud.service(S3Store.class);
        if (s3.findBucket(bucket).isPresent()) {
            return;
        }
        s3.createBucket(bucket, cloud.defaultRegion());
        s3.setVersioning(bucket, "Enabled");
        s3.putPublicAccessBlock(bucket, new S3Bucket.PublicAccessBlock(true, true, true, true));
        out.printf("Created the source bucket s3://%s (versioned, public access blocked): %screate it before you "
                + "provision.%n", bucket, ON_AWS);
    }

    /**
     * Missing subnets: a VPC with a public subnet, an internet gateway and a NAT gateway, and the
     * request's two subnets, private (routed through the NAT gateway) in two Availability Zones.
     * Missing security groups: in the subnets' VPC, allowing all traffic from themselves.
     */
    private void createNetwork(ExistingNetwork network) {
        Ec2Store ec2 = cloud.service(Ec2Regions.class).region(cloud.defaultRegion());
        List<String> missingSubnets = network.subnetIds().stream().filter(id -> find(ec2::subnet, id).isEmpty()).toList();
        String vpcId;
        if (missingSubnets.size() == network.subnetIds().size() && missingSubnets.size() == 2) {
            vpcId = createPrivateSubnets(ec2, missingSubnets);
        } else if (missingSubnets.isEmpty() && !network.subnetIds().isEmpty()) {
            vpcId = ec2.subnet(network.subnetIds().get(0)).vpcId();
        } else {
            return;
        }
        for (String groupId : network.securityGroupIds()) {
            if (find(ec2::securityGroup, groupId).isEmpty() && createSecurityGroup(ec2, groupId, vpcId)) {
                out.printf("Created the security group %s in %s (all traffic from itself, all outbound): %sit must "
                        + "exist before you provision.%n", groupId, vpcId, ON_AWS);
            }
        }
    }

    private String createPrivateSubnets(Ec2Store ec2, List<String> subnetIds) {
        List<AvailabilityZone> zones = ec2.availabilityZones();
        String vpcId = ec2.createVpc(VPC_CIDR, null, Map.of("Name", "mwaa-local-existing-network")).vpcId();
        String igw = ec2.createInternetGateway(SEEDED_TAGS).internetGatewayId();
        ec2.attachInternetGateway(igw, vpcId);
        Subnet publicSubnet = ec2.createSubnet(vpcId, "10.60.0.0/24", zones.get(0).zoneName(), null, SEEDED_TAGS);
        RouteTable publicRoutes = ec2.createRouteTable(vpcId, SEEDED_TAGS);
        ec2.createRoute(publicRoutes.routeTableId(), "0.0.0.0/0", igw, null);
        ec2.associateRouteTable(publicRoutes.routeTableId(), publicSubnet.subnetId());
        String allocation = ec2.allocateAddress("vpc", SEEDED_TAGS).allocationId();
        String nat = ec2.createNatGateway(publicSubnet.subnetId(), allocation, null, SEEDED_TAGS).natGatewayId();
        RouteTable privateRoutes = ec2.createRouteTable(vpcId, SEEDED_TAGS);
        ec2.createRoute(privateRoutes.routeTableId(), "0.0.0.0/0", null, nat);
        List<String> described = new ArrayList<>();
        for (int i = 0; i < subnetIds.size(); i++) {
            String zone = zones.get(i % zones.size()).zoneName();
            ec2.createSubnet(subnetIds.get(i), vpcId, "10.60." + (10 + i) + ".0/24", zone, null, SEEDED_TAGS);
            ec2.associateRouteTable(privateRoutes.routeTableId(), subnetIds.get(i));
            described.add(subnetIds.get(i) + " (" + zone + ")");
        }
        out.printf("Created the subnets %s, private in %s (%s) with a NAT gateway: %sname private subnets of "
                + "your VPC in two Availability Zones.%n", String.join(" and ", described), vpcId, VPC_CIDR, ON_AWS);
        return vpcId;
    }

    private boolean createSecurityGroup(Ec2Store ec2, String groupId, String vpcId) {
        try {
            ec2.createSecurityGroup(groupId, "mwaa-" + groupId, "MWAA environment: all traffic between its members",
                    vpcId, SEEDED_TAGS);
        } catch (Ec2Exception notAnId) {
            return false;
        }
        ec2.authorize(groupId, false, List.of(IpPermission.allTrafficFromGroup(groupId)));
        return true;
    }

    private void createKey(String key) {
        KmsStore kms = cloud.service(KmsStore.class);
        String keyId = key;
        if (key.startsWith("arn:")) {
            KmsKeyArn arn = KmsKeyArn.parse(key);
            if (!arn.region().equals(cloud.defaultRegion()) || !arn.accountId().equals(cloud.accountId())) {
                return;
            }
            keyId = arn.keyId();
        }
        if (kms.findKey(cloud.defaultRegion(), keyId).isPresent()) {
            return;
        }
        try {
            String arn = kms.createKeyWithId(keyId, cloud.defaultRegion(), "MWAA environment key", SEEDED_TAGS).arn();
            out.printf("Created the KMS key %s (symmetric, default key policy): %sit must exist before you "
                    + "provision.%n", arn, ON_AWS);
        } catch (RuntimeException notAKeyId) {
            // Left for the workflow to refuse with its own message.
        }
    }

    private void createRole(String roleArn, ProvisioningRequest request) {
        Matcher arn = ROLE_ARN.matcher(roleArn);
        if (!arn.matches() || !arn.group(1).equals(cloud.accountId())) {
            return;
        }
        IamStore iam = cloud.service(IamStore.class);
        String name = arn.group(3);
        if (iam.findRole(name).isPresent()) {
            return;
        }
        EnvironmentScope scope = EnvironmentScope.of(cloud.defaultRegion(), cloud.accountId(), request.name());
        String bucket = BucketArn.parse(request.sourceBucketArn()).bucketName();
        String policy = (request.kmsKey() != null && request.kmsKey().startsWith("arn:")
                ? ExecutionRolePolicy.forCustomerManagedKey(scope, bucket, KmsKeyArn.parse(request.kmsKey()))
                : ExecutionRolePolicy.forAwsOwnedKey(scope, bucket)).toString();
        try {
            iam.createRole(scope.partition().id(), name, arn.group(2),
                    ExecutionRoleTrustPolicy.forEnvironment(scope).toString(), "MWAA execution role", null, SEEDED_TAGS);
        } catch (RuntimeException refused) {
            return;
        }
        iam.putRolePolicy(name, "mwaa-execution", policy);
        out.printf("Created the execution role %s (trusts MWAA, the execution policy for %s): %sit must exist "
                + "before you provision.%n", roleArn, request.name(), ON_AWS);
    }

    private static <T> Optional<T> find(java.util.function.Function<String, T> lookup, String id) {
        try {
            return Optional.of(lookup.apply(id));
        } catch (Ec2Exception notFound) {
            return Optional.empty();
        }
    }
}
