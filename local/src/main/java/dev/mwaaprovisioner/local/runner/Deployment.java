package dev.mwaaprovisioner.local.runner;

import dev.mwaaprovisioner.common.aws.AwsClientFactory;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.local.functions.AwsTarget;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * A deployment of the application on a target, as the read-only commands need it: its config
 * bucket and the prefix requests are read from.
 *
 * @param configBucket  the bucket holding {@code requests/}, {@code status/} and {@code claims/}
 * @param requestPrefix where request files go, {@code requests/} unless the stack says otherwise
 * @param stackName     the stack it was read from, or null when the bucket was given
 */
public record Deployment(String configBucket, String requestPrefix, String stackName) {

    /** The template's parameter for the request prefix. */
    static final String REQUEST_PREFIX_PARAMETER = "RequestPrefix";

    /** A config bucket given on the command line: the default request prefix. */
    public static Deployment ofBucket(String configBucket) {
        return new Deployment(configBucket, EmbeddedProvisioning.REQUEST_PREFIX, null);
    }

    /**
     * The deployment of stack {@code stackName} on the target, from its outputs
     * ({@value LocalApplication#CONFIG_BUCKET_OUTPUT}) and parameters ({@value #REQUEST_PREFIX_PARAMETER}):
     * one DescribeStacks call.
     *
     * @throws NotDeployedException when there is no such stack, or it has no config bucket output
     * @throws TargetUnreachableException when the target cannot be used
     */
    public static Deployment ofStack(AwsTarget target, String stackName) {
        Stack stack;
        try (AwsClientFactory clients = new AwsClientFactory(target.variables());
             CloudFormationClient cfn = clients.create(CloudFormationClient.builder(), AwsService.CLOUDFORMATION)) {
            stack = cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0);
        } catch (CloudFormationException e) {
            if (e.statusCode() == 400 && String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                throw new NotDeployedException("No stack " + stackName + " on " + target.describe() + ": give the "
                        + "stack name the application was deployed with (--stack-name), or its bucket (--config-bucket).");
            }
            throw TargetUnreachableException.of(target, "cloudformation:DescribeStacks", e);
        } catch (SdkException e) {
            throw TargetUnreachableException.of(target, "cloudformation:DescribeStacks", e);
        }
        String bucket = stack.outputs().stream().filter(o -> o.outputKey().equals(LocalApplication.CONFIG_BUCKET_OUTPUT))
                .map(Output::outputValue).findFirst()
                .orElseThrow(() -> new NotDeployedException("Stack " + stackName + " on " + target.describe()
                        + " has no output " + LocalApplication.CONFIG_BUCKET_OUTPUT + " (" + stack.stackStatusAsString()
                        + "): is it MWAA Provisioner, fully deployed? Give its bucket with --config-bucket."));
        String prefix = stack.parameters().stream().filter(p -> p.parameterKey().equals(REQUEST_PREFIX_PARAMETER))
                .map(Parameter::parameterValue).filter(v -> v != null && !v.isBlank()).findFirst()
                .orElse(EmbeddedProvisioning.REQUEST_PREFIX);
        return new Deployment(bucket, prefix, stackName);
    }

    /** For messages: the bucket and where it was found. */
    public String describe() {
        return "s3://" + configBucket + (stackName == null ? "" : " (stack " + stackName + ")");
    }

    /** The application is not deployed there as the options say; the message says what to give instead. */
    public static final class NotDeployedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotDeployedException(String message) {
            super(message);
        }
    }
}
