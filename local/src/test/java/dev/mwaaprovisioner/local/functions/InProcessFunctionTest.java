package dev.mwaaprovisioner.local.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class InProcessFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AwsTarget CLOUD = AwsTarget.localCloud(URI.create("http://127.0.0.1:4566"), "eu-west-1");

    private static InProcessFunction function(Class<?> handler, String method, Map<String, String> variables) {
        FunctionSettings settings = new FunctionSettings("stack-Fn-ABC", null, handler.getName() + "::" + method,
                "java21", 512, null, variables);
        return new InProcessFunction(settings, CLOUD, InProcessFunctionTest.class.getClassLoader());
    }

    private static JsonNode invoke(InProcessFunction function, String payload) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        function.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out,
                new TestContext(function.settings().functionName()));
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void theHandlerGetsTheFunctionsEnvironmentAndNotTheProcessEnvironment() throws Exception {
        InProcessFunction function = function(SampleHandlers.Echo.class, "handleRequest",
                Map.of("GREETING", "hi", "AWS_ENDPOINT_URL", "http://elsewhere:1", "AWS_ENDPOINT_URL_S3", "http://x:2"));
        assertThat(function.environment())
                .containsEntry("GREETING", "hi")
                .containsEntry("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
                .containsEntry("AWS_ACCESS_KEY_ID", "test")
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "stack-Fn-ABC")
                .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java21")
                .doesNotContainKey("AWS_ENDPOINT_URL_S3");
        JsonNode answer = invoke(function, "{\"a\":1}");
        assertThat(answer.path("greeting").asText()).isEqualTo("hi");
        assertThat(answer.path("input").path("a").asInt()).isEqualTo(1);
        assertThat(answer.path("function").asText()).isEqualTo("stack-Fn-ABC");
    }

    @Test
    void aContainerIsReusedWhenIdleAndConcurrentInvocationsGetTheirOwn() throws Exception {
        InProcessFunction echo = function(SampleHandlers.Echo.class, "handleRequest", Map.of());
        long first = invoke(echo, "{}").path("instance").asLong();
        long second = invoke(echo, "{}").path("instance").asLong();
        assertThat(second).isEqualTo(first);
        assertThat(echo.containersStarted()).isEqualTo(1);

        SampleHandlers.Slow.release = new CountDownLatch(1);
        InProcessFunction slow = function(SampleHandlers.Slow.class, "handleRequest", Map.of());
        CompletableFuture<JsonNode> a = CompletableFuture.supplyAsync(() -> invokeUnchecked(slow));
        CompletableFuture<JsonNode> b = CompletableFuture.supplyAsync(() -> invokeUnchecked(slow));
        while (slow.containersStarted() < 2) {
            Thread.sleep(5);
        }
        SampleHandlers.Slow.release.countDown();
        assertThat(a.get()).isNotNull();
        assertThat(b.get()).isNotNull();
        assertThat(slow.containersStarted()).isEqualTo(2);
    }

    private static JsonNode invokeUnchecked(InProcessFunction function) {
        try {
            return invoke(function, "{}");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void typedHandlersReadAndWriteJsonAndTheirExceptionsPropagateUnchanged() throws Exception {
        InProcessFunction typed = function(SampleHandlers.Typed.class, "greet", Map.of());
        assertThat(invoke(typed, "{\"name\":\"ana\"}").path("message").asText()).isEqualTo("hello ana");
        assertThatThrownBy(() -> invoke(typed, "{}"))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("name is missing")
                .hasCauseExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailingInitialisationIsTheInvocationsError() {
        InProcessFunction failing = function(SampleHandlers.FailingInit.class, "handleRequest", Map.of());
        assertThatThrownBy(() -> invoke(failing, "{}"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("CONFIG_BUCKET is not set in the environment");
        assertThat(failing.containersStarted()).isZero();
    }

    @Test
    void handlersThatCannotBeBoundAreRefusedAtOnceWithTheReason() {
        assertThatThrownBy(() -> function(SampleHandlers.ProcessEnvironmentOnly.class, "handleRequest", Map.of()))
                .isInstanceOf(JavaHandler.HandlerException.class)
                .hasMessageContaining("has no public constructor taking the environment (Map<String, String>)");
        assertThatThrownBy(() -> JavaHandler.load("com.example.Missing::handleRequest", getClass().getClassLoader()))
                .hasMessageContaining("class com.example.Missing is not on the local runner's classpath");
        assertThatThrownBy(() -> JavaHandler.load(SampleHandlers.Echo.class.getName() + "::nothing",
                getClass().getClassLoader()))
                .hasMessageContaining("has no public instance method nothing(InputStream, OutputStream, Context)");
    }
}
