package dev.mwaaprovisioner.local.cloud.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** PutObject with If-None-Match / If-Match through the real SDK, with S3's answers. */
class S3ConditionalWriteTest {

    LocalCloud cloud;
    S3Client s3;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
        s3.createBucket(r -> r.bucket("config"));
        s3.putBucketVersioning(r -> r.bucket("config").versioningConfiguration(v -> v.status("Enabled")));
    }

    @AfterEach
    void stop() {
        s3.close();
        cloud.close();
    }

    @Test
    void ifNoneMatchCreatesOnlyWhenTheKeyHasNoObject() {
        String etag = s3.putObject(r -> r.bucket("config").key("claims/a.json").ifNoneMatch("*"),
                RequestBody.fromString("first")).eTag();
        assertThat(etag).isNotBlank();
        assertThatThrownBy(() -> s3.putObject(r -> r.bucket("config").key("claims/a.json").ifNoneMatch("*"),
                RequestBody.fromString("second")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        assertThat(s3.getObjectAsBytes(r -> r.bucket("config").key("claims/a.json")).asUtf8String()).isEqualTo("first");
        // After a delete (a delete marker in a versioned bucket) the key has no object again.
        s3.deleteObject(r -> r.bucket("config").key("claims/a.json"));
        s3.putObject(r -> r.bucket("config").key("claims/a.json").ifNoneMatch("*"), RequestBody.fromString("third"));
        assertThatThrownBy(() -> s3.putObject(r -> r.bucket("config").key("claims/b.json").ifNoneMatch("\"abc\""),
                RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(501));
    }

    @Test
    void ifMatchReplacesOnlyTheVersionThatWasRead() {
        String first = s3.putObject(r -> r.bucket("config").key("claims/a.json"), RequestBody.fromString("first")).eTag();
        String second = s3.putObject(r -> r.bucket("config").key("claims/a.json").ifMatch(first),
                RequestBody.fromString("second")).eTag();
        assertThatThrownBy(() -> s3.putObject(r -> r.bucket("config").key("claims/a.json").ifMatch(first),
                RequestBody.fromString("stale")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        assertThat(s3.getObjectAsBytes(r -> r.bucket("config").key("claims/a.json")).response().eTag()).isEqualTo(second);
        assertThatThrownBy(() -> s3.putObject(r -> r.bucket("config").key("claims/missing.json").ifMatch(first),
                RequestBody.fromString("x")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    /** DeleteObject with If-Match, as S3 answers it: 412 for another ETag, 404 for no current object. */
    @Test
    void ifMatchDeletesOnlyTheVersionThatWasRead() {
        String first = s3.putObject(r -> r.bucket("config").key("claims/d.json"), RequestBody.fromString("one")).eTag();
        String second = s3.putObject(r -> r.bucket("config").key("claims/d.json"), RequestBody.fromString("two")).eTag();
        assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket("config").key("claims/d.json").ifMatch(first)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        assertThat(s3.getObjectAsBytes(r -> r.bucket("config").key("claims/d.json")).asUtf8String()).isEqualTo("two");
        s3.deleteObject(r -> r.bucket("config").key("claims/d.json").ifMatch(second));
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket("config").key("claims/d.json")))
                .isInstanceOf(NoSuchKeyException.class);
        // A delete marker is no current object: If-Match answers 404.
        assertThatThrownBy(() -> s3.deleteObject(r -> r.bucket("config").key("claims/d.json").ifMatch(second)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void aWriteThatCommitsBetweenCheckAndCommitIsAConflict() {
        S3Store store = cloud.service(S3Store.class);
        Optional<S3Object> seen = store.currentVersion("config", "claims/a.json");
        // Another writer commits after this request was checked...
        store.putObject("config", "claims/a.json", "other".getBytes(), Map.of(), Map.of(), "r1");
        // ...so this one answers 409 instead of overwriting it.
        assertThatThrownBy(() -> store.putObject("config", "claims/a.json", "mine".getBytes(), Map.of(), Map.of(), "r2",
                new S3Store.WriteCondition(true, null), seen))
                .satisfies(e -> assertThat(e).hasMessageContaining("conflicting conditional operation"));
    }

    @Test
    void concurrentCreatesHaveExactlyOneWinner() throws Exception {
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String body = "writer-" + i;
                results.add(pool.submit(() -> {
                    try {
                        s3.putObject(r -> r.bucket("config").key("claims/race.json").ifNoneMatch("*"), RequestBody.fromString(body));
                        return 200;
                    } catch (S3Exception e) {
                        return e.statusCode();
                    }
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).allMatch(s -> s == 200 || s == 412 || s == 409);
            assertThat(s3.listObjectVersions(r -> r.bucket("config").prefix("claims/race.json")).versions()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
