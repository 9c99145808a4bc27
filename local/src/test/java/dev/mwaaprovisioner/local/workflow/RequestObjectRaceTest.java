package dev.mwaaprovisioner.local.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.request.ProvisioningRequest;
import dev.mwaaprovisioner.common.workflow.RequestObjectChangedException;
import dev.mwaaprovisioner.common.workflow.RequestSource;
import dev.mwaaprovisioner.common.workflow.RequestValidationException;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.functions.environment.CreateEnvironmentHandler;
import dev.mwaaprovisioner.functions.validate.ValidateRequestHandler;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The request object a step reads its option values from, raced: deleted or never versioned by
 * the time CreateEnvironment (or UpdateEnvironment, through the same reader) reads it. The step fails with
 * {@link RequestObjectChangedException}, which names the object and version and shows no value,
 * and nothing is sent to MWAA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestObjectRaceTest {

    private static final String SECRET = "race-s3cr3t-41ab";

    private WorkflowHarness harness;
    private S3Client s3;
    private MwaaClient mwaa;

    @BeforeAll
    void start() throws Exception {
        harness = new WorkflowHarness();
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), harness.cloud.cloud);
        mwaa = TestClients.client(MwaaClient.builder(), harness.cloud.cloud);
        s3.createBucket(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET));
        s3.putBucketVersioning(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).versioningConfiguration(v -> v.status("Enabled")));
    }

    @AfterAll
    void stop() {
        s3.close();
        mwaa.close();
        harness.close();
    }

    /** The state document ValidateRequest writes for a request with an option. */
    private ValidateRequestHandler.Output validated(String name) throws Exception {
        String key = "requests/" + name + ".yaml";
        String request = """
                Name: %s
                SourceBucketArn: arn:aws:s3:::airflow-%s
                DagS3Path: dags
                AirflowConfigurationOptions:
                  smtp.smtp_password: %s
                Network:
                  VpcCIDR: 10.192.0.0/16
                  PublicSubnet1CIDR: 10.192.10.0/24
                  PublicSubnet2CIDR: 10.192.11.0/24
                  PrivateSubnet1CIDR: 10.192.20.0/24
                  PrivateSubnet2CIDR: 10.192.21.0/24
                """.formatted(name, name, SECRET);
        String version = s3.putObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(key),
                RequestBody.fromString(request, StandardCharsets.UTF_8)).versionId();
        ObjectNode event = WorkflowCloud.event("ValidateRequestFunction", "s3-object-created.json");
        ((ObjectNode) event.path("detail").path("object")).put("key", key).put("version-id", version)
                .put("size", request.length());
        ValidateRequestHandler.Output output = new ValidateRequestHandler(harness.cloud.environment()).handle(event);
        assertThat(WorkflowJson.MAPPER.writeValueAsString(output)).doesNotContain(SECRET).contains("sha256:");
        return output;
    }

    @Test
    void aVersionDeletedBeforeCreateEnvironmentReadsItFailsClearlyAndCreatesNothing() throws Exception {
        ValidateRequestHandler.Output state = validated("race-deleted");
        RequestSource source = state.source();
        String key = source.uri().substring(source.uri().indexOf("/requests/") + 1);
        s3.deleteObject(r -> r.bucket(WorkflowCloud.CONFIG_BUCKET).key(key).versionId(source.versionId()));

        RequestObjectChangedException refused = catchThrowableOfType(RequestObjectChangedException.class, () ->
                new CreateEnvironmentHandler(harness.cloud.environment()).handle(new CreateEnvironmentHandler.Input(
                        state.request(), source, "arn:aws:iam::000000000000:role/mwaa-race-deleted-execution",
                        List.of("subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"), List.of("sg-0123456789abcdef0"),
                        "2026-11-28T09:30:00Z")));
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains(source.uri(), source.versionId(), "is gone", "upload the request again")
                .doesNotContain(SECRET);
        assertThat(catchThrowableOfType(ResourceNotFoundException.class,
                () -> mwaa.getEnvironment(r -> r.name("race-deleted")))).as("no environment").isNotNull();
    }

    @Test
    void aSourceWithoutVersionOrAnObjectHoldingAnotherRequestIsNotUsedForOptionValues() throws Exception {
        ValidateRequestHandler.Output state = validated("race-unversioned");
        RequestSource source = state.source();
        RequestSource unversioned = new RequestSource(source.type(), source.uri(), null, source.eventId());
        // A state whose digests name another request than the object holds (a forged or stale state).
        ObjectNode forged = WorkflowJson.MAPPER.valueToTree(state.request());
        forged.put("MaxWorkers", 7);
        ProvisioningRequest other = WorkflowJson.MAPPER.treeToValue(forged, ProvisioningRequest.class);
        for (var input : List.of(input(state.request(), unversioned), input(other, source))) {
            RequestObjectChangedException refused = catchThrowableOfType(RequestObjectChangedException.class,
                    () -> new CreateEnvironmentHandler(harness.cloud.environment()).handle(input));
            assertThat(refused).as(input.source().describeObject()).isNotNull();
            assertThat(refused.getMessage()).contains(source.uri()).doesNotContain(SECRET);
        }
        assertThat(catchThrowableOfType(ResourceNotFoundException.class,
                () -> mwaa.getEnvironment(r -> r.name("race-unversioned")))).as("no environment").isNotNull();
    }

    @Test
    void anEventReachesOnlyItsOwnStoredCopyAndNoOptionValueEntersTheStateMachineInline() throws Exception {
        // Another event's stored copy (an attacker naming it to provision someone else's request) is refused.
        ObjectNode other = WorkflowCloud.event("ValidateRequestFunction", "provision-environment-inline.json");
        ((ObjectNode) other.path("detail")).remove("Request");
        ((ObjectNode) other.path("detail")).putObject("RequestCopy").put("Uri", "s3://" + WorkflowCloud.CONFIG_BUCKET
                + "/inline-requests/00000000-0000-0000-0000-000000000001.json").put("VersionId", "v1");
        RequestValidationException refused = catchThrowableOfType(RequestValidationException.class,
                () -> new ValidateRequestHandler(harness.cloud.environment()).handle(other));
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("detail.RequestCopy.Uri", "is not this event's stored request");

        // Options inline in an execution's own input (started without the dispatch) are refused, the value not shown.
        ObjectNode inline = WorkflowCloud.event("ValidateRequestFunction", "provision-environment-inline.json");
        ((ObjectNode) inline.path("detail").path("Request")).putObject("AirflowConfigurationOptions")
                .put("smtp.smtp_password", SECRET);
        refused = catchThrowableOfType(RequestValidationException.class,
                () -> new ValidateRequestHandler(harness.cloud.environment()).handle(inline));
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("detail.Request.AirflowConfigurationOptions").doesNotContain(SECRET);
    }

    private static CreateEnvironmentHandler.Input input(ProvisioningRequest request, RequestSource source) {
        return new CreateEnvironmentHandler.Input(request, source, "arn:aws:iam::000000000000:role/mwaa-"
                + request.name() + "-execution", List.of("subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"),
                List.of("sg-0123456789abcdef0"), "2026-11-28T09:30:00Z");
    }
}
