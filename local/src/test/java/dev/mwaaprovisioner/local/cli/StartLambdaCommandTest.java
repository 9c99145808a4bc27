package dev.mwaaprovisioner.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** {@code start-lambda}: the Lambda Invoke API of every function of template.yaml, through the AWS SDK. */
class StartLambdaCommandTest {

    @Test
    void theFunctionsAreInvokedByLogicalIdAliasAndArnThroughTheLambdaApi() throws Exception {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        StartLambdaCommand command = commandLine.getSubcommands().get("start-lambda").getCommand();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(
                () -> commandLine.execute("start-lambda", "--port", "0"));
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (command.server == null && !running.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(command.server).as(out.toString()).isNotNull();
            LocalCloud server = command.server;
            assertThat(out.toString()).contains("Serving the Lambda Invoke API on " + server.endpoint() + " for 17 functions");
            try (LambdaClient lambda = LambdaClient.builder().endpointOverride(URI.create(server.endpoint().toString()))
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build()) {
                byte[] validate = Files.readAllBytes(InvokeCommandTest.EVENTS.resolve(
                        "ValidateRequestFunction/provision-environment-inline.json"));
                InvokeResponse ok = lambda.invoke(r -> r.functionName("ValidateRequestFunction")
                        .payload(SdkBytes.fromByteArray(validate)));
                assertThat(ok.functionError()).isNull();
                assertThat(ok.payload().asUtf8String()).contains("\"Name\":\"analytics-dev\"", "\"Account\":\"000000000000\"");

                byte[] check = Files.readAllBytes(InvokeCommandTest.EVENTS.resolve("CheckEnvironmentFunction/input.json"));
                InvokeResponse failed = lambda.invoke(r -> r.functionName("CheckEnvironmentFunction")
                        .payload(SdkBytes.fromByteArray(check)));
                assertThat(failed.functionError()).isEqualTo("Unhandled");
                assertThat(failed.payload().asUtf8String()).contains("EnvironmentCreationFailedException");

                // As the state machine names them: !Ref Fn.Alias, the alias ARN of AutoPublishAlias live.
                for (String qualified : List.of("ValidateRequestFunction:live",
                        "arn:aws:lambda:us-east-1:123456789012:function:ValidateRequestFunction:live",
                        "arn:aws:lambda:us-east-1:000000000000:function:ValidateRequestFunction")) {
                    InvokeResponse byAlias = lambda.invoke(r -> r.functionName(qualified)
                            .payload(SdkBytes.fromByteArray(validate)));
                    assertThat(byAlias.functionError()).as(qualified).isNull();
                    assertThat(byAlias.payload().asUtf8String()).as(qualified).contains("\"Name\":\"analytics-dev\"");
                }
                InvokeResponse withQualifier = lambda.invoke(r -> r.functionName("ValidateRequestFunction")
                        .qualifier("live").payload(SdkBytes.fromByteArray(validate)));
                assertThat(withQualifier.functionError()).isNull();

                assertThatThrownBy(() -> lambda.invoke(r -> r.functionName(
                        "arn:aws:lambda:us-east-1:123456789012:function:ValidateRequestFunction:staging")
                        .payload(SdkBytes.fromByteArray(validate))))
                        .isInstanceOf(ResourceNotFoundException.class)
                        .hasMessageContaining("ValidateRequestFunction:staging");
            }
        } finally {
            command.stop.countDown();
        }
        assertThat(running.get()).isZero();
    }
}
