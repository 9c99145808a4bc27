package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
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
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One local cloud for a fault matrix: the workflow harness, its clients, the config bucket and
 * the network stack's role, and {@link Cell}s — requests of their own (name, CIDRs, source bucket,
 * customer-managed key) whose runs are checked by execution, status file, outcome event and an
 * inventory of what the run could leak.
 */
final class FaultCells implements AutoCloseable {

    final WorkflowHarness harness;
    final S3Client s3;
    final KmsClient kms;
    final MwaaClient mwaa;
    private final String prefix;
    private final AtomicInteger cells = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private final long started = System.nanoTime();
    private final long cpuStarted = processCpuNanos();

    /** @param prefix the cells' names start with it, so each matrix's resources are told apart */
    FaultCells(String prefix) throws Exception {
        this.prefix = prefix;
        harness = new WorkflowHarness(1000);
        var cloud = harness.cloud.cloud;
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
        kms = TestClients.client(KmsClient.builder(), cloud);
        mwaa = TestClients.client(MwaaClient.builder(), cloud);
        s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        s3.putBucketVersioning(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        try (IamClient iam = TestClients.client(IamClient.builder(), cloud, Region.AWS_GLOBAL)) {
            iam.createRole(r -> r.roleName("mwaa-provisioner-NetworkStackRole").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                            + "\"cloudformation.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        }
    }

    FaultInjector faults() {
        return harness.cloud.cloud.faults();
    }

    /** How often the operation faults of the cell fired; the faults are cleared for the next cell. */
    int fired() {
        int fired = faults().operationFaults().stream().mapToInt(FaultInjector.OperationFault::triggered).sum();
        faults().clear();
        return fired;
    }

    /** How often the resource faults of the cell fired; the faults are cleared for the next cell. */
    int firedResources() {
        int fired = faults().resourceFaults().stream().mapToInt(FaultInjector.ResourceFault::triggered).sum();
        faults().clear();
        return fired;
    }

    Cell cell() throws Exception {
        return new Cell();
    }

    /** Prints how many cells ran in how much wall-clock and CPU time. */
    @Override
    public void close() {
        harness.close();
        System.out.printf("%s: %d cells in %.1f s, %.1f s of CPU%n", prefix, cells.get(),
                (System.nanoTime() - started) / 1e9, (processCpuNanos() - cpuStarted) / 1e9);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** One request of its own: name, CIDRs, source bucket and customer-managed key. */
    final class Cell {
        final int number = cells.incrementAndGet();
        final String name = prefix + "-" + number;
        final String file = "requests/" + name + ".yaml";
        final String key;
        final Map<String, Object> before;
        /** Lines added to the request, e.g. a DeletionPolicy or the changes of an update. */
        String extra = "";

        private Cell() throws Exception {
            String bucket = "airflow-" + name;
            s3.createBucket(r -> r.bucket(bucket));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c
                    .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
            key = kms.createKey(r -> r.description("key of " + name)).keyMetadata().arn();
            before = inventory();
        }

        String request() {
            int octet = 100 + number;
            return """
                    Name: %1$s
                    SourceBucketArn: arn:aws:s3:::airflow-%1$s
                    DagS3Path: dags
                    KmsKey: %3$s
                    Network:
                      VpcCIDR: 10.%2$d.0.0/16
                      PublicSubnet1CIDR: 10.%2$d.10.0/24
                      PublicSubnet2CIDR: 10.%2$d.11.0/24
                      PrivateSubnet1CIDR: 10.%2$d.20.0/24
                      PrivateSubnet2CIDR: 10.%2$d.21.0/24
                    """.formatted(name, octet, key) + extra;
        }

        Execution run() throws Exception {
            return run(() -> { });
        }

        /** Uploads the request, then injects the fault (so the upload itself is not hit), then runs. */
        Execution run(Runnable fault) throws Exception {
            String version = s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(file),
                    RequestBody.fromString(request(), StandardCharsets.UTF_8)).versionId();
            fault.run();
            ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "s3-object-created.json");
            ((ObjectNode) event.path("detail").path("object")).put("key", file).put("version-id", version);
            return harness.run(event);
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
        }

        void assertTheNextUploadRecovers() throws Exception {
            faults().clear();
            Execution again = run();
            assertThat(again.status()).as(name + " uploaded again: " + again.error() + " " + again.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(status().path("State").asText()).isEqualTo("SUCCEEDED");
        }

        /**
         * What a run could leak, from {@code GET /_local/inventory} and the key's policy: live
         * stacks, VPC resource counts, roles with their policies, environments, the statements of
         * this cell's key.
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
            inventory.path("iam").path("Roles").forEach(r -> roles.add(r.path("RoleName").asText() + " "
                    + r.path("InlinePolicies") + " " + r.path("AttachedPolicies")));
            out.put("roles", roles);
            out.put("environments", new TreeSet<>(mwaa.listEnvironments(r -> { }).environments()));
            out.put("key statements", WorkflowJson.MAPPER.readTree(kms.getKeyPolicy(r -> r.keyId(key).policyName("default"))
                    .policy()).path("Statement").findValuesAsText("Sid"));
            return out;
        }
    }
}
