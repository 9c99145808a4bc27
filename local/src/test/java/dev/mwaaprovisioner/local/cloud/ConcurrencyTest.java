package dev.mwaaprovisioner.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/** The workflow calls the cloud from many threads at once; the stores must stay consistent. */
class ConcurrencyTest {

    static final String TRUST = "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"airflow.amazonaws.com\"},"
            + "\"Action\":\"sts:AssumeRole\"}]}";

    @Test
    void concurrentWritesAreNeitherLostNorDuplicated() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults());
             S3Client s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
             IamClient iam = TestClients.client(IamClient.builder(), cloud)) {
            s3.createBucket(r -> r.bucket("busy-bucket"));
            s3.putBucketVersioning(r -> r.bucket("busy-bucket").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                Set<String> versions = ConcurrentHashMap.newKeySet();
                AtomicInteger created = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                List<Callable<Void>> work = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int n = i;
                    work.add(() -> {
                        versions.add(s3.putObject(r -> r.bucket("busy-bucket").key("k" + (n % 4)), RequestBody.fromString("v" + n))
                                .versionId());
                        try {
                            iam.createRole(r -> r.roleName("contended").assumeRolePolicyDocument(TRUST));
                            created.incrementAndGet();
                        } catch (EntityAlreadyExistsException e) {
                            refused.incrementAndGet();
                        }
                        return null;
                    });
                }
                for (Future<Void> f : pool.invokeAll(work)) {
                    f.get();
                }
                assertThat(versions).hasSize(40);
                assertThat(s3.listObjectVersions(r -> r.bucket("busy-bucket")).versions()).hasSize(40);
                assertThat(created.get()).isEqualTo(1);
                assertThat(refused.get()).isEqualTo(39);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
