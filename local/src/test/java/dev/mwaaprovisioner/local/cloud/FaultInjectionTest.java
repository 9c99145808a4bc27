package dev.mwaaprovisioner.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

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
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
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

    @Test
    void anOperationFaultNamingACallerFailsOnlyThatCallersCalls() {
        FaultInjector faults = cloud.faults();
        faults.failOperation("s3", "PutObject", "ReportFunction", "SlowDown", 503, null, 2);
        // A caller that does not name itself, or names another function, is not failed.
        assertThat(faults.takeOperationFault("s3", "PutObject")).isEmpty();
        assertThat(faults.takeOperationFault("s3", "PutObject", "ValidateRequestFunction")).isEmpty();
        assertThat(faults.takeOperationFault("s3", "PutObject", "reportfunction")).isEmpty();
        assertThat(faults.takeOperationFault("s3", "GetObject", "ReportFunction")).isEmpty();
        assertThat(faults.takeOperationFault("s3", "PutObject", "ReportFunction"))
                .map(OperationFault::caller).contains("ReportFunction");
        assertThat(faults.operationFaults()).singleElement().satisfies(f -> {
            assertThat(f.triggered()).isEqualTo(1);
            assertThat(f.remaining()).isEqualTo(1);
        });

        // A fault without a caller fails every caller, named or not.
        faults.clear();
        faults.failOperation("s3", "PutObject", "SlowDown", 503, null, FaultInjector.UNLIMITED);
        assertThat(faults.takeOperationFault("s3", "PutObject", "ReportFunction")).isPresent();
        assertThat(faults.takeOperationFault("s3", "PutObject")).isPresent();
        assertThat(faults.operationFaults()).singleElement().extracting(OperationFault::caller).isNull();

        for (String bad : new String[] {"", " ", "mwaa-provisioner/ReportFunction", "Report Function", "*"}) {
            assertThatThrownBy(() -> faults.failOperation("s3", "PutObject", bad, "SlowDown", 503, null, 1))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("fault field 'caller'").hasMessageContaining("ReportFunction");
        }
    }

    @Test
    void aCallerScopedFaultSetOverHttpFailsOnlyThatFunctionsSdkCalls() throws Exception {
        try (S3Client plain = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
             S3Client report = s3As("ReportFunction");
             S3Client validate = s3As("ValidateRequestFunction")) {
            plain.createBucket(b -> b.bucket("config"));
            HttpResponse<String> created = send("POST", """
                    {"service": "s3", "operation": "PutObject", "caller": "ReportFunction",
                     "errorCode": "AccessDenied", "httpStatus": 403, "message": "Access Denied", "times": -1}""");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(Json.parse(send("GET", null).body()).at("/operationFaults/0/caller").asText()).isEqualTo("ReportFunction");

            validate.putObject(b -> b.bucket("config").key("claims/a"), RequestBody.fromString("claim"));
            plain.putObject(b -> b.bucket("config").key("plain"), RequestBody.fromString("x"));
            assertThatThrownBy(() -> report.putObject(b -> b.bucket("config").key("status/a.json"), RequestBody.fromString("{}")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    });
            // Only PutObject is faulted: the same function's other calls go through.
            assertThat(report.getObjectAsBytes(b -> b.bucket("config").key("claims/a")).asUtf8String()).isEqualTo("claim");
            assertThat(plain.listObjectsV2(b -> b.bucket("config")).contents())
                    .extracting(S3Object::key).containsExactly("claims/a", "plain");
        }
        assertThat(cloud.requestLog().entries()).filteredOn(e -> "PutObject".equals(e.operation()))
                .extracting(RequestLog.Entry::caller, RequestLog.Entry::errorCode)
                .containsExactly(tuple("ValidateRequestFunction", null), tuple(null, null), tuple("ReportFunction", "AccessDenied"));
        assertThat(cloud.faults().operationFaults()).singleElement().extracting(OperationFault::triggered).isEqualTo(1);

        HttpResponse<String> bad = send("POST", """
                {"service": "s3", "operation": "PutObject", "caller": "Report Function", "errorCode": "AccessDenied"}""");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("fault field 'caller' is 'Report Function'");
        HttpResponse<String> notText = send("POST", """
                {"service": "s3", "operation": "PutObject", "caller": 7, "errorCode": "AccessDenied"}""");
        assertThat(notText.statusCode()).isEqualTo(400);
        assertThat(notText.body()).contains("fault field 'caller' must be a string");
        assertThat(cloud.faults().operationFaults()).hasSize(1);
    }

    /** An S3 client that names itself as the workflow's functions do. */
    private S3Client s3As(String function) {
        return TestClients.client(S3Client.builder().forcePathStyle(true), cloud, Region.US_EAST_1,
                c -> c.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, "mwaa-provisioner/" + function)
                        .retryStrategy(DefaultRetryStrategy.doNotRetry()));
    }

    private HttpResponse<String> send(String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.endpoint().resolve("/_local/faults"));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
