package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.request.NewNetwork;
import dev.mwaaprovisioner.common.workflow.NotARequestException;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.RequestValidationException;
import dev.mwaaprovisioner.functions.validate.ValidateRequestHandler;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The first step reads requests from the local cloud's S3 through the real SDK. */
class ValidateRequestOnCloudTest {

    private static final String KEY = "requests/analytics-dev.yaml";
    private static final String MINIMAL = """
            Name: analytics-dev
            SourceBucketArn: arn:aws:s3:::airflow-analytics-dev
            DagS3Path: dags
            Network:
              VpcCIDR: 10.192.0.0/16
              PublicSubnet1CIDR: 10.192.10.0/24
              PublicSubnet2CIDR: 10.192.11.0/24
              PrivateSubnet1CIDR: 10.192.20.0/24
              PrivateSubnet2CIDR: 10.192.21.0/24
            """;

    private WorkflowCloud cloud;
    private S3Client s3;
    private ValidateRequestHandler handler;

    @BeforeEach
    void start() {
        cloud = new WorkflowCloud();
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud.cloud);
        s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        s3.putBucketVersioning(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).versioningConfiguration(v -> v.status("Enabled")));
        handler = new ValidateRequestHandler(cloud.environment());
    }

    @AfterEach
    void stop() {
        // Least privilege, measured: every call the functions made here is allowed by template.yaml.
        LeastPrivilege policies = new LeastPrivilege(WorkflowCloud.CONFIG_BUCKET);
        policies.observe(cloud.cloud.requestLog().entries());
        cloud.close();
        assertThat(policies.observed().values()).anyMatch(calls -> !calls.isEmpty());
        assertThat(policies.denied()).isEmpty();
    }

    private String put(String key, String content) {
        return s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(key),
                RequestBody.fromString(content, StandardCharsets.UTF_8)).versionId();
    }

    private static ObjectNode objectCreated(String key, String versionId, long size) {
        ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "s3-object-created.json");
        ((ObjectNode) event.path("detail").path("object")).put("key", key).put("version-id", versionId).put("size", size);
        return event;
    }

    @Test
    void readsTheObjectAtTheEventsVersionAndPlansTheSteps() {
        String first = put(KEY, MINIMAL);
        ValidateRequestHandler.Output out = handler.handle(objectCreated(KEY, first, MINIMAL.length()));
        assertThat(out.request().dagS3Path()).isEqualTo("dags");
        assertThat(out.request().network()).isInstanceOf(NewNetwork.class);
        assertThat(out.request().airflowVersion()).as("defaults are filled").isNotBlank();
        assertThat(out.source()).usingRecursiveComparison().ignoringFields("previousName").isEqualTo(new RequestSource(
                RequestSource.S3_OBJECT, "s3://" + WorkflowCloud.CONFIG_BUCKET + "/" + KEY, first,
                "2d4eba74-fd51-3966-4bfa-b013c9da8ff1"));
        String second = put(KEY, MINIMAL.replace("dags", "other-dags").replace("Name: analytics-dev", "Name: analytics-test"));
        // The event of a version a newer upload replaced applies nothing: the newer one's event does.
        ValidateRequestHandler.Output superseded = handler.handle(objectCreated(KEY, first, MINIMAL.length()));
        assertThat(superseded.request()).isNull();
        assertThat(superseded.supersededBy()).isEqualTo("version " + second);
        // The next version under another Name is a rename while the file owns its old Name: refused, nothing claimed.
        assertThatThrownBy(() -> handler.handle(objectCreated(KEY, second, MINIMAL.length())))
                .isInstanceOf(RequestValidationException.class)
                .hasMessageContaining("Name: 'analytics-test' renames environment analytics-dev, which s3://"
                        + WorkflowCloud.CONFIG_BUCKET + "/" + KEY + " named before");
        assertThat(s3.listObjectsV2(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).prefix("claims/")).contents())
                .extracting(o -> o.key()).filteredOn(k -> !k.startsWith("claims/files/"))
                .containsExactly("claims/analytics-dev.json");
        // Once the old Name is released (as a removal does), the file may take another one.
        s3.deleteObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key("claims/analytics-dev.json"));
        ValidateRequestHandler.Output next = handler.handle(objectCreated(KEY, second, MINIMAL.length()));
        assertThat(next.request().name()).isEqualTo("analytics-test");
        assertThat(next.source().previousName()).as("the file owns no Name any more").isNull();
        assertThat(out.account()).isEqualTo("000000000000");
        assertThat(out.region()).isEqualTo("us-east-1");
        assertThat(out.partition()).isEqualTo("aws");
        assertThat(out.plan().createNetworkStack()).isTrue();
        assertThat(out.plan().createExecutionRole()).isTrue();
        assertThat(out.plan().updateKeyPolicy()).isFalse();
        assertThat(out.executionRole()).isNull();
    }

    /**
     * The Name a file owns is noted with the Name's record, not found again in the file's earlier
     * versions: Name A, then five versions that are not valid requests, then Name B is still a
     * rename of A, however many versions lie between.
     */
    @Test
    void theNameAFileOwnsIsKnownAfterAnyNumberOfBrokenVersions() {
        String first = put(KEY, MINIMAL);
        handler.handle(objectCreated(KEY, first, MINIMAL.length()));
        for (int i = 0; i < 5; i++) {
            String broken = put(KEY, "Name: [not a name\n" + i);
            assertThatThrownBy(() -> handler.handle(objectCreated(KEY, broken, 20)))
                    .isInstanceOf(RequestValidationException.class);
        }
        String renamed = MINIMAL.replace("Name: analytics-dev", "Name: analytics-test");
        String last = put(KEY, renamed);
        assertThatThrownBy(() -> handler.handle(objectCreated(KEY, last, renamed.length())))
                .isInstanceOf(RequestValidationException.class)
                .hasMessageContaining("Name: 'analytics-test' renames environment analytics-dev");
        assertThat(s3.listObjectsV2(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).prefix("claims/analytics-test")).contents())
                .as("the new Name is not claimed").isEmpty();
    }

    @Test
    void readsARequestByUriAndABroughtRoleSkipsTheRoleStep() {
        String version = put(KEY, MINIMAL + "ExecutionRoleArn: arn:aws:iam::000000000000:role/mwaa-provisioner/analytics\n");
        ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "provision-environment-uri.json");
        ValidateRequestHandler.Output out = handler.handle(event);
        assertThat(out.source().versionId()).isEqualTo(version);
        assertThat(out.plan().createExecutionRole()).isFalse();
        assertThat(out.executionRole().roleArn()).isEqualTo("arn:aws:iam::000000000000:role/mwaa-provisioner/analytics");
        assertThat(out.executionRole().provided()).isTrue();
    }

    @Test
    void refusesEveryBadFieldAtOnceKeepingTheName() {
        String body = MINIMAL.replace("DagS3Path: dags", "DagS3Path: s3://bucket/dags\nMaxWorker: 3")
                + "ExecutionRoleArn: arn:aws:iam::000000000000:role/someone-elses-role\n";
        String version = put(KEY, body);
        assertThatThrownBy(() -> handler.handle(objectCreated(KEY, version, body.length())))
                .isInstanceOfSatisfying(RequestValidationException.class, e -> {
                    assertThat(e.environmentName()).contains("analytics-dev");
                    assertThat(e.problems()).extracting(p -> p.substring(0, p.indexOf(':')))
                            .contains("DagS3Path", "MaxWorker");
                    assertThat(e.getMessage()).contains("(version " + version + ")");
                });
        String valid = put(KEY, MINIMAL + "ExecutionRoleArn: arn:aws:iam::000000000000:role/someone-elses-role\n");
        assertThatThrownBy(() -> handler.handle(objectCreated(KEY, valid, 400)))
                .isInstanceOfSatisfying(RequestValidationException.class, e -> assertThat(e.problems())
                        .singleElement().asString().startsWith("ExecutionRoleArn: the provisioner may pass to MWAA only roles under the path /mwaa-provisioner/"));
    }

    @Test
    void binaryAndVanishedObjectsAreNotRequests() {
        s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key("requests/photo.json"),
                RequestBody.fromBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0}));
        assertThatThrownBy(() -> handler.handle(objectCreated("requests/photo.json", null, 6)))
                .isInstanceOf(NotARequestException.class).hasMessageContaining("not UTF-8 text");
        assertThatThrownBy(() -> handler.handle(objectCreated("requests/gone.yaml", null, 10)))
                .isInstanceOf(NotARequestException.class).hasMessageContaining("no longer exists");
    }
}
