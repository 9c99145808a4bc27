package dev.mwaaprovisioner.common.aws;

/**
 * The AWS services the provisioner calls, with the suffix of their service-specific endpoint
 * variable {@code AWS_ENDPOINT_URL_<SUFFIX>}: the service ID in upper case with spaces as
 * underscores, as every AWS SDK and the AWS CLI name it.
 */
public enum AwsService {
    CLOUDFORMATION("CLOUDFORMATION"),
    CLOUDWATCH_LOGS("CLOUDWATCH_LOGS"),
    EC2("EC2"),
    EVENTBRIDGE("EVENTBRIDGE"),
    IAM("IAM"),
    KMS("KMS"),
    LAMBDA("LAMBDA"),
    /**
     * Amazon MWAA. Its {@code UpdateEnvironment} is an HTTP PATCH, which the default
     * URL-connection HTTP client cannot send: give an MWAA client that updates environments the
     * Apache (or CRT) HTTP client.
     */
    MWAA("MWAA"),
    S3("S3"),
    SFN("SFN"),
    STS("STS");

    private final String endpointVariableSuffix;

    AwsService(String endpointVariableSuffix) {
        this.endpointVariableSuffix = endpointVariableSuffix;
    }

    /** {@code AWS_ENDPOINT_URL_<SUFFIX>}, the variable that overrides this service's endpoint. */
    public String endpointVariable() {
        return AwsClientFactory.ENDPOINT_URL + "_" + endpointVariableSuffix;
    }
}
