package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.environment.CreateEnvironmentHandler;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import java.io.InputStream;
import java.io.OutputStream;

/** CreateEnvironmentFunction with a default-built MWAA client (host-prefix injection off: the local endpoint has no api. host). */
public final class CreateEnvironmentBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (MwaaClient mwaa = Mwaa.defaultClient()) {
            new CreateEnvironmentHandler(mwaa).handleRequest(input, output, context);
        }
    }
}
