package dev.mwaaprovisioner.common.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.MwaaClientBuilder;
import software.amazon.awssdk.services.mwaa.model.GetEnvironmentResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** Real SDK clients, configured by the factory, against HTTP servers on 127.0.0.1. */
class AwsClientFactoryTest {

    private static final String CALLER_IDENTITY = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>arn:aws:iam::%s:user/local</Arn>
                <UserId>AIDALOCAL</UserId>
                <Account>%s</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
            </GetCallerIdentityResponse>
            """;

    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private HttpServer otherServer;

    record RecordedRequest(String server, String method, String path, String host, String authorization,
                           String securityToken) {
    }

    @BeforeEach
    void startServers() throws IOException {
        server = startServer("main", "111122223333");
        otherServer = startServer("other", "444455556666");
    }

    @AfterEach
    void stopServers() {
        server.stop(0);
        otherServer.stop(0);
    }

    private HttpServer startServer(String name, String account) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", exchange -> answer(name, account, exchange));
        s.start();
        return s;
    }

    private void answer(String name, String account, HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        requests.add(new RecordedRequest(name, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("X-Amz-Security-Token")));
        String path = exchange.getRequestURI().getPath();
        String body;
        String type;
        if (path.startsWith("/environments/")) {
            type = "application/json";
            body = exchange.getRequestMethod().equals("PATCH")
                    ? "{\"Arn\": \"arn:aws:airflow:eu-west-1:" + account + ":environment/analytics-dev\"}"
                    : "{\"Environment\": {\"Name\": \"analytics-dev\", \"Status\": \"AVAILABLE\"}}";
        } else {
            type = "text/xml";
            body = CALLER_IDENTITY.formatted(account, account);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String url(HttpServer s) {
        return "http://127.0.0.1:" + s.getAddress().getPort();
    }

    private Map<String, String> environment(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "AKIDLOCAL");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    @Test
    void stsClientUsesTheEndpointRegionAndCredentialsOfTheEnvironment() {
        Map<String, String> env = environment("AWS_ENDPOINT_URL", url(server), "AWS_SESSION_TOKEN", "token-1");
        try (AwsClientFactory factory = new AwsClientFactory(env);
             StsClient sts = factory.create(StsClient.builder(), AwsService.STS)) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.account()).isEqualTo("111122223333");
        }
        assertThat(requests).hasSize(1);
        RecordedRequest request = requests.get(0);
        assertThat(request.server()).isEqualTo("main");
        assertThat(request.host()).isEqualTo("127.0.0.1:" + server.getAddress().getPort());
        assertThat(request.authorization()).contains("Credential=AKIDLOCAL/").contains("/eu-west-1/sts/aws4_request");
        assertThat(request.securityToken()).isEqualTo("token-1");
    }

    @Test
    void aServiceSpecificEndpointWinsOverTheGeneralOne() {
        Map<String, String> env = environment("AWS_ENDPOINT_URL", url(server),
                "AWS_ENDPOINT_URL_STS", url(otherServer));
        try (AwsClientFactory factory = new AwsClientFactory(env);
             StsClient sts = factory.create(StsClient.builder(), AwsService.STS)) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo("444455556666");
            assertThat(factory.endpointOverride(AwsService.STS)).contains(URI.create(url(otherServer)));
            assertThat(factory.endpointOverride(AwsService.MWAA)).contains(URI.create(url(server)));
        }
        assertThat(requests).extracting(RecordedRequest::server).containsExactly("other");
    }

    @Test
    void mwaaClientWithAnEndpointOverrideCallsTheHostAsGivenWithoutTheApiPrefix() {
        Map<String, String> env = environment("AWS_ENDPOINT_URL_MWAA", url(server));
        try (AwsClientFactory factory = new AwsClientFactory(env);
             SdkHttpClient apache = ApacheHttpClient.builder().build();
             MwaaClient mwaa = factory.create(MwaaClient.builder(), AwsService.MWAA, apache)) {
            GetEnvironmentResponse response = mwaa.getEnvironment(r -> r.name("analytics-dev"));
            assertThat(response.environment().statusAsString()).isEqualTo("AVAILABLE");
            // UpdateEnvironment is a PATCH: the Apache client sends it.
            assertThat(mwaa.updateEnvironment(r -> r.name("analytics-dev").maxWorkers(3)).arn())
                    .endsWith(":environment/analytics-dev");
        }
        assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::path, RecordedRequest::host)
                .containsExactly(
                        Tuple.tuple("GET", "/environments/analytics-dev",
                                "127.0.0.1:" + server.getAddress().getPort()),
                        Tuple.tuple("PATCH", "/environments/analytics-dev",
                                "127.0.0.1:" + server.getAddress().getPort()));
        assertThat(requests.get(0).authorization()).contains("/eu-west-1/airflow/aws4_request");
    }

    @Test
    void theDefaultUrlConnectionClientCannotSendMwaasPatch() {
        Map<String, String> env = environment("AWS_ENDPOINT_URL", url(server));
        try (AwsClientFactory factory = new AwsClientFactory(env);
             MwaaClient mwaa = factory.create(MwaaClient.builder(), AwsService.MWAA)) {
            assertThat(mwaa.getEnvironment(r -> r.name("analytics-dev")).environment().name())
                    .isEqualTo("analytics-dev");
            assertThatThrownBy(() -> mwaa.updateEnvironment(r -> r.name("analytics-dev").maxWorkers(3)))
                    .hasStackTraceContaining("Invalid HTTP method: PATCH");
        }
    }

    @Test
    void hostPrefixInjectionIsOffOnlyWithAnEndpointOverride() {
        HostRecordingHttpClient recorder = new HostRecordingHttpClient();
        String endpoint = "http://127.0.0.1:4566";

        // Without the factory's setting, the SDK prepends MWAA's "api." to the override's host,
        // which is not even a valid host name.
        try (MwaaClient plain = MwaaClient.builder().region(Region.EU_WEST_1).httpClient(recorder)
                .credentialsProvider(new AwsClientFactory(environment()).credentialsProvider())
                .endpointOverride(URI.create(endpoint)).build()) {
            assertThatThrownBy(() -> plain.getEnvironment(r -> r.name("x")))
                    .hasStackTraceContaining("http://api.127.0.0.1:4566");
        }
        try (AwsClientFactory factory = new AwsClientFactory(environment("AWS_ENDPOINT_URL", endpoint));
             MwaaClient configured = factory.create(MwaaClient.builder(), AwsService.MWAA, recorder)) {
            configured.getEnvironment(r -> r.name("x"));
        }
        // Against AWS itself (no override) the prefix stays, as the service expects.
        try (AwsClientFactory factory = new AwsClientFactory(environment());
             MwaaClient aws = factory.create(MwaaClient.builder(), AwsService.MWAA, recorder)) {
            aws.getEnvironment(r -> r.name("x"));
        }
        assertThat(recorder.hosts).containsExactly("127.0.0.1", "api.airflow.eu-west-1.amazonaws.com");
    }

    @Test
    void keepsOverrideConfigurationTheCallerSet() {
        try (AwsClientFactory factory = new AwsClientFactory(environment("AWS_ENDPOINT_URL", url(server)))) {
            MwaaClientBuilder builder = MwaaClient.builder()
                    .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(7)));
            factory.configure(builder, AwsService.MWAA, new HostRecordingHttpClient());
            assertThat(builder.overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(7));
            assertThat(builder.overrideConfiguration().advancedOption(
                    SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION)).contains(true);
        }
    }

    @Test
    void ignoresConfiguredEndpointsWhenTold() {
        AwsClientFactory factory = new AwsClientFactory(environment("AWS_ENDPOINT_URL", url(server),
                "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
        assertThat(factory.endpointOverride(AwsService.S3)).isEmpty();
        factory.close();
    }

    @Test
    void regionComesFromAwsRegionThenAwsDefaultRegion() {
        Map<String, String> env = environment("AWS_DEFAULT_REGION", "us-west-2");
        assertThat(new AwsClientFactory(env).region()).isEqualTo(Region.EU_WEST_1);
        env.remove("AWS_REGION");
        assertThat(new AwsClientFactory(env).region()).isEqualTo(Region.US_WEST_2);
        env.remove("AWS_DEFAULT_REGION");
        assertThatThrownBy(() -> new AwsClientFactory(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("AWS_REGION: not set");
        env.put("AWS_DEFAULT_REGION", "Frankfurt");
        assertThatThrownBy(() -> new AwsClientFactory(env))
                .hasMessageStartingWith("AWS_DEFAULT_REGION: 'Frankfurt' is not an AWS Region code");
    }

    @Test
    void credentialsComeFromTheEnvironmentOrTheDefaultChain() {
        AwsSessionCredentials session = (AwsSessionCredentials) new AwsClientFactory(
                environment("AWS_SESSION_TOKEN", "t")).credentialsProvider().resolveCredentials();
        assertThat(session.accessKeyId()).isEqualTo("AKIDLOCAL");
        assertThat(session.secretAccessKey()).isEqualTo("secret");
        assertThat(session.sessionToken()).isEqualTo("t");

        Map<String, String> none = new HashMap<>(Map.of("AWS_REGION", "eu-west-1"));
        assertThat(new AwsClientFactory(none).credentialsProvider()).isInstanceOf(DefaultCredentialsProvider.class);

        Map<String, String> half = new HashMap<>(Map.of("AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AKID"));
        assertThatThrownBy(() -> new AwsClientFactory(half))
                .hasMessageStartingWith("AWS_SECRET_ACCESS_KEY: not set, but AWS_ACCESS_KEY_ID is");
    }

    @Test
    void refusesAnEndpointThatIsNotAnHttpUrl() {
        for (String bad : List.of("127.0.0.1:4566", "ftp://127.0.0.1", "http://", "not a url")) {
            AwsClientFactory factory = new AwsClientFactory(environment("AWS_ENDPOINT_URL_KMS", bad));
            assertThatThrownBy(() -> factory.endpointOverride(AwsService.KMS)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("AWS_ENDPOINT_URL_KMS: '" + bad + "' is not an endpoint URL");
        }
        assertThatThrownBy(() -> new AwsClientFactory(environment()).configure(StsClient.builder(), AwsService.STS, null))
                .hasMessageStartingWith("httpClient: (missing)");
    }

    @Test
    void everyServiceHasItsEndpointVariable() {
        assertThat(AwsService.MWAA.endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_MWAA");
        assertThat(AwsService.CLOUDWATCH_LOGS.endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS");
        assertThat(AwsService.SFN.endpointVariable()).isEqualTo("AWS_ENDPOINT_URL_SFN");
    }

    /** Answers every request with an MWAA environment and records the host it was sent to; no network. */
    private static final class HostRecordingHttpClient implements SdkHttpClient {
        final List<String> hosts = new CopyOnWriteArrayList<>();

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            hosts.add(request.httpRequest().host());
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    byte[] body = "{\"Environment\": {\"Name\": \"x\"}}".getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .putHeader("Content-Type", "application/json")
                                    .putHeader("Content-Length", String.valueOf(body.length)).build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public void close() {
        }
    }
}
