package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.common.workflow.KeyPolicyLock;
import dev.mwaaprovisioner.common.workflow.KeyUsers;
import dev.mwaaprovisioner.functions.keypolicy.UpdateKeyPolicyHandler;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** UpdateKeyPolicyFunction with default-built KMS and S3 clients. */
public final class UpdateKeyPolicyBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (KmsClient kms = KmsClient.create(); S3Client s3 = S3Client.create()) {
            String bucket = System.getenv("CONFIG_BUCKET");
            new UpdateKeyPolicyHandler(kms, new KeyPolicyLock(s3, bucket), new KeyUsers(s3, bucket))
                    .handleRequest(input, output, context);
        }
    }
}
