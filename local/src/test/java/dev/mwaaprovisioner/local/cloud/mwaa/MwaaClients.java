package dev.mwaaprovisioner.local.cloud.mwaa;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;

/** The real AWS SDK v2 MWAA client pointed at a local cloud, and polling as a user polls. */
final class MwaaClients {

    private MwaaClients() {}

    /**
     * The Apache HTTP client, because UpdateEnvironment is a PATCH the URL-connection client cannot send;
     * host-prefix injection off, because MWAA's {@code api.} prefix would make the SDK call api.127.0.0.1.
     */
    static MwaaClient mwaa(LocalCloud cloud, Region region, boolean retries) {
        return MwaaClient.builder()
                .endpointOverride(cloud.endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(c -> {
                    c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true);
                    if (!retries) {
                        c.retryStrategy(AwsRetryStrategy.doNotRetry());
                    }
                })
                .build();
    }

    /** Polls GetEnvironment until the environment matches, for at most ten real seconds. */
    static Environment awaitEnvironment(MwaaClient mwaa, String name, Predicate<Environment> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        Environment env = mwaa.getEnvironment(r -> r.name(name)).environment();
        while (!done.test(env)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("environment " + name + " still " + env.statusAsString());
            }
            Thread.sleep(20);
            env = mwaa.getEnvironment(r -> r.name(name)).environment();
        }
        return env;
    }
}
