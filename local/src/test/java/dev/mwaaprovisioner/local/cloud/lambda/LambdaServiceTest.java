package dev.mwaaprovisioner.local.cloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.LocalCloudConfig;
import dev.mwaaprovisioner.local.cloud.TestClients;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** The Lambda Invoke API through the AWS SDK v2, on in-process Java handlers. */
class LambdaServiceTest {

    private static LocalCloud cloud;
    private static LambdaClient lambda;
    private static LambdaFunctions functions;
    private static final CountDownLatch EVENT_SEEN = new CountDownLatch(1);

    /** A typed handler, as most Java functions are written. */
    public static final class Greeter implements RequestHandler<Map<String, Object>, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
            context.getLogger().log("greeting " + input.get("name"));
            return Map.of("greeting", "Hello " + input.get("name"), "function", context.getFunctionName(),
                    "arn", context.getInvokedFunctionArn(), "memory", context.getMemoryLimitInMB(),
                    "remaining", context.getRemainingTimeInMillis());
        }
    }

    /** A handler bound to a POJO input type. */
    public static final class Order {
        public String id;
        public int quantity;
    }

    public static final class OrderHandler implements RequestHandler<Order, String> {
        @Override
        public String handleRequest(Order order, Context context) {
            return order.id + " x" + order.quantity;
        }
    }

    public static final class Upper implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream in, OutputStream out, Context context) throws java.io.IOException {
            out.write(new String(in.readAllBytes(), StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
        }
    }

    @BeforeAll
    static void start() {
        cloud = LocalCloud.start(LocalCloudConfig.defaults().withTimeScale(1000));
        lambda = TestClients.client(LambdaClient.builder(), cloud);
        functions = cloud.service(LambdaFunctions.class);
        functions.register("greeter", new Greeter(), Duration.ofSeconds(30), 512);
        functions.register("orders", new OrderHandler());
        functions.register("upper", new Upper());
        functions.register("broken", (RequestHandler<Object, Object>) (input, context) -> {
            throw new IllegalStateException("no luck", new IllegalArgumentException("root cause"));
        });
        functions.register("slow", (RequestHandler<Object, Object>) (input, context) -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }, Duration.ofSeconds(1), 128);
        functions.register("async", (RequestHandler<Object, Object>) (input, context) -> {
            EVENT_SEEN.countDown();
            return null;
        });
    }

    @AfterAll
    static void stop() {
        lambda.close();
        cloud.close();
    }

    private static InvokeResponse invoke(String name, String payload) {
        return lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String(payload)));
    }

    private static JsonNode json(SdkBytes bytes) throws java.io.IOException {
        return Json.parse(bytes.asByteArray());
    }

    @Test
    void aRequestHandlerGetsItsTypedInputAndAContext() throws Exception {
        InvokeResponse response = lambda.invoke(r -> r.functionName("greeter").logType(LogType.TAIL)
                .payload(SdkBytes.fromUtf8String("{\"name\": \"Ana\"}")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isNull();
        assertThat(response.executedVersion()).isEqualTo("$LATEST");
        JsonNode out = json(response.payload());
        assertThat(out.get("greeting").asText()).isEqualTo("Hello Ana");
        assertThat(out.get("function").asText()).isEqualTo("greeter");
        assertThat(out.get("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:greeter");
        assertThat(out.get("memory").asInt()).isEqualTo(512);
        assertThat(out.get("remaining").asInt()).isBetween(1, 30_000);
        assertThat(new String(Base64.getDecoder().decode(response.logResult()), StandardCharsets.UTF_8))
                .contains("greeting Ana");
        assertThat(json(invoke("orders", "{\"id\": \"o-7\", \"quantity\": 3, \"extra\": true}").payload()).asText())
                .isEqualTo("o-7 x3");
    }

    @Test
    void aStreamHandlerGetsTheRawBytes() {
        assertThat(invoke("upper", "\"shout\"").payload().asUtf8String()).isEqualTo("\"SHOUT\"");
    }

    @Test
    void functionsAreNamedByNameArnOrPartialArn() {
        assertThat(invoke("arn:aws:lambda:us-east-1:000000000000:function:upper", "\"a\"").payload().asUtf8String())
                .isEqualTo("\"A\"");
        assertThat(invoke("000000000000:function:upper", "\"b\"").payload().asUtf8String()).isEqualTo("\"B\"");
        assertThat(lambda.invoke(r -> r.functionName("upper").qualifier("$LATEST")
                .payload(SdkBytes.fromUtf8String("\"c\""))).payload().asUtf8String()).isEqualTo("\"C\"");
        functions.addAlias("upper", "live");
        assertThat(invoke("arn:aws:lambda:us-east-1:000000000000:function:upper:live", "\"d\"").payload().asUtf8String())
                .isEqualTo("\"D\"");
    }

    @Test
    void anUncaughtExceptionIsAnUnhandledFunctionErrorWithTheJavaErrorDocument() throws Exception {
        InvokeResponse response = invoke("broken", "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = json(response.payload());
        assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.get("errorMessage").asText()).isEqualTo("no luck");
        assertThat(error.get("stackTrace").isArray()).isTrue();
        assertThat(error.get("stackTrace").get(0).asText()).contains("LambdaServiceTest");
        assertThat(error.at("/cause/errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
    }

    @Test
    void aFunctionPastItsTimeoutIsSandboxTimedout() throws Exception {
        InvokeResponse response = invoke("slow", "{}");
        assertThat(response.functionError()).isEqualTo("Unhandled");
        JsonNode error = json(response.payload());
        assertThat(error.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(error.get("errorMessage").asText()).endsWith("Task timed out after 1.00 seconds");
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() {
        assertThatThrownBy(() -> invoke("nobody", "{}"))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.getMessage()).contains(
                            "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nobody");
                });
        assertThatThrownBy(() -> lambda.invoke(r -> r.functionName("upper").qualifier("7")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("function:upper:7");
    }

    @Test
    void eventInvocationsAnswer202AndRunInTheBackground() throws InterruptedException {
        InvokeResponse response = lambda.invoke(r -> r.functionName("async").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String("{}")));
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(EVENT_SEEN.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(lambda.invoke(r -> r.functionName("async").invocationType(InvocationType.DRY_RUN)).statusCode())
                .isEqualTo(204);
    }

    @Test
    void anInjectedFaultFailsTheGivenNumberOfInvocations() throws Exception {
        cloud.faults().failResource(LambdaFunctions.FAULT_KIND, "upper", "FAILED",
                Map.of("errorType", "Lambda.TooManyRequestsException", "errorMessage", "Rate exceeded"), 1);
        InvokeResponse failed = invoke("upper", "\"x\"");
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        assertThat(json(failed.payload()).get("errorType").asText()).isEqualTo("Lambda.TooManyRequestsException");
        assertThat(invoke("upper", "\"x\"").functionError()).isNull();
    }

    @Test
    void getAndListFunctions() {
        assertThat(lambda.getFunction(r -> r.functionName("greeter")).configuration().timeout()).isEqualTo(30);
        List<String> names = lambda.listFunctions().functions().stream().map(f -> f.functionName()).toList();
        assertThat(names).contains("greeter", "upper", "slow");
    }

    @Test
    void registrationRefusesInvalidFunctions() {
        assertThatThrownBy(() -> functions.register("bad name", new Upper()))
                .hasMessageContaining("Function name 'bad name' is invalid");
        assertThatThrownBy(() -> functions.register("not-a-handler", "java.lang.String", getClass().getClassLoader(),
                Duration.ofSeconds(3), 128))
                .hasMessageContaining("implements neither");
        assertThatThrownBy(() -> functions.register("missing", "com.example.Missing::handleRequest",
                getClass().getClassLoader(), Duration.ofSeconds(3), 128))
                .hasMessageContaining("is not on the class path");
        assertThat(functions.register("by-class", Upper.class.getName() + "::handleRequest",
                getClass().getClassLoader(), Duration.ofSeconds(3), 128).handlerClass()).isEqualTo(Upper.class.getName());
    }
}
