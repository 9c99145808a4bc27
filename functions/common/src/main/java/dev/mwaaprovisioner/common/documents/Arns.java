package dev.mwaaprovisioner.common.documents;

/**
 * ARN builders for the resources the execution role, the key policy and the workflow refer to.
 * Every component is checked before it enters an ARN (see {@link AwsIdentifiers}); the only
 * wildcards in the results are the ones written here on purpose.
 */
public final class Arns {

    private Arns() {
    }

    /** {@code arn:<p>:airflow:<region>:<account>:environment/<name>}. */
    public static String airflowEnvironment(EnvironmentScope scope) {
        return "arn:" + scope.partition().id() + ":airflow:" + scope.region() + ":" + scope.accountId()
                + ":environment/" + scope.environmentName();
    }

    /** The environment's CloudWatch log groups: {@code ...:log-group:airflow-<name>-*}. */
    public static String environmentLogGroups(EnvironmentScope scope) {
        return "arn:" + scope.partition().id() + ":logs:" + scope.region() + ":" + scope.accountId()
                + ":log-group:airflow-" + scope.environmentName() + "-*";
    }

    /** Every CloudWatch Logs resource of one account in one Region: {@code arn:<p>:logs:<region>:<account>:*}. */
    public static String logsInAccount(Partition partition, String region, String accountId) {
        return "arn:" + partition.id() + ":logs:" + AwsIdentifiers.requireRegion(region) + ":"
                + AwsIdentifiers.requireAccountId(accountId) + ":*";
    }

    /**
     * MWAA's Celery queues: {@code arn:<p>:sqs:<region>:*:airflow-celery-*}. The account is a
     * wildcard because the queues live in an account MWAA owns.
     */
    public static String celeryQueues(Partition partition, String region) {
        return "arn:" + partition.id() + ":sqs:" + AwsIdentifiers.requireRegion(region) + ":*:airflow-celery-*";
    }

    /** Every KMS key of one account, in any Region: {@code arn:<p>:kms:*:<account>:key/*}. */
    public static String kmsKeysOfAccount(Partition partition, String accountId) {
        return "arn:" + partition.id() + ":kms:*:" + AwsIdentifiers.requireAccountId(accountId) + ":key/*";
    }

    /** A key ARN from its ID, for a request that names the key by ID. */
    public static KmsKeyArn kmsKey(Partition partition, String region, String accountId, String keyId) {
        return new KmsKeyArn(partition, region, accountId, keyId);
    }

    /** {@code arn:<p>:s3:::<bucket>}. */
    public static String s3Bucket(Partition partition, String bucketName) {
        return "arn:" + partition.id() + ":s3:::" + AwsIdentifiers.requireBucketName(bucketName);
    }

    /** Every object of a bucket: {@code arn:<p>:s3:::<bucket>/*}. */
    public static String s3Objects(Partition partition, String bucketName) {
        return s3Bucket(partition, bucketName) + "/*";
    }

    /** {@code arn:<p>:iam::<account>:role/<name>} for a role without a path. */
    public static String iamRole(Partition partition, String accountId, String roleName) {
        if (roleName == null || !roleName.matches("[\\w+=,.@-]{1,64}")) {
            throw new IllegalArgumentException("role name: " + AwsIdentifiers.quote(roleName) + " is not an IAM role "
                    + "name; use 1 to 64 letters, digits and +=,.@_- characters.");
        }
        return "arn:" + partition.id() + ":iam::" + AwsIdentifiers.requireAccountId(accountId) + ":role/" + roleName;
    }
}
