package dev.mwaaprovisioner.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mwaaprovisioner.common.aws.AwsRequestIds;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The request ids a step's log line carries, through the real SDK against the local S3: the SDK
 * leaves the response metadata of GetObject and HeadObject {@code UNKNOWN}, so the id comes from
 * the {@code x-amz-request-id} header, and it is the id the cloud served the call under.
 */
class AwsRequestIdsTest {

    @Test
    void getObjectAndHeadObjectNoteTheIdTheCloudServedThemUnder() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults());
             S3Client s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud,
                     software.amazon.awssdk.regions.Region.US_EAST_1, c -> c.addExecutionInterceptor(new AwsRequestIds()))) {
            s3.createBucket(r -> r.bucket("request-ids"));
            s3.putObject(r -> r.bucket("request-ids").key("k"), RequestBody.fromString("x"));
            cloud.requestLog().clear();

            AwsRequestIds.begin();
            s3.getObjectAsBytes(r -> r.bucket("request-ids").key("k"));
            s3.headObject(r -> r.bucket("request-ids").key("k"));
            List<String> noted = AwsRequestIds.end();

            List<String> served = cloud.requestLog().entries().stream().map(e -> e.request().requestId()).toList();
            assertThat(served).hasSize(2);
            assertThat(noted).containsExactlyElementsOf(served);
        }
    }
}
