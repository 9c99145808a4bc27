package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mwaaprovisioner.common.documents.KmsKeyArn;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Which environment Names were provisioned with a customer-managed key: one object
 * {@code key-users/<key id>/<Name>} in the config bucket per Name, written by the key-policy step
 * before the environment exists and deleted when the Name's statement is removed.
 *
 * <p>Why: the "Allow logs access" statement is shared by every environment on the key, and MWAA
 * only lists an environment once CreateEnvironment has run. Between the key-policy step of one
 * provisioning and its CreateEnvironment, a removal of another environment on the same key would
 * find no other user and take the statement away. Both steps touch these objects only while
 * holding the key's {@link KeyPolicyLock}, so a removal sees every Name whose provisioning has
 * passed its key-policy step.
 *
 * <p>Needs {@code s3:PutObject} (register), {@code s3:DeleteObject} and {@code s3:ListBucket}
 * (unregister, list) on {@code key-users/*}.
 */
public final class KeyUsers {

    public static final String PREFIX = "key-users/";

    private final S3Client s3;
    private final String bucket;

    public KeyUsers(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** {@code key-users/<key id>/}: the key ID of a key ARN, the part after {@code key/}. */
    static String prefix(String keyArn) {
        return PREFIX + KmsKeyArn.parse(keyArn).keyId() + "/";
    }

    /** Records that {@code name} uses the key; writing it again changes nothing. */
    public void register(String keyArn, String name) {
        String key = prefix(keyArn) + name;
        byte[] body;
        try {
            body = WorkflowJson.MAPPER.writeValueAsBytes(Map.of("Name", name, "KeyArn", keyArn));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        AwsCalls.run("PutObject " + uri(key), () -> s3.putObject(r -> r.bucket(bucket).key(key)
                .contentType("application/json"), RequestBody.fromBytes(body)));
    }

    /** Forgets that {@code name} uses the key. */
    public void unregister(String keyArn, String name) {
        String key = prefix(keyArn) + name;
        AwsCalls.run("DeleteObject " + uri(key), () -> s3.deleteObject(r -> r.bucket(bucket).key(key)));
    }

    /** Every Name recorded as using the key. */
    public List<String> names(String keyArn) {
        String prefix = prefix(keyArn);
        List<String> names = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListObjectsV2Response page = AwsCalls.call("ListObjectsV2 " + uri(prefix), () -> s3.listObjectsV2(r -> r
                    .bucket(bucket).prefix(prefix).continuationToken(next)));
            for (S3Object object : page.contents()) {
                names.add(object.key().substring(prefix.length()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return names;
    }

    private String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
