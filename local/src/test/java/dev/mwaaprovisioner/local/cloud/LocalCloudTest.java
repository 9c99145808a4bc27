package dev.mwaaprovisioner.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import dev.mwaaprovisioner.local.cloud.protocol.RestJsonProtocol;
import dev.mwaaprovisioner.local.cloud.protocol.RestRoutes;
import dev.mwaaprovisioner.local.cloud.protocol.WireProtocol;
import dev.mwaaprovisioner.local.cloud.sts.StsService;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.MwaaException;

@Isolated("Measures the in-process start time: alone, so other tests do not share its cores")
class LocalCloudTest {

    @Test
    void bindsLoopbackOnAFreePortQuickly() throws Exception {
        long start = System.nanoTime();
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults())) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("in-process start time in ms").isLessThan(1000);
            assertThat(cloud.port()).isPositive();
            assertThat(cloud.endpoint()).isEqualTo(URI.create("http://127.0.0.1:" + cloud.port()));
            assertThat(cloud.accountId()).isEqualTo("000000000000");
            JsonNode health = getJson(cloud, "/_local/health");
            assertThat(health.get("status").asText()).isEqualTo("running");
            assertThat(health.get("services").toString()).contains("sts");
        }
    }

    @Test
    void aTakenPortIsReportedWithTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalCloud.start(LocalCloudConfig.defaults().withPort(taken.getLocalPort())))
                    .hasMessageContaining("Cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("choose another port");
        }
    }

    @Test
    void routesBySigningNameNotByHostSoMwaasHostPrefixIsHarmless() throws Exception {
        List<CloudRequest> seen = new CopyOnWriteArrayList<>();
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults()
                .withServices(List.of(ctx -> new FakeAirflow(seen))))) {
            // What a client that keeps host-prefix injection sends: Host api.127.0.0.1.
            String request = "GET /environments HTTP/1.1\r\n"
                    + "Host: api.127.0.0.1:" + cloud.port() + "\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20250101/eu-west-1/airflow/aws4_request, "
                    + "SignedHeaders=host, Signature=00\r\n"
                    + "Connection: close\r\n\r\n";
            String response = TestClients.rawHttp(cloud, request);
            assertThat(response).startsWith("HTTP/1.1 200").contains("{\"Environments\":[]}");
            assertThat(seen).singleElement().satisfies(r -> {
                assertThat(r.host()).isEqualTo("api.127.0.0.1");
                assertThat(r.region()).isEqualTo("eu-west-1");
                assertThat(r.operation()).isEqualTo("ListEnvironments");
            });
        }
    }

    @Test
    void theSdkMwaaClientNeedsHostPrefixInjectionOffAgainstAnIpEndpoint() {
        List<CloudRequest> seen = new CopyOnWriteArrayList<>();
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults().withServices(List.of(ctx -> new FakeAirflow(seen))))) {
            // With injection on (the SDK default), the client calls api.127.0.0.1, which does not resolve.
            try (MwaaClient injecting = MwaaClient.builder()
                    .endpointOverride(cloud.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
                    .build()) {
                assertThatThrownBy(() -> injecting.listEnvironments(r -> { }))
                        .hasStackTraceContaining("http://api.127.0.0.1:" + cloud.port());
            }
            assertThat(seen).isEmpty();
            try (MwaaClient mwaa = TestClients.client(MwaaClient.builder(), cloud)) {
                assertThat(mwaa.listEnvironments(r -> { }).environments()).isEmpty();
            }
            assertThat(seen).singleElement().satisfies(r -> assertThat(r.signingName()).isEqualTo("airflow"));
        }
    }

    @Test
    void aServiceNotServedIsRefusedInItsProtocol() {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults().withServices(List.of(StsService::new)));
             MwaaClient mwaa = TestClients.client(MwaaClient.builder(), cloud)) {
            assertThatThrownBy(() -> mwaa.listEnvironments(r -> { }))
                    .isInstanceOfSatisfying(MwaaException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .contains("Service 'airflow' is not supported by the local cloud")
                                .contains("GET /environments");
                    });
        }
    }

    @Test
    void anUnknownOperationOfAServedServiceIsRefused() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults()
                .withServices(List.of(ctx -> new FakeAirflow(new CopyOnWriteArrayList<>()))))) {
            String request = "DELETE /environments/x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/airflow/aws4_request, SignedHeaders=host, Signature=0\r\n"
                    + "Connection: close\r\n\r\n";
            assertThat(TestClients.rawHttp(cloud, request))
                    .startsWith("HTTP/1.1 404")
                    .containsIgnoringCase("x-amzn-ErrorType: UnknownOperationException")
                    .contains("Fake Airflow operation DELETE /environments/x is not supported by the local cloud");
        }
    }

    @Test
    void everyAwsRequestIsLoggedWithItsOutcomeAndUserAgent() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.defaults());
             software.amazon.awssdk.services.sts.StsClient sts = TestClients.client(
                     software.amazon.awssdk.services.sts.StsClient.builder(), cloud)) {
            List<RequestLog.Entry> seen = new CopyOnWriteArrayList<>();
            cloud.requestLog().subscribe(seen::add);
            sts.getCallerIdentity();
            assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn("arn:aws:iam::000000000000:role/r").roleSessionName("s")));
            assertThat(seen).extracting(RequestLog.Entry::service, RequestLog.Entry::operation, RequestLog.Entry::status,
                            RequestLog.Entry::errorCode)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("sts", "GetCallerIdentity", 200, null),
                            org.assertj.core.groups.Tuple.tuple("sts", "AssumeRole", 400, "InvalidAction"));
            assertThat(seen.get(0).userAgent()).contains("aws-sdk-java");
            assertThat(cloud.requestLog().entries()).containsExactlyElementsOf(seen);
            JsonNode log = getJson(cloud, "/_local/requests");
            assertThat(log).hasSize(2);
            assertThat(log.get(1).get("errorCode").asText()).isEqualTo("InvalidAction");
        }
    }

    static JsonNode getJson(LocalCloud cloud, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(cloud.endpoint().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body());
    }

    /** A stand-in REST-JSON service under MWAA's signing name that records what reaches it. */
    static final class FakeAirflow implements CloudService {
        private final List<CloudRequest> seen;
        private final RestJsonProtocol protocol = new RestJsonProtocol(new RestRoutes().add("GET", "/environments", "ListEnvironments"));

        FakeAirflow(List<CloudRequest> seen) {
            this.seen = seen;
        }

        @Override
        public String signingName() {
            return "airflow";
        }

        @Override
        public String displayName() {
            return "Fake Airflow";
        }

        @Override
        public WireProtocol protocol() {
            return protocol;
        }

        @Override
        public CloudResponse handle(CloudRequest request) {
            seen.add(request);
            JsonNode body = Json.object().set("Environments", Json.MAPPER.createArrayNode());
            return protocol.respond(request, body);
        }
    }
}
