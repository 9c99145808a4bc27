package dev.mwaaprovisioner.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.FaultInjector.OperationFault;
import dev.mwaaprovisioner.local.cloud.FaultInjector.ResourceFault;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

class FaultInjectionTest {

    LocalCloud cloud;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults());
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void anInjectedThrottlingIsSeenByTheSdkAsThrottling() {
        cloud.faults().failOperation("sts", "GetCallerIdentity", "Throttling", 400, "Rate exceeded", 1);
        try (StsClient sts = TestClients.client(StsClient.builder(), cloud, Region.US_EAST_1,
                c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.isThrottlingException()).isTrue();
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                assertThat(e.statusCode()).isEqualTo(400);
            });
            // Used up: the next call succeeds.
            assertThat(sts.getCallerIdentity().account()).isEqualTo("000000000000");
        }
    }

    @Test
    void theSdksDefaultRetryPolicyRetriesAnInjectedThrottlingAndSucceeds() {
        cloud.faults().failOperation("sts", "GetCallerIdentity", "Throttling", 400, "Rate exceeded", 2);
        try (StsClient sts = TestClients.client(StsClient.builder(), cloud)) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo("000000000000");
        }
        assertThat(cloud.faults().operationFaults()).singleElement().satisfies(f -> {
            assertThat(f.triggered()).isEqualTo(2);
            assertThat(f.remaining()).isZero();
        });
    }

    @Test
    void faultsAreSetListedAndClearedOverHttp() throws Exception {
        HttpResponse<String> created = send("POST", """
                [{"service": "sts", "operation": "GetCallerIdentity", "errorCode": "AccessDenied",
                  "httpStatus": 403, "message": "Not today", "times": 1},
                 {"kind": "mwaa:environment", "name": "analytics-dev", "outcome": "CREATE_FAILED",
                  "details": {"ErrorCode": "INCORRECT_CONFIGURATION", "ErrorMessage": "no NAT"}}]""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode listed = Json.parse(send("GET", null).body());
        assertThat(listed.at("/operationFaults/0/errorCode").asText()).isEqualTo("AccessDenied");
        assertThat(listed.at("/resourceFaults/0/details/ErrorCode").asText()).isEqualTo("INCORRECT_CONFIGURATION");

        try (StsClient sts = TestClients.client(StsClient.builder(), cloud)) {
            assertThatThrownBy(sts::getCallerIdentity).isInstanceOfSatisfying(StsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            });
        }
        ResourceFault fault = cloud.faults().takeResourceFault("mwaa:environment", "analytics-dev").orElseThrow();
        assertThat(fault.outcome()).isEqualTo("CREATE_FAILED");
        assertThat(fault.detail("ErrorMessage", "")).isEqualTo("no NAT");
        assertThat(cloud.faults().takeResourceFault("mwaa:environment", "analytics-dev")).isEmpty();

        assertThat(send("DELETE", null).statusCode()).isEqualTo(204);
        assertThat(cloud.faults().operationFaults()).isEmpty();
        assertThat(cloud.faults().resourceFaults()).isEmpty();
    }

    @Test
    void aBadFaultIsRefusedNamingTheFieldAndNothingOfTheBatchIsSet() throws Exception {
        HttpResponse<String> bad = send("POST", """
                [{"service": "iam", "operation": "CreateRole", "errorCode": "Throttling"},
                 {"service": "iam", "operation": "CreateRole", "errorCode": "Throttling", "tims": 2}]""");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Unknown field 'tims'");
        assertThat(cloud.faults().operationFaults()).isEmpty();

        HttpResponse<String> badStatus = send("POST", """
                {"service": "iam", "operation": "CreateRole", "errorCode": "Throttling", "httpStatus": 200}""");
        assertThat(badStatus.statusCode()).isEqualTo(400);
        assertThat(badStatus.body()).contains("httpStatus 200 is not an error status");
    }

    @Test
    void resourceFaultsMatchByKindAndNameOrWildcardAndCountDown() {
        FaultInjector faults = cloud.faults();
        faults.failResource("cloudformation:stack", "*", "CREATE_FAILED", Map.of("reason", "boom"), 2);
        assertThat(faults.peekResourceFault("cloudformation:stack", "net")).isPresent();
        assertThat(faults.takeResourceFault("cloudformation:stack", "net")).map(f -> f.detail("reason", null)).contains("boom");
        assertThat(faults.takeResourceFault("cloudformation:stack", "other")).isPresent();
        assertThat(faults.takeResourceFault("cloudformation:stack", "net")).isEmpty();
        assertThat(faults.takeResourceFault("mwaa:environment", "net")).isEmpty();

        faults.failOperation("iam", "*", "ServiceUnavailable", 503, null, FaultInjector.UNLIMITED);
        for (int i = 0; i < 5; i++) {
            assertThat(faults.takeOperationFault("IAM", "GetRole")).map(OperationFault::errorCode).contains("ServiceUnavailable");
        }
        assertThatThrownBy(() -> faults.failOperation("iam", "GetRole", "X", 400, null, 0))
                .hasMessageContaining("'times' is 0");
    }

    private HttpResponse<String> send(String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.endpoint().resolve("/_local/faults"));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
