package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import dev.mwaaprovisioner.local.cloud.RequestLog;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One local cloud with the provisioning workflow for a fault matrix, and its cells: each cell is a
 * request of its own (name, CIDRs or an existing network of its own, source bucket,
 * customer-managed key), run once with a fault, whose outcome the matrix reads back (execution,
 * status file, outcome event, the requests it made) and whose leftovers it compares with an
 * inventory taken before the run.
 */
final class FaultCells implements AutoCloseable {

    /**
     * How many cells of a matrix run at once, each on a local cloud of its own ({@link Shards}):
     * as many as JUnit runs tests at once (src/test/resources/junit-platform.properties, or
     * {@code -Djunit.jupiter.execution.parallel.config.fixed.parallelism=N} on the command line).
     */
    static final int SHARDS = parallelism();

    /** Where KeyPolicyLock keeps its lease objects in the config bucket. */
    static final String LOCK_PREFIX = "locks/key-policy/";

    final WorkflowHarness harness;
    final S3Client s3;
    final KmsClient kms;
    final MwaaClient mwaa;
    final Ec2Client ec2;
    private final String prefix;
    private final AtomicInteger cells = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final long started = System.nanoTime();
    private final long cpuStarted = processCpuNanos();
    /** The calls the local cloud answered with an error, for telling which function a fault hit. */
    private final List<RequestLog.Entry> errors = new CopyOnWriteArrayList<>();
    private final AutoCloseable errorWatch;

    /** @param prefix the cells' names start with it, so each matrix's resources are told apart */
    FaultCells(String prefix) throws Exception {
        this.prefix = prefix;
        harness = new WorkflowHarness(1000);
        var cloud = harness.cloud.cloud;
        errorWatch = cloud.requestLog().subscribe(e -> {
            if (e.errorCode() != null) {
                errors.add(e);
            }
        });
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
        kms = TestClients.client(KmsClient.builder(), cloud);
        mwaa = TestClients.client(MwaaClient.builder(), cloud);
        ec2 = TestClients.client(Ec2Client.builder(), cloud);
        s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        s3.putBucketVersioning(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        // The Region's EC2 exists from its first request on: made before any cell takes its inventory.
        ec2.describeVpcs();
        try (IamClient iam = TestClients.client(IamClient.builder(), cloud, Region.AWS_GLOBAL)) {
            iam.createRole(r -> r.roleName("mwaa-provisioner-NetworkStackRole").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                            + "\"cloudformation.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        }
    }

    FaultInjector faults() {
        return harness.cloud.cloud.faults();
    }

    /** A cell whose request asks for a new network (a network stack of its own). */
    Cell cell() throws Exception {
        return new Cell(false);
    }

    /** A cell whose request names subnets and a security group it made first, as a user would. */
    Cell existingNetworkCell() throws Exception {
        return new Cell(true);
    }

    /** How often the operation faults of the cell fired; the faults are cleared for the next cell. */
    int fired() {
        int fired = faults().operationFaults().stream().mapToInt(FaultInjector.OperationFault::triggered).sum();
        faults().clear();
        errors.clear();
        return fired;
    }

    /**
     * The functions whose calls the cell's operation faults answered, one per call (from the
     * User-Agent the functions send); the faults are cleared for the next cell.
     */
    List<String> firedAt() {
        List<String> callers = new ArrayList<>();
        for (FaultInjector.OperationFault fault : faults().operationFaults()) {
            errors.stream().filter(e -> fault.service().equalsIgnoreCase(e.service())
                            && fault.operation().equalsIgnoreCase(e.operation()) && fault.errorCode().equals(e.errorCode()))
                    .forEach(e -> callers.add(String.valueOf(e.caller())));
        }
        faults().clear();
        errors.clear();
        return callers;
    }

    /** How often the resource faults of the cell fired; the faults are cleared for the next cell. */
    int firedResources() {
        int fired = faults().resourceFaults().stream().mapToInt(FaultInjector.ResourceFault::triggered).sum();
        faults().clear();
        return fired;
    }

    /** The lease objects of KeyPolicyLock in the config bucket: none once every edit of a key policy ended. */
    List<String> lockObjects() {
        return s3.listObjectsV2(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).prefix(LOCK_PREFIX)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** Prints how many cells ran in how much wall-clock and CPU time. */
    @Override
    public void close() {
        try {
            errorWatch.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        harness.close();
        System.out.printf("%s: %d cells in %.1f s, %.1f s of CPU%n", prefix, cells.get(),
                (System.nanoTime() - started) / 1e9, (processCpuNanos() - cpuStarted) / 1e9);
    }

    /** JUnit's parallelism: a system property of that name, as JUnit reads it, or else the properties file. */
    private static int parallelism() {
        String key = "junit.jupiter.execution.parallel.config.fixed.parallelism";
        var properties = new java.util.Properties();
        try (var in = FaultCells.class.getResourceAsStream("/junit-platform.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Integer.parseInt(System.getProperty(key, properties.getProperty(key, "1")));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One request of its own, run with one fault. */
    final class Cell {
        final int number = cells.incrementAndGet();
        final String name = prefix + "-" + number;
        final String file = "requests/" + name + ".yaml";
        final String key;
        /** The user's network, for an existing-network cell: VPC, two subnets, a security group. */
        final String vpc;
        final List<String> subnets;
        final String securityGroup;
        final Map<String, Object> before;
        /** Every AWS request made while the cell's last execution ran. */
        final List<RequestLog.Entry> calls = new CopyOnWriteArrayList<>();
        /** Lines added to the request, e.g. a DeletionPolicy or the changes of an update. */
        String extra = "";
        /** The request's source bucket (an update may move it to another). */
        String sourceBucket;

        private Cell(boolean existingNetwork) throws Exception {
            sourceBucket = sourceBucket("airflow-" + name);
            key = kms.createKey(r -> r.description("key of " + name)).keyMetadata().arn();
            if (existingNetwork) {
                String prefix = "10." + (100 + number);
                vpc = ec2.createVpc(r -> r.cidrBlock(prefix + ".0.0/16")).vpc().vpcId();
                subnets = List.of(
                        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(prefix + ".1.0/24").availabilityZone("us-east-1a"))
                                .subnet().subnetId(),
                        ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock(prefix + ".2.0/24").availabilityZone("us-east-1b"))
                                .subnet().subnetId());
                securityGroup = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("mwaa-" + name)
                        .description("MWAA of " + name)).groupId();
                ec2.authorizeSecurityGroupIngress(r -> r.groupId(securityGroup).ipPermissions(p -> p.ipProtocol("-1")
                        .userIdGroupPairs(g -> g.groupId(securityGroup))));
            } else {
                vpc = null;
                subnets = null;
                securityGroup = null;
            }
            before = inventory();
        }

        /** A versioned source bucket that blocks public access, as MWAA requires. */
        String sourceBucket(String bucket) {
            s3.createBucket(r -> r.bucket(bucket));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
            return bucket;
        }

        String request() {
            String common = """
                    Name: %s
                    SourceBucketArn: arn:aws:s3:::%s
                    DagS3Path: dags
                    KmsKey: %s
                    """.formatted(name, sourceBucket, key);
            if (vpc != null) {
                return common + """
                        Network:
                          SubnetIds: [%s, %s]
                          SecurityGroupIds: [%s]
                        """.formatted(subnets.get(0), subnets.get(1), securityGroup) + extra;
            }
            return common + """
                    Network:
                      VpcCIDR: 10.%1$d.0.0/16
                      PublicSubnet1CIDR: 10.%1$d.10.0/24
                      PublicSubnet2CIDR: 10.%1$d.11.0/24
                      PrivateSubnet1CIDR: 10.%1$d.20.0/24
                      PrivateSubnet2CIDR: 10.%1$d.21.0/24
                    """.formatted(100 + number) + extra;
        }

        Execution run() throws Exception {
            return run(() -> { });
        }

        /** Uploads the request, then injects the fault (so the upload itself is not hit), then runs. */
        Execution run(Runnable fault) throws Exception {
            return runAfter(null, null, null, 0, fault);
        }

        /**
         * As {@link #run(Runnable)}, but injects the fault only once {@code caller} has made
         * {@code pass} successful calls of the operation: so a fault can hit, e.g., ReportFunction's
         * second PutObject (the status document) and not its first (the claim). The request log
         * calls its subscribers before the answer is sent, so the fault is set before the caller's
         * next request.
         */
        Execution runAfter(String caller, String service, String operation, int pass, Runnable fault) throws Exception {
            String version = s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(file),
                    RequestBody.fromString(request(), StandardCharsets.UTF_8)).versionId();
            calls.clear();
            AtomicInteger passed = new AtomicInteger();
            if (pass == 0) {
                fault.run();
            }
            try (AutoCloseable log = harness.cloud.cloud.requestLog().subscribe(entry -> {
                calls.add(entry);
                if (pass > 0 && entry.succeeded() && caller.equals(entry.caller()) && service.equals(entry.service())
                        && operation.equals(entry.operation()) && passed.incrementAndGet() == pass) {
                    fault.run();
                }
            })) {
                ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "s3-object-created.json");
                ((ObjectNode) event.path("detail").path("object")).put("key", file).put("version-id", version);
                return harness.run(event);
            }
        }

        /** Whether a lock object is one of this cell's key. */
        boolean locks(String lockObject) {
            return lockObject.startsWith(LOCK_PREFIX + key.substring(key.lastIndexOf('/') + 1) + ".");
        }

        /** The requests of the run that a fault answered with {@code errorCode}, in order. */
        List<RequestLog.Entry> failed(String caller, String service, String operation, String errorCode) {
            return calls.stream().filter(e -> caller.equals(e.caller()) && service.equals(e.service())
                    && operation.equals(e.operation()) && errorCode.equals(e.errorCode())).toList();
        }

        JsonNode status() throws Exception {
            return WorkflowJson.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET)
                    .key("status/" + name + ".json")).asByteArray());
        }

        /** The detail of the last outcome event of this cell's environment. */
        JsonNode event(String detailType) {
            List<CloudEvent> events = events(detailType);
            assertThat(events).as(detailType + " of " + name).isNotEmpty();
            return events.get(events.size() - 1).detail();
        }

        /** The outcome events of one type of this cell's environment so far. */
        List<CloudEvent> events(String detailType) {
            return harness.cloud.cloud.eventBus().events().stream()
                    .filter(e -> e.source().equals("mwaa-provisioner") && e.detailType().equals(detailType)
                            && e.detail().path("Name").asText().equals(name))
                    .toList();
        }

        List<String> itemStatuses(JsonNode status) {
            List<String> out = new ArrayList<>();
            status.path("Removal").path("Items").forEach(i -> out.add(i.path("Kind").asText() + " " + i.path("Status").asText()));
            return out;
        }

        void assertNothingLeaked(JsonNode status) throws Exception {
            assertThat(itemStatuses(status)).as(name + ": the rollback finished every item")
                    .allMatch(s -> s.endsWith(" REMOVED") || s.endsWith(" ABSENT"));
            assertThat(status.has("RemovalError")).as(name + " rollback error").isFalse();
            assertThat(inventory()).as(name + ": the local cloud holds what it held before the run").isEqualTo(before);
            if (vpc != null) {
                // Spelled out, though the inventory covers it: the user's network is never the provisioner's to remove.
                assertThat(ec2.describeVpcs(r -> r.vpcIds(vpc)).vpcs()).hasSize(1);
                assertThat(ec2.describeSubnets(r -> r.subnetIds(subnets)).subnets()).hasSize(2);
                assertThat(ec2.describeSecurityGroups(r -> r.groupIds(securityGroup)).securityGroups()).hasSize(1);
            }
        }

        void assertTheNextUploadRecovers() throws Exception {
            assertTheNextUploadEnds("SUCCEEDED");
        }

        /** Uploads the request again, with no fault: the execution succeeds, and the status file says {@code state}. */
        void assertTheNextUploadEnds(String state) throws Exception {
            faults().clear();
            Execution again = run();
            assertThat(again.status()).as(name + " uploaded again: " + again.error() + " " + again.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(status().path("State").asText()).isEqualTo(state);
        }

        /**
         * What the run could leak, from {@code GET /_local/inventory}, the key's policy and the
         * config bucket: live stacks, VPC resources, roles with their policies, environments, the
         * statements of this cell's key, key-policy lock objects.
         */
        Map<String, Object> inventory() throws Exception {
            JsonNode inventory = WorkflowJson.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                    harness.cloud.cloud.endpoint().resolve("/_local/inventory")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            Map<String, Object> out = new TreeMap<>();
            TreeSet<String> stacks = new TreeSet<>();
            inventory.path("cloudformation").path("stacks").forEach(s -> {
                if (!s.path("status").asText().equals("DELETE_COMPLETE")) {
                    stacks.add(s.path("stackName").asText() + " " + s.path("status").asText());
                }
            });
            out.put("stacks", stacks);
            out.put("ec2", inventory.path("ec2").toString());
            TreeSet<String> roles = new TreeSet<>();
            inventory.path("iam").path("Roles").forEach(r -> {
                // MWAA makes its service-linked role with the account's first environment, for good.
                if (!r.path("RoleName").asText().equals("AWSServiceRoleForAmazonMWAA")) {
                    roles.add(r.path("RoleName").asText() + " " + r.path("InlinePolicies") + " " + r.path("AttachedPolicies"));
                }
            });
            out.put("roles", roles);
            out.put("environments", new TreeSet<>(mwaa.listEnvironments(r -> { }).environments()));
            out.put("key statements", WorkflowJson.MAPPER.readTree(kms.getKeyPolicy(r -> r.keyId(key).policyName("default"))
                    .policy()).path("Statement").findValuesAsText("Sid"));
            out.put("key-policy locks", lockObjects().stream().filter(this::locks).toList());
            return out;
        }
    }
}
