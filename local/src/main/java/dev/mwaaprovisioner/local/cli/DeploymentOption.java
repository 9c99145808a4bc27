package dev.mwaaprovisioner.local.cli;

import dev.mwaaprovisioner.local.functions.AwsTarget;
import dev.mwaaprovisioner.local.runner.Deployment;
import dev.mwaaprovisioner.local.runner.LocalApplication;
import picocli.CommandLine.Option;

/**
 * {@code --stack-name} and {@code --config-bucket}: which deployment of the application a
 * read-only command looks at. By default the stack {@value LocalApplication#STACK_NAME} (the name
 * {@code up} and samconfig.toml deploy it under), whose outputs name the config bucket.
 */
final class DeploymentOption {

    @Option(names = "--stack-name", paramLabel = "STACK",
            description = "The application's CloudFormation stack there; its output ConfigBucketName names the config "
                    + "bucket. Default: " + LocalApplication.STACK_NAME + " (as `up` and samconfig.toml deploy it).")
    String stackName;

    @Option(names = "--config-bucket", paramLabel = "BUCKET",
            description = "The config bucket itself (requests under requests/), instead of reading it from the stack.")
    String configBucket;

    boolean given() {
        return stackName != null || configBucket != null;
    }

    /** The deployment on the target: the bucket given, else the stack's (one DescribeStacks call). */
    Deployment locate(AwsTarget target) {
        if (stackName != null && configBucket != null) {
            throw new UsageException("--stack-name and --config-bucket both say where the deployment is; give one.");
        }
        if (configBucket != null) {
            return Deployment.ofBucket(configBucket);
        }
        return Deployment.ofStack(target, stackName == null ? LocalApplication.STACK_NAME : stackName);
    }
}
