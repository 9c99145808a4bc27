package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.functions.AwsTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --endpoint} and {@code --region}: where the handlers' AWS calls go. Without
 * {@code --endpoint}, to the embedded local cloud the command starts; with a URL, to that endpoint
 * (another emulator, or a running {@code up}); with {@code aws}, to AWS itself, in the account of
 * the current credentials.
 */
final class TargetOption {

    static final String AWS = "aws";

    @Option(names = "--endpoint", paramLabel = "URL|aws",
            description = "Send the handlers' AWS calls to this endpoint (e.g. http://127.0.0.1:4566 of another "
                    + "emulator or of a running `up`), or to AWS itself with 'aws' (the account of the current "
                    + "credentials: AWS_ACCESS_KEY_ID..., AWS_PROFILE). Default: the embedded local cloud.")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Region for --endpoint. Default: AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1 "
                    + "(required for --endpoint aws).")
    String region;

    boolean embedded() {
        return endpoint == null;
    }

    /** The target of a non-embedded run, from the options and the process environment. */
    AwsTarget remote(Map<String, String> environment) {
        String chosen = region != null ? region : firstSet(environment, "AWS_REGION", "AWS_DEFAULT_REGION");
        if (chosen != null && !chosen.matches("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}")) {
            throw new UsageException("--region " + chosen + " is not an AWS Region code; use one like us-east-1.");
        }
        if (AWS.equals(endpoint)) {
            if (chosen == null) {
                throw new UsageException("--endpoint aws needs a Region: give --region, or set AWS_REGION.");
            }
            return AwsTarget.aws(chosen, environment);
        }
        return AwsTarget.endpoint(uri(), chosen == null ? "us-east-1" : chosen, environment);
    }

    private URI uri() {
        try {
            URI uri = new URI(endpoint);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new URISyntaxException(endpoint, "no http(s) scheme and host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--endpoint " + endpoint + " is neither an http(s) URL such as "
                    + "http://127.0.0.1:4566 nor 'aws'.");
        }
    }

    private static String firstSet(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
