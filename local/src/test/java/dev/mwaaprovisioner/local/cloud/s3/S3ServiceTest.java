package dev.mwaaprovisioner.local.cloud.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ServiceTest {

    LocalCloud cloud;
    S3Client s3;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
    }

    @AfterEach
    void stop() {
        s3.close();
        cloud.close();
    }

    @Test
    void bucketsAreCreatedFoundAndListed() {
        s3.createBucket(r -> r.bucket("config-bucket"));
        s3.headBucket(r -> r.bucket("config-bucket"));
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly("config-bucket");
        assertThat(s3.getBucketLocation(r -> r.bucket("config-bucket")).locationConstraintAsString()).isEmpty();
        // In us-east-1, creating a bucket you own again succeeds, as S3 does there.
        s3.createBucket(r -> r.bucket("config-bucket"));
        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket("missing-bucket")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void aLifecycleConfigurationIsStoredAnsweredAndDeleted() {
        s3.createBucket(r -> r.bucket("lifecycle-bucket"));
        assertThatThrownBy(() -> s3.getBucketLifecycleConfiguration(r -> r.bucket("lifecycle-bucket")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchLifecycleConfiguration");
                });
        s3.putBucketLifecycleConfiguration(r -> r.bucket("lifecycle-bucket").lifecycleConfiguration(c -> c.rules(
                software.amazon.awssdk.services.s3.model.LifecycleRule.builder().id("copies").status("Enabled")
                        .filter(f -> f.prefix("inline-requests/")).expiration(e -> e.days(30))
                        .noncurrentVersionExpiration(n -> n.noncurrentDays(1)).build())));
        var rules = s3.getBucketLifecycleConfiguration(r -> r.bucket("lifecycle-bucket")).rules();
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo("copies");
            assertThat(rule.filter().prefix()).isEqualTo("inline-requests/");
            assertThat(rule.expiration().days()).isEqualTo(30);
            assertThat(rule.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(1);
        });
        // A rule without an action, or an action the local cloud does not keep, is refused, never dropped.
        assertThatThrownBy(() -> s3.putBucketLifecycleConfiguration(r -> r.bucket("lifecycle-bucket").lifecycleConfiguration(
                c -> c.rules(software.amazon.awssdk.services.s3.model.LifecycleRule.builder().id("empty").status("Enabled")
                        .filter(f -> f.prefix("x/")).build()))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedXML"));
        assertThatThrownBy(() -> s3.putBucketLifecycleConfiguration(r -> r.bucket("lifecycle-bucket").lifecycleConfiguration(
                c -> c.rules(software.amazon.awssdk.services.s3.model.LifecycleRule.builder().id("cold").status("Enabled")
                        .filter(f -> f.prefix("x/")).transitions(t -> t.days(30).storageClass("GLACIER")).build()))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(501));
        s3.deleteBucketLifecycle(r -> r.bucket("lifecycle-bucket"));
        assertThatThrownBy(() -> s3.getBucketLifecycleConfiguration(r -> r.bucket("lifecycle-bucket")))
                .isInstanceOf(S3Exception.class);
    }

    @Test
    void bucketsOutsideUsEast1NeedTheirLocationConstraint() {
        try (S3Client west = TestClients.client(S3Client.builder().forcePathStyle(true), cloud, Region.EU_WEST_1)) {
            // The SDK adds the client's region as constraint when none is given; another region is refused.
            assertThatThrownBy(() -> west.createBucket(r -> r.bucket("west-bucket")
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_CENTRAL_1))))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("IllegalLocationConstraintException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
            west.createBucket(r -> r.bucket("west-bucket")
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
            assertThat(west.getBucketLocation(r -> r.bucket("west-bucket")).locationConstraintAsString()).isEqualTo("eu-west-1");
            assertThatThrownBy(() -> west.createBucket(r -> r.bucket("west-bucket")
                    .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1))))
                    .isInstanceOfSatisfying(BucketAlreadyOwnedByYouException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(409);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou");
                    });
        }
        // A request signed for another region than the bucket's is refused, naming the bucket's region.
        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket("west-bucket")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")).contains("eu-west-1");
                });
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket("west-bucket").key("k")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthorizationHeaderMalformed");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("expecting 'eu-west-1'");
                });
    }

    @Test
    void badAndTakenBucketNamesAreRefused() throws Exception {
        // The SDK refuses some bad names itself; the local cloud refuses every one, as S3 does.
        for (String name : List.of("Upper", "ab", "a..b", "192.168.1.1", "-dash", "xn--bucket", "bucket-s3alias", "under_score",
                "x".repeat(64))) {
            HttpResponse<String> response = rawCreateBucket(name);
            assertThat(response.statusCode()).as(name).isEqualTo(400);
            assertThat(response.body()).as(name).contains("<Code>InvalidBucketName</Code>").contains("<BucketName>" + name + "</BucketName>");
        }
        assertThatThrownBy(() -> s3.createBucket(r -> r.bucket("xn--bucket")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidBucketName");
                });
        cloud.faults().failResource(S3Service.TAKEN_BUCKET_FAULT, "popular-name", "TAKEN", Map.of(), 1);
        assertThatThrownBy(() -> s3.createBucket(r -> r.bucket("popular-name")))
                .isInstanceOfSatisfying(BucketAlreadyExistsException.class, e -> assertThat(e.statusCode()).isEqualTo(409));
        assertThat(s3.listBuckets().buckets()).isEmpty();
    }

    @Test
    void objectsArePutReadAndDescribed() throws Exception {
        s3.createBucket(r -> r.bucket("bucket-one"));
        byte[] content = "Name: analytics-dev\n".getBytes(StandardCharsets.UTF_8);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        PutObjectResponse put = s3.putObject(r -> r.bucket("bucket-one").key("requests/dev.yaml").contentType("application/yaml")
                .metadata(Map.of("owner", "data-team")), RequestBody.fromBytes(content));
        assertThat(put.eTag()).isEqualTo("\"" + md5 + "\"");
        assertThat(put.versionId()).isNull();

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket("bucket-one").key("requests/dev.yaml"));
        assertThat(got.asByteArray()).isEqualTo(content);
        assertThat(got.response().eTag()).isEqualTo(put.eTag());
        assertThat(got.response().contentType()).isEqualTo("application/yaml");
        assertThat(got.response().metadata()).containsEntry("owner", "data-team");
        assertThat(got.response().lastModified()).isNotNull();

        HeadObjectResponse head = s3.headObject(r -> r.bucket("bucket-one").key("requests/dev.yaml"));
        assertThat(head.contentLength()).isEqualTo(content.length);
        assertThat(head.eTag()).isEqualTo(put.eTag());

        assertThat(s3.getObjectAsBytes(r -> r.bucket("bucket-one").key("requests/dev.yaml").range("bytes=0-3")).asUtf8String())
                .isEqualTo("Name");

        assertThatThrownBy(() -> s3.getObject(r -> r.bucket("bucket-one").key("nope")))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
                });
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket("bucket-one").key("nope"))).isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.putObject(r -> r.bucket("nobucket").key("k"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
    }

    @Test
    void keysWithSpacesPlusesAndUnicodeRoundTrip() {
        s3.createBucket(r -> r.bucket("bucket-one"));
        String key = "dir/a b+c%d/é.txt";
        s3.putObject(r -> r.bucket("bucket-one").key(key), RequestBody.fromString("x"));
        assertThat(s3.getObjectAsBytes(r -> r.bucket("bucket-one").key(key)).asUtf8String()).isEqualTo("x");
        assertThat(s3.listObjectsV2(r -> r.bucket("bucket-one")).contents()).extracting(S3Object::key).containsExactly(key);
    }

    @Test
    void aContentMd5ThatDoesNotMatchIsRefused() {
        s3.createBucket(r -> r.bucket("bucket-one"));
        assertThatThrownBy(() -> s3.putObject(r -> r.bucket("bucket-one").key("k").contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="),
                RequestBody.fromString("not empty")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket("bucket-one").key("k"))).isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void versionedBucketsKeepVersionsAndDeleteMarkers() {
        s3.createBucket(r -> r.bucket("bucket-one"));
        assertThat(s3.getBucketVersioning(r -> r.bucket("bucket-one")).status()).isNull();
        s3.putBucketVersioning(r -> r.bucket("bucket-one").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        assertThat(s3.getBucketVersioning(r -> r.bucket("bucket-one")).status()).isEqualTo(BucketVersioningStatus.ENABLED);

        String v1 = s3.putObject(r -> r.bucket("bucket-one").key("k"), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(r -> r.bucket("bucket-one").key("k"), RequestBody.fromString("two")).versionId();
        assertThat(v1).isNotBlank().isNotEqualTo(v2);
        assertThat(s3.getObjectAsBytes(r -> r.bucket("bucket-one").key("k")).asUtf8String()).isEqualTo("two");
        ResponseBytes<GetObjectResponse> old = s3.getObjectAsBytes(r -> r.bucket("bucket-one").key("k").versionId(v1));
        assertThat(old.asUtf8String()).isEqualTo("one");
        assertThat(old.response().versionId()).isEqualTo(v1);

        DeleteObjectResponse deleted = s3.deleteObject(r -> r.bucket("bucket-one").key("k"));
        assertThat(deleted.deleteMarker()).isTrue();
        assertThat(deleted.versionId()).isNotBlank().isNotIn(v1, v2);
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket("bucket-one").key("k")))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> assertThat(e.awsErrorDetails().sdkHttpResponse()
                        .firstMatchingHeader("x-amz-delete-marker")).contains("true"));
        assertThat(s3.getObjectAsBytes(r -> r.bucket("bucket-one").key("k").versionId(v2)).asUtf8String()).isEqualTo("two");
        assertThat(s3.listObjectsV2(r -> r.bucket("bucket-one")).contents()).isEmpty();

        var versions = s3.listObjectVersions(r -> r.bucket("bucket-one"));
        assertThat(versions.versions()).extracting(ObjectVersion::versionId).containsExactly(v2, v1);
        assertThat(versions.deleteMarkers()).extracting(DeleteMarkerEntry::versionId, DeleteMarkerEntry::isLatest)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(deleted.versionId(), true));
        assertThatThrownBy(() -> s3.getObject(r -> r.bucket("bucket-one").key("k").versionId("doesnotexist")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchVersion"));

        // Deleting the marker by its version id brings the object back.
        s3.deleteObject(r -> r.bucket("bucket-one").key("k").versionId(deleted.versionId()));
        assertThat(s3.getObjectAsBytes(r -> r.bucket("bucket-one").key("k")).asUtf8String()).isEqualTo("two");
    }

    @Test
    void listObjectsV2HonoursPrefixDelimiterMaxKeysAndContinuation() {
        s3.createBucket(r -> r.bucket("bucket-one"));
        for (String key : List.of("a.txt", "dags/x.py", "dags/y.py", "dags/sub/z.py", "plugins/p.zip", "requests/r1.yaml",
                "requests/r2.yaml", "requests/r3.yaml", "z.txt")) {
            s3.putObject(r -> r.bucket("bucket-one").key(key), RequestBody.fromString(key));
        }
        ListObjectsV2Response top = s3.listObjectsV2(r -> r.bucket("bucket-one").delimiter("/"));
        assertThat(top.contents()).extracting(S3Object::key).containsExactly("a.txt", "z.txt");
        assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("dags/", "plugins/", "requests/");
        assertThat(top.keyCount()).isEqualTo(5);

        ListObjectsV2Response dags = s3.listObjectsV2(r -> r.bucket("bucket-one").prefix("dags/").delimiter("/"));
        assertThat(dags.contents()).extracting(S3Object::key).containsExactly("dags/x.py", "dags/y.py");
        assertThat(dags.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("dags/sub/");
        assertThat(dags.contents().get(0).size()).isEqualTo("dags/x.py".length());

        ListObjectsV2Response page1 = s3.listObjectsV2(r -> r.bucket("bucket-one").prefix("requests/").maxKeys(2));
        assertThat(page1.contents()).extracting(S3Object::key).containsExactly("requests/r1.yaml", "requests/r2.yaml");
        assertThat(page1.isTruncated()).isTrue();
        ListObjectsV2Response page2 = s3.listObjectsV2(r -> r.bucket("bucket-one").prefix("requests/").maxKeys(2)
                .continuationToken(page1.nextContinuationToken()));
        assertThat(page2.contents()).extracting(S3Object::key).containsExactly("requests/r3.yaml");
        assertThat(page2.isTruncated()).isFalse();

        // Pages of one, common prefixes counted once, through the SDK paginator.
        List<String> all = s3.listObjectsV2Paginator(r -> r.bucket("bucket-one").delimiter("/").maxKeys(1)).stream()
                .flatMap(p -> java.util.stream.Stream.concat(p.contents().stream().map(S3Object::key),
                        p.commonPrefixes().stream().map(CommonPrefix::prefix)))
                .toList();
        assertThat(all).containsExactly("a.txt", "dags/", "plugins/", "requests/", "z.txt");
        assertThat(s3.listObjectsV2(r -> r.bucket("bucket-one").startAfter("requests/r3.yaml")).contents())
                .extracting(S3Object::key).containsExactly("z.txt");
    }

    @Test
    void publicAccessBlockIsPutAndRead() {
        s3.createBucket(r -> r.bucket("bucket-one"));
        s3.deletePublicAccessBlock(r -> r.bucket("bucket-one"));
        assertThatThrownBy(() -> s3.getPublicAccessBlock(r -> r.bucket("bucket-one")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchPublicAccessBlockConfiguration");
                });
        s3.putPublicAccessBlock(r -> r.bucket("bucket-one").publicAccessBlockConfiguration(c -> c
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
        var config = s3.getPublicAccessBlock(r -> r.bucket("bucket-one")).publicAccessBlockConfiguration();
        assertThat(List.of(config.blockPublicAcls(), config.ignorePublicAcls(), config.blockPublicPolicy(), config.restrictPublicBuckets()))
                .containsOnly(true);
        assertThat(cloud.service(S3Store.class).bucket("bucket-one").publicAccessBlock().blocksAll()).isTrue();
    }

    @Test
    void bucketPoliciesArePutAndRead() {
        s3.createBucket(r -> r.bucket("bucket-one"));
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\","
                + "\"Resource\":\"arn:aws:s3:::bucket-one/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
        s3.putBucketPolicy(r -> r.bucket("bucket-one").policy(policy));
        assertThat(s3.getBucketPolicy(r -> r.bucket("bucket-one")).policy()).isEqualTo(policy);
        assertThatThrownBy(() -> s3.putBucketPolicy(r -> r.bucket("bucket-one").policy("nope")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicy"));
    }

    @Test
    void eventBridgeNotificationsAreConfigured() {
        s3.createBucket(r -> r.bucket("bucket-one"));
        assertThat(s3.getBucketNotificationConfiguration(r -> r.bucket("bucket-one")).eventBridgeConfiguration()).isNull();
        s3.putBucketNotificationConfiguration(r -> r.bucket("bucket-one").notificationConfiguration(n -> n.eventBridgeConfiguration(e -> { })));
        assertThat(s3.getBucketNotificationConfiguration(r -> r.bucket("bucket-one")).eventBridgeConfiguration()).isNotNull();
        assertThatThrownBy(() -> s3.putBucketNotificationConfiguration(r -> r.bucket("bucket-one").notificationConfiguration(n -> n
                .queueConfigurations(q -> q.queueArn("arn:aws:sqs:us-east-1:000000000000:q").eventsWithStrings("s3:ObjectCreated:*")))))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(501);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("QueueConfiguration is not supported by the local cloud");
                });
        // Turning it off: an empty configuration.
        s3.putBucketNotificationConfiguration(r -> r.bucket("bucket-one").notificationConfiguration(n -> { }));
        assertThat(s3.getBucketNotificationConfiguration(r -> r.bucket("bucket-one")).eventBridgeConfiguration()).isNull();
    }

    @Test
    void aBucketMustBeEmptyToBeDeleted() {
        s3.createBucket(r -> r.bucket("bucket-one"));
        s3.putObject(r -> r.bucket("bucket-one").key("k"), RequestBody.fromString("x"));
        assertThatThrownBy(() -> s3.deleteBucket(r -> r.bucket("bucket-one")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(409);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
                });
        s3.deleteObject(r -> r.bucket("bucket-one").key("k"));
        s3.deleteBucket(r -> r.bucket("bucket-one"));
        assertThatThrownBy(() -> s3.deleteBucket(r -> r.bucket("bucket-one"))).isInstanceOf(NoSuchBucketException.class);
    }

    @Test
    void deleteObjectsDeletesManyKeys() {
        s3.createBucket(r -> r.bucket("bucket-one"));
        for (String key : List.of("a", "b", "c")) {
            s3.putObject(r -> r.bucket("bucket-one").key(key), RequestBody.fromString(key));
        }
        var result = s3.deleteObjects(r -> r.bucket("bucket-one").delete(d -> d.objects(o -> o.key("a"), o -> o.key("b"))));
        assertThat(result.deleted()).extracting(d -> d.key()).containsExactly("a", "b");
        assertThat(s3.listObjectsV2(r -> r.bucket("bucket-one")).contents()).extracting(S3Object::key).containsExactly("c");
    }

    @Test
    void operationsNotEmulatedAreRefused() {
        s3.createBucket(r -> r.bucket("bucket-one"));
        s3.putObject(r -> r.bucket("bucket-one").key("k"), RequestBody.fromString("x"));
        assertThatThrownBy(() -> s3.copyObject(r -> r.sourceBucket("bucket-one").sourceKey("k").destinationBucket("bucket-one").destinationKey("k2")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(501);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("S3 operation CopyObject is not supported by the local cloud");
                });
        assertThatThrownBy(() -> s3.putBucketCors(r -> r.bucket("bucket-one").corsConfiguration(c -> c.corsRules(rule -> rule
                .allowedMethods("GET").allowedOrigins("https://example.com")))))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("S3 operation PutBucketCors is not supported by the local cloud"));
    }

    @Test
    void virtualHostedRequestsOnLocalhostNameTheBucketInTheHost() throws Exception {
        s3.createBucket(r -> r.bucket("vhost-bucket"));
        s3.putObject(r -> r.bucket("vhost-bucket").key("dir/k.txt"), RequestBody.fromString("hello"));
        // What a client sends for http://vhost-bucket.localhost:<port>/dir/k.txt.
        String response = TestClients.rawHttp(cloud, "GET /dir/k.txt HTTP/1.1\r\n"
                + "Host: vhost-bucket.localhost:" + cloud.port() + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200").endsWith("hello");
    }

    private HttpResponse<String> rawCreateBucket(String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(cloud.endpoint().resolve("/" + name))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0")
                .PUT(HttpRequest.BodyPublishers.noBody()).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientWithoutForcePathStyleAlsoWorksAgainstTheIpEndpoint() {
        try (S3Client plain = TestClients.client(S3Client.builder(), cloud)) {
            plain.createBucket(r -> r.bucket("plain-bucket"));
            plain.putObject(r -> r.bucket("plain-bucket").key("k"), RequestBody.fromString("v"));
            assertThat(plain.getObjectAsBytes(r -> r.bucket("plain-bucket").key("k")).asUtf8String()).isEqualTo("v");
        }
    }
}
