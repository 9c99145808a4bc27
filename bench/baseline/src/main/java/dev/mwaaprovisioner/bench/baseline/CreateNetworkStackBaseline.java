package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.network.CreateNetworkStackHandler;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import java.io.InputStream;
import java.io.OutputStream;

/** CreateNetworkStackFunction with a default-built CloudFormation client. */
public final class CreateNetworkStackBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (CloudFormationClient cloudFormation = CloudFormationClient.create()) {
            new CreateNetworkStackHandler(cloudFormation, null).handleRequest(input, output, context);
        }
    }
}
