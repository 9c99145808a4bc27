package dev.mwaaprovisioner.common.workflow;

import dev.mwaaprovisioner.common.aws.AwsClientFactory;
import dev.mwaaprovisioner.common.aws.AwsService;
import java.util.Map;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Builds a function's AWS clients with the common {@link AwsClientFactory} and marks every call
 * with the User-Agent suffix {@code mwaa-provisioner/<LogicalId>}, so the local cloud (and
 * CloudTrail's userAgent field on AWS) can tell which function made it.
 *
 * <p>Every handler has a no-argument constructor, which Lambda calls once per container and
 * which uses clients built once from the process environment (static, so SnapStart snapshots
 * them), and a constructor taking an environment map, with which the local runner and the tests
 * run the same handler against another endpoint.
 */
public final class FunctionClients {

    public static final String USER_AGENT_PREFIX = "mwaa-provisioner/";

    private final String function;
    private final AwsClientFactory factory;
    private final Map<String, String> environment;

    public FunctionClients(String function, Map<String, String> environment) {
        this.function = function;
        this.environment = Map.copyOf(environment);
        this.factory = new AwsClientFactory(this.environment);
    }

    public AwsClientFactory factory() {
        return factory;
    }

    /** A variable of the function's environment (e.g. CONFIG_BUCKET), or null. */
    public String variable(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A required variable of the function's environment; a missing one is a deployment error. */
    public String requiredVariable(String name) {
        String value = variable(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set in the environment of " + function
                    + "; template.yaml sets it for the deployed function.");
        }
        return value;
    }

    /** A client on the shared URL-connection HTTP client. */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C create(B builder, AwsService service) {
        return factory.create(identified(builder), service);
    }

    /** A client on the given HTTP client (the Apache client for MWAA, which needs PATCH). */
    public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C create(B builder, AwsService service,
            SdkHttpClient httpClient) {
        return factory.create(identified(builder), service, httpClient);
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B identified(B builder) {
        builder.overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX,
                USER_AGENT_PREFIX + function));
        return builder;
    }
}
