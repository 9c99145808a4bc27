package dev.mwaaprovisioner.local.cloud.mwaa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What no SDK sends but a hand-written client may: bodies of the wrong JSON type, members the API
 * does not have, an update of the subnets. Checked on the wire: status, {@code x-amzn-ErrorType},
 * {@code {"message": ...}}.
 */
class MwaaWireTest {

    private static LocalCloud cloud;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    private record Answer(int status, String errorType, JsonNode body) {}

    /** A request signed for {@code airflow} in us-east-1 (the local cloud reads the scope, not the signature). */
    private static Answer send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(cloud.endpoint() + path))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261128/us-east-1/airflow/aws4_request,"
                        + " SignedHeaders=host, Signature=00")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                Requests.JSON.readTree(response.body()));
    }

    @Test
    void aValueOfTheWrongJsonTypeIsASerializationException() throws Exception {
        Answer answer = send("PUT", "/environments/wire", "{\"MaxWorkers\": \"ten\"}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("SerializationException");
        assertThat(answer.body().get("message").asText()).contains("MaxWorkers must be a JSON integer");
        assertThat(send("PUT", "/environments/wire", "not json").errorType()).isEqualTo("SerializationException");
    }

    @Test
    void aMemberTheApiDoesNotHaveIsRefused() throws Exception {
        Answer answer = send("PUT", "/environments/wire", "{\"DagFolder\": \"dags\"}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("ValidationException");
        assertThat(answer.body().get("message").asText())
                .isEqualTo("'DagFolder' is not a member of CreateEnvironmentInput; the local cloud refuses members it"
                        + " does not know rather than ignore them.");
    }

    @Test
    void anUpdateOfTheSubnetsIsRefused() throws Exception {
        Answer answer = send("PATCH", "/environments/wire",
                "{\"NetworkConfiguration\": {\"SubnetIds\": [\"subnet-1\", \"subnet-2\"], \"SecurityGroupIds\": [\"sg-1\"]}}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorType()).isEqualTo("ValidationException");
        assertThat(answer.body().get("message").asText()).startsWith("The subnets of an environment cannot be changed");
    }

    @Test
    void anArnWithAnUnescapedSlashStillNamesTheEnvironment() throws Exception {
        Answer answer = send("GET", "/tags/arn:aws:airflow:us-east-1:000000000000:environment/wire", null);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(answer.body().get("message").asText())
                .isEqualTo("No environment has the ARN arn:aws:airflow:us-east-1:000000000000:environment/wire.");
    }

    @Test
    void theAirflowSideOperationsAreNotEmulated() throws Exception {
        Answer answer = send("POST", "/webtoken/wire", null);
        assertThat(answer.errorType()).isEqualTo("UnknownOperationException");
        assertThat(answer.body().get("message").asText())
                .isEqualTo("Amazon MWAA operation CreateWebLoginToken is not supported by the local cloud");
    }
}
