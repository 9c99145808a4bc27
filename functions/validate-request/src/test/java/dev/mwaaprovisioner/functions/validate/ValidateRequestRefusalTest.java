package dev.mwaaprovisioner.functions.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.NotARequestException;
import dev.mwaaprovisioner.common.workflow.RequestValidationException;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the first step refuses before it calls AWS (it has no clients here: any call would fail).
 * Reading and validating real requests is tested on the local cloud.
 */
class ValidateRequestRefusalTest {

    private static final String BUCKET = "mwaa-provisioner-configbucket-example";
    private final ValidateRequestHandler handler = new ValidateRequestHandler(null, null, "us-east-1", BUCKET, "requests/");

    private static ObjectNode event(String file) throws IOException {
        // The sample names the deployment's bucket as a placeholder, which `mwaa-local invoke` fills.
        String sample = java.nio.file.Files.readString(new File("../../events/ValidateRequestFunction/" + file).toPath());
        return (ObjectNode) WorkflowJson.MAPPER.readTree(sample.replace("${ConfigBucketName}", BUCKET));
    }

    @Test
    void otherEventsAreNotRequests() throws IOException {
        ObjectNode event = event("s3-object-created.json");
        event.put("detail-type", "Object Deleted");
        assertThatThrownBy(() -> handler.handle(event)).isInstanceOf(NotARequestException.class)
                .hasMessageContaining("detail-type Object Deleted");
    }

    @Test
    void objectsOutsideThePrefixOrWithAnotherSuffixOrTooBigAreNotRequests() throws IOException {
        ObjectNode event = event("s3-object-created.json");
        ObjectNode object = (ObjectNode) event.path("detail").path("object");
        object.put("key", "requests/readme.txt");
        assertThatThrownBy(() -> handler.handle(event)).isInstanceOf(NotARequestException.class)
                .hasMessageContaining("ending in .yaml, .yml, .json");
        object.put("key", "drafts/analytics-dev.yaml");
        assertThatThrownBy(() -> handler.handle(event)).isInstanceOf(NotARequestException.class)
                .hasMessageContaining("under requests/");
        object.put("key", "requests/analytics-dev.yaml").put("size", 10_000_000);
        assertThatThrownBy(() -> handler.handle(event)).isInstanceOf(NotARequestException.class)
                .hasMessageContaining("10000000 bytes");
        ((ObjectNode) event.path("detail").path("bucket")).put("name", "someone-elses-bucket");
        assertThatThrownBy(() -> handler.handle(event)).isInstanceOf(NotARequestException.class)
                .hasMessageContaining("not in the config bucket");
    }

    @Test
    void aProvisionEventNeedsExactlyOneOfRequestAndRequestUri() throws IOException {
        ObjectNode event = event("provision-environment-inline.json");
        ((ObjectNode) event.path("detail")).put("RequestUri", "s3://" + BUCKET + "/requests/x.yaml");
        assertThatThrownBy(() -> handler.handle(event)).isInstanceOf(RequestValidationException.class)
                .hasMessageContaining("detail: give either Request").hasMessageContaining("not both");

        ObjectNode outside = event("provision-environment-uri.json");
        ((ObjectNode) outside.path("detail")).put("RequestUri", "s3://other-bucket/requests/x.yaml");
        assertThatThrownBy(() -> handler.handle(outside)).isInstanceOf(RequestValidationException.class)
                .hasMessageContaining("detail.RequestUri: s3://other-bucket/requests/x.yaml is outside");
    }

    @Test
    void anInlineRequestIsValidatedWithEveryProblemNamed() throws IOException {
        ObjectNode event = event("provision-environment-inline.json");
        ObjectNode request = (ObjectNode) event.path("detail").path("Request");
        request.put("MaxWorker", 3).put("EnvironmentClass", "mw1.huge");
        assertThatThrownBy(() -> handler.handle(event)).isInstanceOfSatisfying(RequestValidationException.class, e -> {
            assertThat(e.environmentName()).contains("analytics-dev");
            assertThat(e.problems()).anyMatch(p -> p.startsWith("MaxWorker:") && p.contains("MaxWorkers"));
            assertThat(e.problems()).anyMatch(p -> p.startsWith("EnvironmentClass:"));
            assertThat(e.getMessage()).startsWith("Invalid request event a1c8e3f0-5e0b-4c4e-9d51-6f0e2b7c9a10 "
                    + "for environment analytics-dev:");
        });
    }

    @Test
    void binaryContentIsNotText() {
        assertThat(ValidateRequestHandler.isBinary("Name: x\n".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ValidateRequestHandler.isBinary(new byte[] {'P', 'K', 3, 4, 0, 0, (byte) 0x89})).isTrue();
        // A stray NUL in UTF-8 text: the parser refuses it naming line and column.
        assertThat(ValidateRequestHandler.isBinary(new byte[] {'N', ':', 0, 'x'})).isFalse();
        // Not UTF-8, but text: the parser refuses it naming the byte.
        assertThat(ValidateRequestHandler.isBinary(new byte[] {(byte) 0xC3, (byte) 0x28})).isFalse();
    }
}
