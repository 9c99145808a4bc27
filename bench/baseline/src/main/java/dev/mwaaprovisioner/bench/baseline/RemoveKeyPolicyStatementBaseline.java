package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.teardown.RemoveKeyPolicyStatementHandler;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import java.io.InputStream;
import java.io.OutputStream;

/** RemoveKeyPolicyStatementFunction with default-built KMS and MWAA clients. */
public final class RemoveKeyPolicyStatementBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (KmsClient kms = KmsClient.create(); MwaaClient mwaa = Mwaa.defaultClient()) {
            new RemoveKeyPolicyStatementHandler(kms, mwaa).handleRequest(input, output, context);
        }
    }
}
