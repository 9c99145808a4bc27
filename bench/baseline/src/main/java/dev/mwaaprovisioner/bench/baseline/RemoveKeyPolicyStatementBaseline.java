package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.keypolicy.RemoveKeyPolicyStatementHandler;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.s3.S3Client;
import java.io.InputStream;
import java.io.OutputStream;

/** RemoveKeyPolicyStatementFunction with default-built KMS, MWAA and S3 clients. */
public final class RemoveKeyPolicyStatementBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (KmsClient kms = KmsClient.create(); MwaaClient mwaa = Mwaa.defaultClient(); S3Client s3 = S3Client.create()) {
            new RemoveKeyPolicyStatementHandler(kms, mwaa, s3, System.getenv("CONFIG_BUCKET"))
                    .handleRequest(input, output, context);
        }
    }
}
