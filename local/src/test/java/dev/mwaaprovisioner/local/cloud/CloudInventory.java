package dev.mwaaprovisioner.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What exists in a local account, read back through the AWS SDK as an auditor would: stacks,
 * VPC resources, roles with their inline and attached policies, key-policy statements,
 * environments and objects. Two snapshots compare equal when nothing was created, changed in
 * kind or left behind between them, and {@link #difference} names what was.
 */
public final class CloudInventory implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudFormationClient cfn;
    private final Ec2Client ec2;
    private final IamClient iam;
    private final KmsClient kms;
    private final MwaaClient mwaa;
    private final S3Client s3;

    public CloudInventory(LocalCloud cloud) {
        cfn = TestClients.client(CloudFormationClient.builder(), cloud);
        ec2 = TestClients.client(Ec2Client.builder(), cloud);
        iam = TestClients.client(IamClient.builder(), cloud);
        kms = TestClients.client(KmsClient.builder(), cloud);
        mwaa = TestClients.client(MwaaClient.builder(), cloud);
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
    }

    /** Every resource, by kind; objects whose key {@code ignoredObjects} accepts are left out (e.g. status files). */
    public SortedMap<String, Set<String>> snapshot(Predicate<String> ignoredObjects) {
        SortedMap<String, Set<String>> all = new TreeMap<>();
        all.put("cloudformation stacks", names(cfn.listStacks().stackSummaries().stream()
                .filter(s -> !s.stackStatusAsString().equals("DELETE_COMPLETE"))
                .map(s -> s.stackName() + " " + s.stackStatusAsString())));
        all.put("ec2 vpcs", names(ec2.describeVpcs().vpcs().stream().map(v -> v.vpcId() + " " + v.cidrBlock())));
        all.put("ec2 subnets", names(ec2.describeSubnets().subnets().stream().map(s -> s.subnetId() + " " + s.cidrBlock())));
        all.put("ec2 security groups", names(ec2.describeSecurityGroups().securityGroups().stream()
                .map(g -> g.groupId() + " " + g.groupName())));
        all.put("ec2 nat gateways", names(ec2.describeNatGateways().natGateways().stream()
                .filter(n -> !n.stateAsString().equals("deleted")).map(n -> n.natGatewayId())));
        all.put("ec2 elastic ips", names(ec2.describeAddresses().addresses().stream().map(a -> a.allocationId())));
        all.put("ec2 internet gateways", names(ec2.describeInternetGateways().internetGateways().stream()
                .map(g -> g.internetGatewayId())));
        all.put("ec2 route tables", names(ec2.describeRouteTables().routeTables().stream().map(t -> t.routeTableId())));
        Set<String> roles = new TreeSet<>();
        Set<String> policies = new TreeSet<>();
        for (Role role : iam.listRoles().roles()) {
            roles.add(role.roleName());
            iam.listRolePolicies(r -> r.roleName(role.roleName())).policyNames()
                    .forEach(p -> policies.add(role.roleName() + " inline " + p));
            for (AttachedPolicy attached : iam.listAttachedRolePolicies(r -> r.roleName(role.roleName()))
                    .attachedPolicies()) {
                policies.add(role.roleName() + " attached " + attached.policyArn());
            }
        }
        all.put("iam roles", roles);
        all.put("iam role policies", policies);
        Set<String> statements = new TreeSet<>();
        for (KeyListEntry key : kms.listKeys().keys()) {
            JsonNode policy = read(kms.getKeyPolicy(r -> r.keyId(key.keyId()).policyName("default")).policy());
            policy.path("Statement").forEach(s -> statements.add(key.keyId() + " " + s.path("Sid").asText("(no Sid)")));
        }
        all.put("kms key-policy statements", statements);
        all.put("mwaa environments", new TreeSet<>(mwaa.listEnvironments(r -> { }).environments()));
        Set<String> objects = new TreeSet<>();
        s3.listBuckets().buckets().forEach(bucket -> {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket.name())).contents()) {
                if (!ignoredObjects.test(object.key())) {
                    objects.add(bucket.name() + "/" + object.key());
                }
            }
        });
        all.put("s3 objects", objects);
        return all;
    }

    /** What {@code after} has that {@code before} has not, and the reverse, by kind; empty when equal. */
    public static SortedMap<String, String> difference(Map<String, Set<String>> before, Map<String, Set<String>> after) {
        SortedMap<String, String> changes = new TreeMap<>();
        Set<String> kinds = new TreeSet<>(before.keySet());
        kinds.addAll(after.keySet());
        for (String kind : kinds) {
            Set<String> added = new TreeSet<>(after.getOrDefault(kind, Set.of()));
            added.removeAll(before.getOrDefault(kind, Set.of()));
            Set<String> removed = new TreeSet<>(before.getOrDefault(kind, Set.of()));
            removed.removeAll(after.getOrDefault(kind, Set.of()));
            if (!added.isEmpty() || !removed.isEmpty()) {
                changes.put(kind, "added " + added + ", removed " + removed);
            }
        }
        return changes;
    }

    private static Set<String> names(java.util.stream.Stream<String> names) {
        return names.collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        cfn.close();
        ec2.close();
        iam.close();
        kms.close();
        mwaa.close();
        s3.close();
    }
}
