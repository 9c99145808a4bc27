package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.common.documents.KeyPolicyLogsAccess;
import dev.mwaaprovisioner.common.documents.Partition;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EventBridgeConfiguration;

/**
 * Removal through the state machine on the local ASL interpreter, with the real handlers: a
 * request file deleted (the real {@code Object Deleted} event of the local S3) or a
 * {@code Deprovision Environment} event. With {@code DeletionPolicy: Delete} everything the
 * provisioner created goes and what the request brought stays; with the default Retain nothing
 * goes. Afterwards, least privilege of the removal functions is measured over every call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemovalWorkflowTest {

    private static final String ROOT_SID = "Enable IAM User Permissions";

    private WorkflowHarness harness;
    private final LeastPrivilege policies = new LeastPrivilege(WorkflowCloud.CONFIG_BUCKET);
    private S3Client s3;
    private KmsClient kms;
    private IamClient iam;
    private Ec2Client ec2;
    private CloudFormationClient cloudFormation;
    private MwaaClient mwaa;

    @BeforeAll
    void start() throws Exception {
        harness = new WorkflowHarness(1000);
        var cloud = harness.cloud.cloud;
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
        kms = TestClients.client(KmsClient.builder(), cloud);
        iam = TestClients.client(IamClient.builder(), cloud, Region.AWS_GLOBAL);
        ec2 = TestClients.client(Ec2Client.builder(), cloud);
        cloudFormation = TestClients.client(CloudFormationClient.builder(), cloud);
        mwaa = TestClients.client(MwaaClient.builder(), cloud);
        s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        s3.putBucketVersioning(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        s3.putBucketNotificationConfiguration(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET)
                .notificationConfiguration(n -> n.eventBridgeConfiguration(EventBridgeConfiguration.builder().build())));
        iam.createRole(r -> r.roleName("mwaa-provisioner-NetworkStackRole").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"cloudformation.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
    }

    @AfterAll
    void leastPrivilegeOfTheRemovalFunctions() {
        policies.observe(harness.cloud.cloud.requestLog().entries());
        harness.close();
        assertThat(policies.denied()).as("calls the functions' policies do not allow").isEmpty();
        assertThat(policies.unused(RemovalFunctions.ALL)).as("removal policy actions no call needed").isEmpty();
        assertThat(policies.unused(List.of("ReportFunction", "ValidateRequestFunction")))
                .as("actions only removals need").doesNotContainAnyElementsOf(RemovalFunctions.USED_AFTER_REMOVAL);
    }

    @Test
    void deletingTheFileOfADeleteRequestRemovesWhatTheProvisionerCreatedInReverseOrder() throws Exception {
        String key = kms.createKey().keyMetadata().arn();
        // Two environments share the key: its statement stays until the last one goes.
        String first = "requests/team-a/warehouse.yaml";
        provision(first, request("removed-first", "10.101", "DeletionPolicy: Delete\nKmsKey: " + key + "\n"));
        provision("requests/removed-second.yaml", request("removed-second", "10.102",
                "DeletionPolicy: Delete\nKmsKey: " + key + "\n"));
        assertThat(sids(key)).contains("Allow logs access", ROOT_SID);

        Execution removal = harness.run(deleted(first));
        assertThat(removal.status()).as(removal.error() + " " + removal.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertGone("removed-first", true, true);
        assertThat(sids(key)).as("another environment still uses the key").contains("Allow logs access", ROOT_SID);
        JsonNode status = status("removed-first");
        assertThat(status.path("State").asText()).isEqualTo("DEPROVISIONED");
        assertThat(status.path("Source").path("Uri").asText()).endsWith(first);
        assertThat(itemStatuses(status)).containsExactly("Environment REMOVED", "KeyPolicyStatement KEPT",
                "ExecutionRole REMOVED", "NetworkStack REMOVED");
        assertThat(lastEvent("Environment Deprovisioned").path("Name").asText()).isEqualTo("removed-first");
        assertThat(removedInOrder(removal)).containsExactly("RemoveEnvironment", "RemoveKeyPolicyStatement",
                "RemoveExecutionRole", "RemoveNetworkStack");

        Execution second = harness.run(deleted("requests/removed-second.yaml"));
        assertThat(second.status()).as(second.error() + " " + second.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertGone("removed-second", true, true);
        assertThat(sids(key)).as("the last user is gone: the statement goes, the rest stays")
                .doesNotContain("Allow logs access").contains(ROOT_SID);
        assertThat(kms.describeKey(r -> r.keyId(key)).keyMetadata().keyStateAsString()).as("the key is the user's")
                .isEqualTo("Enabled");

        Execution again = harness.run(deleted("requests/removed-second.yaml"));
        assertThat(again.status()).as("a repeated delivery finds nothing left to do").isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    /**
     * After DeleteEnvironment completes, the environment's interface endpoints and their network
     * interfaces can stay in its subnets for minutes; deleting the network stack meanwhile ends
     * DELETE_FAILED (DependencyViolation). The removal deletes it again with back-off until it goes.
     */
    @Test
    void aNetworkStackHeldByLingeringNetworkInterfacesIsDeletedAgainUntilItGoes() throws Exception {
        provision("requests/lingering.yaml", request("lingering", "10.103", "DeletionPolicy: Delete\n"));
        harness.cloud.cloud.faults().failResource("mwaa:environment", "lingering", "NETWORK_INTERFACES_LINGER",
                Map.of("seconds", "900"), 1);

        Execution removal = harness.run(deleted("requests/lingering.yaml"));

        assertThat(removal.status()).as(removal.error() + " " + removal.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertGone("lingering", true, true);
        assertThat(itemStatuses(status("lingering"))).contains("NetworkStack REMOVED");
        assertThat(harness.cloud.cloud.requestLog().entries().stream()
                .filter(e -> "DeleteStack".equals(e.operation()) && String.valueOf(e.caller()).contains("RemoveNetworkStack"))
                .count()).as("DeleteStack again after DELETE_FAILED").isGreaterThan(1);
    }

    @Test
    void theDeprovisionEventRemovesTheEnvironmentAndNeverWhatTheRequestBrought() throws Exception {
        String role = iam.createRole(r -> r.roleName("brought-by-team").path("/mwaa-provisioner/")
                .assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                        + "{\"Service\":[\"airflow.amazonaws.com\",\"airflow-env.amazonaws.com\"]},\"Action\":\"sts:AssumeRole\"}]}"))
                .role().arn();
        String vpc = ec2.createVpc(r -> r.cidrBlock("10.103.0.0/16")).vpc().vpcId();
        String a = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.103.1.0/24").availabilityZone("us-east-1a")).subnet().subnetId();
        String b = ec2.createSubnet(r -> r.vpcId(vpc).cidrBlock("10.103.2.0/24").availabilityZone("us-east-1b")).subnet().subnetId();
        String sg = ec2.createSecurityGroup(r -> r.vpcId(vpc).groupName("mwaa").description("MWAA")).groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(sg).ipPermissions(p -> p.ipProtocol("-1")
                .userIdGroupPairs(g -> g.groupId(sg))));
        sourceBucket("brought");
        provision("requests/brought.yaml", """
                Name: brought
                SourceBucketArn: arn:aws:s3:::airflow-brought
                DagS3Path: dags
                ExecutionRoleArn: %s
                DeletionPolicy: Delete
                Network:
                  SubnetIds: [%s, %s]
                  SecurityGroupIds: [%s]
                """.formatted(role, a, b, sg));

        Execution removal = harness.run(deprovision("brought"));
        assertThat(removal.status()).as(removal.error() + " " + removal.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(mwaa.listEnvironments(r -> { }).environments()).doesNotContain("brought");
        assertThat(iam.getRole(r -> r.roleName("brought-by-team")).role().arn()).isEqualTo(role);
        assertThat(ec2.describeSubnets(r -> r.subnetIds(a, b)).subnets()).hasSize(2);
        assertThat(ec2.describeSecurityGroups(r -> r.groupIds(sg)).securityGroups()).hasSize(1);
        assertThat(itemStatuses(status("brought"))).containsExactly("Environment REMOVED");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key("requests/brought.yaml"))
                .asUtf8String()).as("the event removes; the file is the user's").contains("Name: brought");
    }

    @Test
    void byDefaultDeletingTheFileRetainsEverythingAndForgetsTheRequest() throws Exception {
        provision("requests/retained.yaml", request("retained", "10.104", ""));
        Execution removal = harness.run(deleted("requests/retained.yaml"));
        assertThat(removal.status()).as(removal.error() + " " + removal.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(mwaa.getEnvironment(r -> r.name("retained")).environment().statusAsString()).isEqualTo("AVAILABLE");
        assertThat(iam.getRole(r -> r.roleName("mwaa-retained-execution")).role()).isNotNull();
        assertThat(activeStacks()).contains("mwaa-retained-network");
        JsonNode status = status("retained");
        assertThat(status.path("State").asText()).isEqualTo("RETAINED");
        assertThat(status.path("DeletionPolicy").asText()).isEqualTo("Retain");
        assertThat(itemStatuses(status)).containsExactly("Environment KEPT", "ExecutionRole KEPT", "NetworkStack KEPT");
        assertThat(lastEvent("Environment Deprovisioned").path("State").asText()).isEqualTo("RETAINED");
        // Forgotten: the Name is released, and the file may come back under another Name.
        assertThat(s3.listObjectsV2(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).prefix("claims/retained.json")).contents())
                .isEmpty();
        provision("requests/retained.yaml", request("retained-again", "10.108", ""));
    }

    @Test
    void deletingAnOlderVersionOfAStandingRequestRemovesNothing() throws Exception {
        String file = "requests/versioned.yaml";
        String text = request("versioned", "10.105", "DeletionPolicy: Delete\n");
        String older = s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(file), RequestBody.fromString(text))
                .versionId();
        provision(file, text + "Tags: {team: data}\n");
        s3.deleteObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(file).versionId(older));
        Execution removal = harness.run(lastS3Event(file));
        assertThat(removal.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(removal.history().stream().filter(e -> e.type().equals("SucceedStateEntered"))
                .map(e -> e.stateName().orElse(""))).containsExactly("NothingToRemove");
        assertThat(mwaa.getEnvironment(r -> r.name("versioned")).environment().statusAsString()).isEqualTo("AVAILABLE");
        assertThat(status("versioned").path("State").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aDeprovisionEventForAnUnknownEnvironmentFailsAndSaysSo() throws Exception {
        Execution removal = harness.run(deprovision("never-made"));
        assertThat(removal.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(removal.error()).hasValueSatisfying(e -> assertThat(e).contains("InvalidRemovalRequestException"));
        assertThat(removal.cause()).hasValueSatisfying(c -> assertThat(c).contains("never-made", "nothing was removed"));
        assertThat(lastEvent("Environment Deprovisioning Failed").path("Name").asText()).isEqualTo("never-made");
    }

    @Test
    void aRollbackAfterTheKeyPolicyStepTimedOutKeepsTheStatementTheKeyHadBefore() throws Exception {
        String key = kms.createKey().keyMetadata().arn();
        putKeyPolicy(key, KeyPolicyLogsAccess.upsert(keyPolicy(key), Partition.fromId("aws"), "us-east-1", "000000000000"));
        String file = "requests/had-statement.yaml";
        String version = s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(file), RequestBody.fromString(
                request("had-statement", "10.106", "KmsKey: " + key + "\n"), StandardCharsets.UTF_8)).versionId();
        harness.cloud.cloud.faults().failResource("lambda:function", "UpdateKeyPolicyFunction", "FAILED", Map.of(
                "errorType", "Sandbox.Timedout", "errorMessage", "Task timed out after 30.00 seconds", "when", "AfterRun"), 1);
        ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "s3-object-created.json");
        ((ObjectNode) event.path("detail").path("object")).put("key", file).put("version-id", version);
        Execution execution = harness.run(event);
        harness.cloud.cloud.faults().clear();

        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).contains("Sandbox.Timedout");
        assertThat(sids(key)).as("the statement was there before the run").contains("Allow logs access", ROOT_SID);
        assertThat(itemStatuses(status("had-statement"))).as("the rollback").doesNotContain("KeyPolicyStatement REMOVED")
                .contains("ExecutionRole REMOVED", "NetworkStack REMOVED");
    }

    @Test
    void aStatementDroppedOutsideTheProvisionerIsPutBackByUploadingTheRequestAgain() throws Exception {
        String key = kms.createKey().keyMetadata().arn();
        String file = "requests/drifted.yaml";
        String text = request("drifted", "10.107", "KmsKey: " + key + "\n");
        provision(file, text);
        putKeyPolicy(key, KeyPolicyLogsAccess.remove(keyPolicy(key)));

        provision(file, text);
        JsonNode status = status("drifted");
        assertThat(status.path("State").asText()).as("not a no-op: the key policy drifted").isEqualTo("UPDATED");
        assertThat(status.toString()).contains("KmsKey: the \\\"Allow logs access\\\" statement CloudWatch Logs needs is "
                + "missing from the policy of key " + key);
        assertThat(sids(key)).contains("Allow logs access", ROOT_SID);
    }

    // ----------------------------------------------------------------------------------------

    @Test
    void aRemovalKeepsTheStatementForAnEnvironmentOnTheKeyThatIsNotCreatedYet() throws Exception {
        String key = kms.createKey().keyMetadata().arn();
        provision("requests/leaving.yaml", request("leaving", "10.108", "DeletionPolicy: Delete\nKmsKey: " + key + "\n"));
        // Another provisioning on the key has run its key-policy step; MWAA does not list its
        // environment (here: CreateEnvironment denied once, and the run keeps what it made).
        harness.cloud.cloud.faults().failOperation("airflow", "CreateEnvironment", "CreateEnvironmentFunction",
                "AccessDeniedException", 403, "not yet", 1);
        Execution arriving = run("requests/arriving.yaml", request("arriving", "10.109", "OnFailure: Keep\nKmsKey: " + key + "\n"));
        assertThat(arriving.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(mwaa.listEnvironments(r -> { }).environments()).doesNotContain("arriving");

        Execution removal = harness.run(deleted("requests/leaving.yaml"));
        assertThat(removal.status()).as(removal.error() + " " + removal.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertGone("leaving", true, true);
        assertThat(sids(key)).as("the arriving environment will need it").contains("Allow logs access", ROOT_SID);
        assertThat(status("leaving").path("Removal").path("Items")).filteredOn(i -> i.path("Kind").asText()
                        .equals(RemovalState.KEY_POLICY_STATEMENT)).singleElement()
                .satisfies(i -> {
                    assertThat(i.path("Status").asText()).isEqualTo(RemovalState.KEPT);
                    assertThat(i.toString()).contains("environment arriving is being provisioned with the key");
                });

        // Once the arriving Name is released (its request removed, everything retained), its record
        // is left over: the next removal on the key forgets it and takes the statement away.
        Execution released = harness.run(deprovision("arriving"));
        assertThat(released.status()).as(released.error() + " " + released.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        provision("requests/last.yaml", request("last", "10.110", "DeletionPolicy: Delete\nKmsKey: " + key + "\n"));
        Execution last = harness.run(deleted("requests/last.yaml"));
        assertThat(last.status()).as(last.error() + " " + last.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(sids(key)).as("no environment uses or awaits the key").doesNotContain("Allow logs access")
                .contains(ROOT_SID);
        assertThat(s3.listObjectsV2(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).prefix("key-users/")).contents())
                .extracting(o -> o.key()).noneMatch(k -> k.endsWith("/arriving") || k.endsWith("/last") || k.endsWith("/leaving"));
    }

    private String keyPolicy(String key) {
        return kms.getKeyPolicy(r -> r.keyId(key).policyName("default")).policy();
    }

    private void putKeyPolicy(String key, String policy) {
        kms.putKeyPolicy(r -> r.keyId(key).policyName("default").policy(policy));
    }

    private void provision(String file, String text) throws Exception {
        Execution execution = run(file, text);
        assertThat(execution.status()).as(file + ": " + execution.error() + " " + execution.cause())
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    /** Uploads a request file and runs the workflow on its Object Created event. */
    private Execution run(String file, String text) throws Exception {
        String version = s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(file),
                RequestBody.fromString(text, StandardCharsets.UTF_8)).versionId();
        ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "s3-object-created.json");
        ((ObjectNode) event.path("detail").path("object")).put("key", file).put("version-id", version);
        return harness.run(event);
    }

    /** Deletes the file (a delete marker) and returns the Object Deleted event S3 put on the bus. */
    private JsonNode deleted(String file) {
        s3.deleteObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(file));
        return lastS3Event(file);
    }

    private JsonNode lastS3Event(String file) {
        List<CloudEvent> events = harness.cloud.cloud.eventBus().events().stream()
                .filter(e -> e.detailType().equals("Object Deleted")
                        && e.detail().path("object").path("key").asText().equals(file))
                .toList();
        assertThat(events).as("Object Deleted events of " + file).isNotEmpty();
        return events.get(events.size() - 1).toJson();
    }

    private static ObjectNode deprovision(String name) {
        ObjectNode event = WorkflowCloud.event("PlanRemovalFunction", "deprovision-environment.json").with("State");
        ((ObjectNode) event.path("detail")).put("Name", name);
        return event;
    }

    private JsonNode lastEvent(String detailType) {
        List<CloudEvent> events = harness.cloud.cloud.eventBus().events().stream()
                .filter(e -> e.source().equals("mwaa-provisioner") && e.detailType().equals(detailType)).toList();
        assertThat(events).as(detailType + " events").isNotEmpty();
        return events.get(events.size() - 1).detail();
    }

    private void assertGone(String name, boolean role, boolean stack) {
        assertThat(mwaa.listEnvironments(r -> { }).environments()).doesNotContain(name);
        if (role) {
            assertThat(iam.listRoles().roles()).extracting(Role::roleName).doesNotContain("mwaa-" + name + "-execution");
        }
        if (stack) {
            assertThat(activeStacks()).doesNotContain("mwaa-" + name + "-network");
        }
    }

    private Set<String> activeStacks() {
        return Set.copyOf(cloudFormation.listStacks().stackSummaries().stream()
                .filter(s -> !s.stackStatusAsString().equals("DELETE_COMPLETE")).map(StackSummary::stackName).toList());
    }

    private List<String> sids(String key) throws Exception {
        return WorkflowJson.MAPPER.readTree(kms.getKeyPolicy(r -> r.keyId(key).policyName("default")).policy())
                .path("Statement").findValuesAsText("Sid");
    }

    private static List<String> itemStatuses(JsonNode status) {
        List<String> out = new java.util.ArrayList<>();
        status.path("Removal").path("Items").forEach(i -> out.add(i.path("Kind").asText() + " " + i.path("Status").asText()));
        return out;
    }

    private static List<String> removedInOrder(Execution execution) {
        return execution.history().stream().filter(e -> e.type().equals("TaskStateEntered"))
                .map(e -> e.stateName().orElse("")).filter(n -> n.startsWith("Remove")).distinct().toList();
    }

    private JsonNode status(String name) throws Exception {
        return WorkflowJson.MAPPER.readTree(s3.getObjectAsBytes(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET)
                .key("status/" + name + ".json")).asByteArray());
    }

    private String request(String name, String prefix, String extra) {
        sourceBucket(name);
        return """
                Name: %1$s
                SourceBucketArn: arn:aws:s3:::airflow-%1$s
                DagS3Path: dags
                Network:
                  VpcCIDR: %2$s.0.0/16
                  PublicSubnet1CIDR: %2$s.10.0/24
                  PublicSubnet2CIDR: %2$s.11.0/24
                  PrivateSubnet1CIDR: %2$s.20.0/24
                  PrivateSubnet2CIDR: %2$s.21.0/24
                """.formatted(name, prefix) + extra;
    }

    private void sourceBucket(String name) {
        String bucket = "airflow-" + name;
        s3.createBucket(r -> r.bucket(bucket));
        s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
        s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).blockPublicPolicy(true).ignorePublicAcls(true).restrictPublicBuckets(true)));
    }
}
