package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.environment.UpdateEnvironmentHandler;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.mwaa.MwaaClient;

/** UpdateEnvironmentFunction with a default-built MWAA client (host-prefix injection off: the local endpoint has no api. host). */
public final class UpdateEnvironmentBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (MwaaClient mwaa = Mwaa.defaultClient()) {
            new UpdateEnvironmentHandler(mwaa).handleRequest(input, output, context);
        }
    }
}
