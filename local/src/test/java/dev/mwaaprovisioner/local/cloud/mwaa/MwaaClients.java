package dev.mwaaprovisioner.local.cloud.mwaa;

import dev.mwaaprovisioner.common.aws.AwsClientFactory;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.local.cloud.LocalCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;

/**
 * The real AWS SDK v2 MWAA client, configured by the project's {@link AwsClientFactory} as the
 * Lambda functions configure theirs, pointed at a local cloud; and polling as a user polls.
 */
final class MwaaClients {

    private MwaaClients() {}

    /** The factory a function would build from {@code AWS_ENDPOINT_URL} and friends. */
    static AwsClientFactory factory(LocalCloud cloud, Region region) {
        return new AwsClientFactory(Map.of(
                "AWS_ENDPOINT_URL", cloud.endpoint().toString(),
                "AWS_REGION", region.id(),
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test"));
    }

    /**
     * An MWAA client on the given Apache HTTP client (UpdateEnvironment is a PATCH, which the
     * URL-connection client cannot send); the caller closes both.
     */
    static MwaaClient mwaa(LocalCloud cloud, Region region, boolean retries, SdkHttpClient apacheHttpClient) {
        var builder = MwaaClient.builder();
        if (!retries) {
            builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                    .retryStrategy(AwsRetryStrategy.doNotRetry()).build());
        }
        return factory(cloud, region).create(builder, AwsService.MWAA, apacheHttpClient);
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
