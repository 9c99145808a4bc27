package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.teardown.RemoveNetworkStackHandler;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import java.io.InputStream;
import java.io.OutputStream;

/** RemoveNetworkStackFunction with a default-built CloudFormation client. */
public final class RemoveNetworkStackBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (CloudFormationClient cloudFormation = CloudFormationClient.create()) {
            new RemoveNetworkStackHandler(cloudFormation).handleRequest(input, output, context);
        }
    }
}
