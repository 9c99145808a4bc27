package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.functions.AwsTarget;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --endpoint} and {@code --region} of the commands that read a running deployment
 * ({@code status}, {@code list}): a fresh embedded cloud would hold nothing to read, so the default
 * is a running {@code up} on its default port.
 */
final class ReadTargetOption {

    static final String RUNNING_UP = "http://127.0.0.1:" + LocalCloud.DEFAULT_PORT;

    @Option(names = "--endpoint", paramLabel = "URL|aws",
            description = "Where the deployment runs: an endpoint URL (a running `up`, another emulator), or 'aws' for "
                    + "AWS itself (the account of the current credentials). Default: " + RUNNING_UP + ", a running `up` "
                    + "on its default port.")
    String endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Region there. Default: AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1 (required for "
                    + "--endpoint aws).")
    String region;

    AwsTarget target(Map<String, String> environment) {
        TargetOption target = new TargetOption();
        target.endpoint = endpoint == null ? RUNNING_UP : endpoint;
        target.region = region;
        return target.remote(environment);
    }
}
