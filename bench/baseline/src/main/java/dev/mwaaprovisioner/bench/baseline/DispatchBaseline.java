package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.dispatch.DispatchHandler;
import java.io.InputStream;
import java.io.OutputStream;
import software.amazon.awssdk.services.sfn.SfnClient;

/** DispatchFunction with a default-built Step Functions client. */
public final class DispatchBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (SfnClient stepFunctions = SfnClient.create()) {
            new DispatchHandler(stepFunctions, System.getenv("STATE_MACHINE_ARN")).handleRequest(input, output, context);
        }
    }
}
