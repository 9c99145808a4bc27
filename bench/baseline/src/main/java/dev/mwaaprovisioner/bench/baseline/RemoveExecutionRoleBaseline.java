package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.teardown.RemoveExecutionRoleHandler;
import software.amazon.awssdk.services.iam.IamClient;
import java.io.InputStream;
import java.io.OutputStream;

/** RemoveExecutionRoleFunction with a default-built IAM client. */
public final class RemoveExecutionRoleBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (IamClient iam = IamClient.builder().build()) {
            new RemoveExecutionRoleHandler(iam).handleRequest(input, output, context);
        }
    }
}
