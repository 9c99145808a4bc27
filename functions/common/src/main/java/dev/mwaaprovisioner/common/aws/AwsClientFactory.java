package dev.mwaaprovisioner.common.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Configures AWS SDK v2 clients from the environment, explicitly and cheaply, the same way in a
 * Lambda function, in the local runner and in tests:
 * <ul>
 *   <li>Region from {@code AWS_REGION}, else {@code AWS_DEFAULT_REGION} (no provider chain: it
 *       costs start-up time and hides a missing setting);</li>
 *   <li>credentials from {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and
 *       {@code AWS_SESSION_TOKEN}; only when they are absent the SDK's default chain (which
 *       covers Lambda SnapStart's container credentials, profiles, instance roles);</li>
 *   <li>endpoint from {@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}, unless
 *       {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true; with an endpoint override, host-prefix
 *       injection is turned off, or MWAA's {@code api.} prefix would turn {@code 127.0.0.1} into
 *       the unresolvable {@code api.127.0.0.1};</li>
 *   <li>HTTP client: one shared URL-connection client (the smallest and quickest to start),
 *       unless the caller passes another one, as MWAA needs for PATCH.</li>
 * </ul>
 * The environment is a map handed in, so tests need not touch the process environment. Build one
 * factory per container and close it when done: that closes the shared HTTP client.
 */
public final class AwsClientFactory implements AutoCloseable {

    static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";
    static final String IGNORE_ENDPOINT_URLS = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
    static final String REGION = "AWS_REGION";
    static final String DEFAULT_REGION = "AWS_DEFAULT_REGION";
    static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

    private static final Pattern REGION_CODE = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");

    private final Map<String, String> environment;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private SdkHttpClient sharedHttpClient;

    /**
     * A factory reading the given environment variables.
     *
     * @throws IllegalArgumentException if the Region is missing or malformed, or the credentials
     *     are half set
     */
    public AwsClientFactory(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.region = regionFrom(this.environment);
        this.credentials = credentialsFrom(this.environment);
    }

    /** A factory reading the process environment. */
    public static AwsClientFactory fromEnvironment() {
        return new AwsClientFactory(System.getenv());
    }

    public Region region() {
        return region;
    }

    public AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    /** The endpoint override in force for a service, if any. */
    public Optional<URI> endpointOverride(AwsService service) {
        if ("true".equalsIgnoreCase(variable(IGNORE_ENDPOINT_URLS))) {
            return Optional.empty();
        }
        String specific = variable(service.endpointVariable());
        if (specific != null) {
            return Optional.of(endpointUri(service.endpointVariable(), specific));
        }
        String general = variable(ENDPOINT_URL);
        return general == null ? Optional.empty() : Optional.of(endpointUri(ENDPOINT_URL, general));
    }

    /** Builds a client with the shared URL-connection HTTP client. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C create(B builder, AwsService service) {
        return configure(builder, service, sharedHttpClient()).build();
    }

    /** Builds a client with the given HTTP client, which the caller keeps and closes. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C create(B builder, AwsService service,
                                                                                      SdkHttpClient httpClient) {
        return configure(builder, service, httpClient).build();
    }

    /**
     * Applies Region, credentials, endpoint and HTTP client to a builder and returns it for further
     * settings. Override configuration already on the builder is kept.
     */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder,
                                                                                         AwsService service,
                                                                                         SdkHttpClient httpClient) {
        if (httpClient == null) {
            throw new IllegalArgumentException("httpClient: (missing); pass an SdkHttpClient, or use "
                    + "create(builder, service) for the shared URL-connection client.");
        }
        // Wrapped so that SnapStart priming can run the client's call path without network.
        builder.region(region).credentialsProvider(credentials).httpClient(PrimingHttpClient.wrap(httpClient));
        ClientOverrideConfiguration existing = builder.overrideConfiguration();
        ClientOverrideConfiguration.Builder merged = existing == null
                ? ClientOverrideConfiguration.builder() : existing.toBuilder();
        // Every call's request id, for the step's log line.
        merged.addExecutionInterceptor(new AwsRequestIds());
        Optional<URI> endpoint = endpointOverride(service);
        if (endpoint.isPresent()) {
            builder.endpointOverride(endpoint.get());
            merged.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true);
        }
        builder.overrideConfiguration(merged.build());
        return builder;
    }

    @Override
    public synchronized void close() {
        if (sharedHttpClient != null) {
            sharedHttpClient.close();
            sharedHttpClient = null;
        }
    }

    private synchronized SdkHttpClient sharedHttpClient() {
        if (sharedHttpClient == null) {
            sharedHttpClient = UrlConnectionHttpClient.builder().build();
        }
        return sharedHttpClient;
    }

    private String variable(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Region regionFrom(Map<String, String> environment) {
        String name = REGION;
        String value = environment.get(REGION);
        if (value == null || value.isBlank()) {
            name = DEFAULT_REGION;
            value = environment.get(DEFAULT_REGION);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(REGION + ": not set; set AWS_REGION (or AWS_DEFAULT_REGION) to the Region "
                    + "to work in, e.g. AWS_REGION=us-east-1.");
        }
        String trimmed = value.trim();
        if (!REGION_CODE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not an AWS Region code; use one like "
                    + "us-east-1.");
        }
        return Region.of(trimmed);
    }

    private static AwsCredentialsProvider credentialsFrom(Map<String, String> environment) {
        String keyId = blankToNull(environment.get(ACCESS_KEY_ID));
        String secret = blankToNull(environment.get(SECRET_ACCESS_KEY));
        String token = blankToNull(environment.get(SESSION_TOKEN));
        if (keyId == null && secret == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (keyId == null || secret == null) {
            String missing = keyId == null ? ACCESS_KEY_ID : SECRET_ACCESS_KEY;
            String present = keyId == null ? SECRET_ACCESS_KEY : ACCESS_KEY_ID;
            throw new IllegalArgumentException(missing + ": not set, but " + present + " is; set both (and "
                    + SESSION_TOKEN + " for temporary credentials) or neither.");
        }
        AwsCredentials credentials = token == null
                ? AwsBasicCredentials.create(keyId, secret)
                : AwsSessionCredentials.create(keyId, secret, token);
        return StaticCredentialsProvider.create(credentials);
    }

    private static URI endpointUri(String variable, String value) {
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(value, "not an absolute http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(variable + ": '" + value + "' is not an endpoint URL; use an absolute "
                    + "URL such as http://127.0.0.1:4566.", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
