package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.removalplan.PlanRemovalHandler;
import software.amazon.awssdk.services.s3.S3Client;
import java.io.InputStream;
import java.io.OutputStream;

/** PlanRemovalFunction with a default-built S3 client. */
public final class PlanRemovalBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (S3Client s3 = S3Client.builder().forcePathStyle(true).build()) {
            new PlanRemovalHandler(s3, System.getenv("CONFIG_BUCKET")).handleRequest(input, output, context);
        }
    }
}
