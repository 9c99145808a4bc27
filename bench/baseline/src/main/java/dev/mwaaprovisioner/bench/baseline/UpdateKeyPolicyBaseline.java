package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.keypolicy.UpdateKeyPolicyHandler;
import software.amazon.awssdk.services.kms.KmsClient;
import java.io.InputStream;
import java.io.OutputStream;

/** UpdateKeyPolicyFunction with a default-built KMS client. */
public final class UpdateKeyPolicyBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (KmsClient kms = KmsClient.create()) {
            new UpdateKeyPolicyHandler(kms).handleRequest(input, output, context);
        }
    }
}
