package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.report.ReportHandler;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import java.io.InputStream;
import java.io.OutputStream;

/** ReportFunction with default-built S3 and EventBridge clients (path-style S3: the local endpoint has no bucket host names). */
public final class ReportBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (S3Client s3 = S3Client.builder().forcePathStyle(true).build(); EventBridgeClient events = EventBridgeClient.create()) {
            new ReportHandler(s3, events, System.getenv("CONFIG_BUCKET"), "default").handleRequest(input, output, context);
        }
    }
}
