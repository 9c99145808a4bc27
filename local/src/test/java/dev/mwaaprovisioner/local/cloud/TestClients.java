package dev.mwaaprovisioner.local.cloud;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import java.util.function.Consumer;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Builds real AWS SDK v2 clients pointed at a local cloud, as a user would: endpoint override,
 * any static credentials, host-prefix injection off (MWAA's {@code api.} prefix), a URL-connection
 * HTTP client.
 */
public final class TestClients {

    private TestClients() {}

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, LocalCloud cloud) {
        return client(builder, cloud, Region.US_EAST_1);
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, LocalCloud cloud,
                                                                                             Region region) {
        return client(builder, cloud, region, c -> { });
    }

    /** As {@link #client(AwsClientBuilder, LocalCloud)}, with further override configuration (e.g. a retry strategy). */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(
            B builder, LocalCloud cloud, Region region, Consumer<ClientOverrideConfiguration.Builder> overrides) {
        return builder
                .endpointOverride(cloud.endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> overrides.accept(
                        c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)))
                .build();
    }

    /** Sends a raw HTTP/1.1 request (for headers no HTTP client lets one set, such as Host) and returns the raw response. */
    public static String rawHttp(LocalCloud cloud, String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), cloud.port())) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
