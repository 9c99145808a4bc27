package dev.mwaaprovisioner.local.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class InProcessFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AwsTarget CLOUD = AwsTarget.localCloud(URI.create("http://127.0.0.1:4566"), "eu-west-1");

    private static InProcessFunction function(Class<?> handler, String method, int timeout, Map<String, String> variables) {
        FunctionSettings settings = new FunctionSettings("stack-Fn-ABC", "arn:aws:lambda:eu-west-1:000000000000:function:stack-Fn-ABC",
                "$LATEST", handler.getName() + "::" + method, "java21", 512, timeout, null, variables);
        return new InProcessFunction(settings, CLOUD, InProcessFunctionTest.class.getClassLoader(),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    private static JsonNode json(byte[] bytes) throws Exception {
        return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    }

    @Test
    void theHandlerGetsTheFunctionsEnvironmentAndNotTheProcessEnvironment() throws Exception {
        InProcessFunction function = function(SampleHandlers.Echo.class, "handleRequest", 3,
                Map.of("GREETING", "hi", "AWS_ENDPOINT_URL", "http://elsewhere:1", "AWS_ENDPOINT_URL_S3", "http://x:2"));
        assertThat(function.environment())
                .containsEntry("GREETING", "hi")
                .containsEntry("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
                .containsEntry("AWS_ACCESS_KEY_ID", "test")
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "stack-Fn-ABC")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java21")
                .doesNotContainKey("AWS_ENDPOINT_URL_S3");
        InProcessFunction.Invocation invocation = function.invoke("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "arn");
        assertThat(invocation.failed()).isFalse();
        JsonNode answer = json(invocation.payload());
        assertThat(answer.path("greeting").asText()).isEqualTo("hi");
        assertThat(answer.path("input").path("a").asInt()).isEqualTo(1);
        assertThat(answer.path("function").asText()).isEqualTo("stack-Fn-ABC");
    }

    @Test
    void aContainerIsReusedWhenIdleAndConcurrentInvocationsGetTheirOwn() throws Exception {
        InProcessFunction echo = function(SampleHandlers.Echo.class, "handleRequest", 3, Map.of());
        long first = json(echo.invoke(new byte[0], "arn").payload()).path("instance").asLong();
        long second = json(echo.invoke(new byte[0], "arn").payload()).path("instance").asLong();
        assertThat(second).isEqualTo(first);
        assertThat(echo.containersStarted()).isEqualTo(1);

        SampleHandlers.Slow.release = new CountDownLatch(1);
        InProcessFunction slow = function(SampleHandlers.Slow.class, "handleRequest", 5, Map.of());
        CompletableFuture<InProcessFunction.Invocation> a = CompletableFuture.supplyAsync(() -> invoke(slow));
        CompletableFuture<InProcessFunction.Invocation> b = CompletableFuture.supplyAsync(() -> invoke(slow));
        while (slow.containersStarted() < 2) {
            Thread.sleep(5);
        }
        SampleHandlers.Slow.release.countDown();
        assertThat(a.get().failed()).isFalse();
        assertThat(b.get().failed()).isFalse();
        assertThat(slow.containersStarted()).isEqualTo(2);
    }

    private static InProcessFunction.Invocation invoke(InProcessFunction function) {
        try {
            return function.invoke(new byte[0], "arn");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void typedHandlersReadAndWriteJsonAndReportExceptionsAsLambdaDoes() throws Exception {
        InProcessFunction typed = function(SampleHandlers.Typed.class, "greet", 3, Map.of());
        InProcessFunction.Invocation ok = typed.invoke("{\"name\":\"ana\"}".getBytes(StandardCharsets.UTF_8), "arn");
        assertThat(json(ok.payload()).path("message").asText()).isEqualTo("hello ana");

        InProcessFunction.Invocation failed = typed.invoke("{}".getBytes(StandardCharsets.UTF_8), "arn");
        assertThat(failed.functionError()).isEqualTo("Unhandled");
        JsonNode error = json(failed.payload());
        assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(error.path("errorMessage").asText()).isEqualTo("name is missing");
        assertThat(error.path("stackTrace").get(0).asText()).contains("SampleHandlers$Typed.greet");
        assertThat(error.path("cause").path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void anInvocationThatOverrunsItsTimeoutFailsAsLambdaReportsIt() throws Exception {
        SampleHandlers.Slow.release = new CountDownLatch(1);
        InProcessFunction slow = function(SampleHandlers.Slow.class, "handleRequest", 1, Map.of());
        InProcessFunction.Invocation timedOut = slow.invoke(new byte[0], "arn");
        assertThat(timedOut.functionError()).isEqualTo("Unhandled");
        assertThat(json(timedOut.payload()).path("errorType").asText()).isEqualTo("Sandbox.Timedout");
        assertThat(json(timedOut.payload()).path("errorMessage").asText()).contains("Task timed out after 1.00 seconds");
        SampleHandlers.Slow.release.countDown();
    }

    @Test
    void aFailingInitialisationIsTheInvocationsError() throws Exception {
        InProcessFunction failing = function(SampleHandlers.FailingInit.class, "handleRequest", 3, Map.of());
        InProcessFunction.Invocation invocation = failing.invoke(new byte[0], "arn");
        assertThat(invocation.failed()).isTrue();
        assertThat(json(invocation.payload()).path("errorMessage").asText())
                .isEqualTo("CONFIG_BUCKET is not set in the environment");
    }

    @Test
    void handlersThatCannotBeBoundAreRefusedAtOnceWithTheReason() {
        assertThatThrownBy(() -> function(SampleHandlers.ProcessEnvironmentOnly.class, "handleRequest", 3, Map.of()))
                .isInstanceOf(JavaHandler.HandlerException.class)
                .hasMessageContaining("has no public constructor taking the environment (Map<String, String>)");
        assertThatThrownBy(() -> JavaHandler.load("com.example.Missing::handleRequest", getClass().getClassLoader()))
                .hasMessageContaining("class com.example.Missing is not on the local runner's classpath");
        assertThatThrownBy(() -> JavaHandler.load(SampleHandlers.Echo.class.getName() + "::nothing",
                getClass().getClassLoader()))
                .hasMessageContaining("has no public instance method nothing(InputStream, OutputStream, Context)");
    }
}
