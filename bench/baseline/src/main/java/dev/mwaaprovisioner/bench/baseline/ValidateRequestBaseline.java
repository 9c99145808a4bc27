package dev.mwaaprovisioner.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mwaaprovisioner.functions.validate.ValidateRequestHandler;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import java.io.InputStream;
import java.io.OutputStream;

/** ValidateRequestFunction with default-built S3 and STS clients (path-style S3: the local endpoint has no bucket host names). */
public final class ValidateRequestBaseline implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (S3Client s3 = S3Client.builder().forcePathStyle(true).build(); StsClient sts = StsClient.create()) {
            new ValidateRequestHandler(s3, sts, new DefaultAwsRegionProviderChain().getRegion().id(),
                    System.getenv("CONFIG_BUCKET"), "requests/").handleRequest(input, output, context);
        }
    }
}
