package dev.mwaaprovisioner.local.cloud.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** S3 puts Object Created / Object Deleted events in EventBridge's shape on the bus of a bucket that enables them. */
class S3EventsTest {

    LocalCloud cloud;
    S3Client s3;
    final List<CloudEvent> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
        cloud.eventBus().subscribe(seen::add);
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
        s3.createBucket(r -> r.bucket("config-bucket"));
        s3.putBucketNotificationConfiguration(r -> r.bucket("config-bucket")
                .notificationConfiguration(n -> n.eventBridgeConfiguration(e -> { })));
    }

    @AfterEach
    void stop() {
        s3.close();
        cloud.close();
    }

    @Test
    void aPutObjectEmitsObjectCreatedInTheRealShape() {
        s3.putBucketVersioning(r -> r.bucket("config-bucket").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        PutObjectResponse put = s3.putObject(r -> r.bucket("config-bucket").key("requests/dev.yaml"), RequestBody.fromString("Name: dev\n"));

        assertThat(seen).hasSize(1);
        JsonNode event = seen.get(0).toJson();
        assertThat(fieldNames(event)).containsExactly("version", "id", "detail-type", "source", "account", "time", "region",
                "resources", "detail");
        assertThat(event.get("version").asText()).isEqualTo("0");
        assertThat(event.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(event.get("detail-type").asText()).isEqualTo("Object Created");
        assertThat(event.get("source").asText()).isEqualTo("aws.s3");
        assertThat(event.get("account").asText()).isEqualTo("000000000000");
        assertThat(event.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(event.get("region").asText()).isEqualTo("us-east-1");
        assertThat(event.get("resources").toString()).isEqualTo("[\"arn:aws:s3:::config-bucket\"]");

        JsonNode detail = event.get("detail");
        assertThat(fieldNames(detail)).containsExactly("version", "bucket", "object", "request-id", "requester",
                "source-ip-address", "reason");
        assertThat(detail.get("version").asText()).isEqualTo("0");
        assertThat(detail.at("/bucket/name").asText()).isEqualTo("config-bucket");
        assertThat(detail.at("/object/key").asText()).isEqualTo("requests/dev.yaml");
        assertThat(detail.at("/object/size").asLong()).isEqualTo(10);
        assertThat(detail.at("/object/size").isNumber()).isTrue();
        assertThat(detail.at("/object/etag").asText()).isEqualTo(put.eTag().replace("\"", ""));
        assertThat(detail.at("/object/version-id").asText()).isEqualTo(put.versionId());
        assertThat(detail.at("/object/sequencer").asText()).matches("[0-9A-F]{16}");
        assertThat(detail.get("request-id").asText()).isNotBlank();
        assertThat(detail.get("requester").asText()).isEqualTo("000000000000");
        assertThat(detail.get("reason").asText()).isEqualTo("PutObject");
    }

    /** CopyObject (what {@code aws s3 mv} and {@code aws s3 cp} send) copies a version, and its event says CopyObject. */
    @Test
    void aCopyObjectCopiesTheSourceVersionAndEmitsObjectCreatedForTheCopy() {
        s3.putBucketVersioning(r -> r.bucket("config-bucket").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String first = s3.putObject(r -> r.bucket("config-bucket").key("requests/a b.yaml").contentType("application/x-yaml")
                .metadata(java.util.Map.of("team", "data")), RequestBody.fromString("Name: one\n")).versionId();
        s3.putObject(r -> r.bucket("config-bucket").key("requests/a b.yaml"), RequestBody.fromString("Name: two\n"));

        var copy = s3.copyObject(r -> r.sourceBucket("config-bucket").sourceKey("requests/a b.yaml").sourceVersionId(first)
                .destinationBucket("config-bucket").destinationKey("requests/b.yaml"));
        assertThat(copy.copySourceVersionId()).isEqualTo(first);
        var copied = s3.getObjectAsBytes(r -> r.bucket("config-bucket").key("requests/b.yaml"));
        assertThat(copied.asUtf8String()).isEqualTo("Name: one\n");
        assertThat(copied.response().contentType()).isEqualTo("application/x-yaml");
        assertThat(copied.response().metadata()).containsEntry("team", "data");
        assertThat(copied.response().versionId()).isEqualTo(copy.versionId());
        assertThat(copy.copyObjectResult().eTag()).isEqualTo(copied.response().eTag());

        JsonNode detail = seen.get(seen.size() - 1).toJson().get("detail");
        assertThat(seen.get(seen.size() - 1).detailType()).isEqualTo("Object Created");
        assertThat(detail.at("/object/key").asText()).isEqualTo("requests/b.yaml");
        assertThat(detail.at("/object/version-id").asText()).isEqualTo(copy.versionId());
        assertThat(detail.get("reason").asText()).isEqualTo("CopyObject");
    }

    @Test
    void deletesEmitObjectDeletedWithTheDeletionType() {
        s3.putBucketVersioning(r -> r.bucket("config-bucket").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String version = s3.putObject(r -> r.bucket("config-bucket").key("k"), RequestBody.fromString("x")).versionId();
        String marker = s3.deleteObject(r -> r.bucket("config-bucket").key("k")).versionId();
        s3.deleteObject(r -> r.bucket("config-bucket").key("k").versionId(version));

        assertThat(seen).extracting(CloudEvent::detailType).containsExactly("Object Created", "Object Deleted", "Object Deleted");
        JsonNode markerCreated = seen.get(1).toJson().get("detail");
        assertThat(markerCreated.get("reason").asText()).isEqualTo("DeleteObject");
        assertThat(markerCreated.get("deletion-type").asText()).isEqualTo("Delete Marker Created");
        assertThat(markerCreated.at("/object/key").asText()).isEqualTo("k");
        assertThat(markerCreated.at("/object/version-id").asText()).isEqualTo(marker);
        assertThat(markerCreated.at("/object").has("size")).isFalse();
        JsonNode permanently = seen.get(2).toJson().get("detail");
        assertThat(permanently.get("deletion-type").asText()).isEqualTo("Permanently Deleted");
        assertThat(permanently.at("/object/version-id").asText()).isEqualTo(version);
        // Sequencers increase.
        assertThat(permanently.at("/object/sequencer").asText()).isGreaterThan(markerCreated.at("/object/sequencer").asText());
    }

    @Test
    void anUnversionedBucketsEventsCarryNoVersionId() {
        s3.putObject(r -> r.bucket("config-bucket").key("k"), RequestBody.fromString("x"));
        s3.deleteObject(r -> r.bucket("config-bucket").key("k"));
        s3.deleteObject(r -> r.bucket("config-bucket").key("k")); // nothing left: no event
        assertThat(seen).extracting(CloudEvent::detailType).containsExactly("Object Created", "Object Deleted");
        assertThat(seen.get(0).toJson().at("/detail/object").has("version-id")).isFalse();
        assertThat(seen.get(1).toJson().at("/detail/deletion-type").asText()).isEqualTo("Permanently Deleted");
    }

    @Test
    void eventsCarryTheBucketsRegionAndAreRecordedOnTheBus() {
        try (S3Client west = TestClients.client(S3Client.builder().forcePathStyle(true), cloud, Region.EU_WEST_1)) {
            west.createBucket(r -> r.bucket("west-bucket").createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
            west.putBucketNotificationConfiguration(r -> r.bucket("west-bucket")
                    .notificationConfiguration(n -> n.eventBridgeConfiguration(e -> { })));
            west.putObject(r -> r.bucket("west-bucket").key("k"), RequestBody.fromString("x"));
        }
        assertThat(seen).singleElement().satisfies(e -> assertThat(e.region()).isEqualTo("eu-west-1"));
        assertThat(cloud.eventBus().events()).containsExactlyElementsOf(seen);
    }

    @Test
    void aBucketWithoutEventBridgeEmitsNothing() {
        s3.createBucket(r -> r.bucket("quiet-bucket"));
        s3.putObject(r -> r.bucket("quiet-bucket").key("k"), RequestBody.fromString("x"));
        s3.deleteObject(r -> r.bucket("quiet-bucket").key("k"));
        assertThat(seen).isEmpty();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
