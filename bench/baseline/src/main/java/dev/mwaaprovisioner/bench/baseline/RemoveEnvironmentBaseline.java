package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.teardown.RemoveEnvironmentHandler;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import java.io.InputStream;
import java.io.OutputStream;

/** RemoveEnvironmentFunction with a default-built MWAA client (host-prefix injection off: the local endpoint has no api. host). */
public final class RemoveEnvironmentBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (MwaaClient mwaa = Mwaa.defaultClient()) {
            new RemoveEnvironmentHandler(mwaa).handleRequest(input, output, context);
        }
    }
}
