package dev.mwaaprovisioner.local.functions;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the AWS calls of in-process handlers go: an endpoint (the embedded local cloud or another
 * emulator) or AWS itself, with the Region and credentials to use there.
 *
 * @param endpoint    the endpoint override, or null for AWS's own endpoints
 * @param region      the Region, e.g. us-east-1
 * @param credentials {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and optionally
 *                    {@code AWS_SESSION_TOKEN}; empty to let the SDK's default chain find them
 *                    (profiles, SSO, instance roles) on AWS
 */
public record AwsTarget(URI endpoint, String region, Map<String, String> credentials) {

    /** Credentials emulators accept; they are never sent to AWS. */
    static final Map<String, String> DUMMY_CREDENTIALS = Map.of(
            "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test");

    public AwsTarget {
        Objects.requireNonNull(region, "region");
        credentials = Map.copyOf(credentials);
    }

    /** The embedded local cloud at {@code endpoint}: dummy credentials. */
    public static AwsTarget localCloud(URI endpoint, String region) {
        return new AwsTarget(endpoint, region, DUMMY_CREDENTIALS);
    }

    /**
     * Another endpoint (an emulator): the credentials of the given environment when it has them,
     * otherwise dummy ones.
     */
    public static AwsTarget endpoint(URI endpoint, String region, Map<String, String> processEnvironment) {
        Map<String, String> credentials = credentialsOf(processEnvironment);
        return new AwsTarget(endpoint, region, credentials.isEmpty() ? DUMMY_CREDENTIALS : credentials);
    }

    /** AWS, with the credentials of the given environment, or the SDK's default chain when it has none. */
    public static AwsTarget aws(String region, Map<String, String> processEnvironment) {
        return new AwsTarget(null, region, credentialsOf(processEnvironment));
    }

    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpoint);
    }

    /** The target as environment variables, as the common AWS client factory reads them. */
    public Map<String, String> variables() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_REGION", region);
        variables.put("AWS_DEFAULT_REGION", region);
        variables.putAll(credentials);
        if (endpoint != null) {
            variables.put("AWS_ENDPOINT_URL", endpoint.toString());
        }
        return variables;
    }

    /** Where the calls go, for messages. */
    public String describe() {
        return endpoint == null ? "AWS (" + region + ")" : endpoint + " (" + region + ")";
    }

    private static Map<String, String> credentialsOf(Map<String, String> environment) {
        Map<String, String> credentials = new LinkedHashMap<>();
        for (String name : new String[] {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"}) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                credentials.put(name, value);
            }
        }
        return credentials;
    }
}
