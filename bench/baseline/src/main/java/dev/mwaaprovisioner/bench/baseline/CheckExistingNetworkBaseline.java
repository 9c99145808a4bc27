package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.existingnetwork.CheckExistingNetworkHandler;
import software.amazon.awssdk.services.ec2.Ec2Client;
import java.io.InputStream;
import java.io.OutputStream;

/** CheckExistingNetworkFunction with a default-built EC2 client. */
public final class CheckExistingNetworkBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (Ec2Client ec2 = Ec2Client.create()) {
            new CheckExistingNetworkHandler(ec2).handleRequest(input, output, context);
        }
    }
}
