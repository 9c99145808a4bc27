package dev.mwaaprovisioner.common.documents;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The permissions policy of an environment's execution role, in the two variants MWAA documents:
 * for data encrypted with an AWS owned key (no {@code KmsKey} in the request) and for a customer
 * managed key. Both grant what the environment itself needs: publishing its health metrics,
 * reading its source bucket, writing its log groups and metrics, using its Celery queues and the
 * key that encrypts them.
 */
public final class ExecutionRolePolicy {

    private ExecutionRolePolicy() {
    }

    /** The policy for an environment whose data is encrypted with an AWS owned key. */
    public static ObjectNode forAwsOwnedKey(EnvironmentScope scope, String sourceBucketName) {
        ObjectNode policy = common(scope, sourceBucketName);
        // AWS owned keys live in accounts MWAA owns, so the key cannot be named: allow any key that
        // is NOT in this account, and only when SQS uses it for the environment's queues.
        ObjectNode kms = PolicyJson.addStatement(policy, "UseAwsOwnedKeyThroughSqs", "Allow");
        PolicyJson.putOneOrMany(kms, "Action", KMS_ACTIONS);
        kms.put("NotResource", Arns.kmsKeysOfAccount(scope.partition(), scope.accountId()));
        kms.putObject("Condition").putObject("StringLike")
                .put("kms:ViaService", scope.partition().serviceHost("sqs", scope.region()));
        return policy;
    }

    /**
     * The policy for an environment whose data is encrypted with a customer managed key. The key
     * must be in the environment's Region (MWAA uses it there); it may belong to another account.
     */
    public static ObjectNode forCustomerManagedKey(EnvironmentScope scope, String sourceBucketName, KmsKeyArn key) {
        if (key == null) {
            throw new IllegalArgumentException("KMS key ARN: (missing); pass the ARN of the customer managed key, or use "
                    + "forAwsOwnedKey for an environment without KmsKey.");
        }
        if (!key.region().equals(scope.region()) || key.partition() != scope.partition()) {
            throw new IllegalArgumentException("KMS key ARN: '" + key + "' is in " + key.partition().id() + "/"
                    + key.region() + " but the environment is in " + scope.partition().id() + "/" + scope.region()
                    + "; MWAA needs a key in the environment's Region.");
        }
        ObjectNode policy = common(scope, sourceBucketName);
        ObjectNode kms = PolicyJson.addStatement(policy, "UseCustomerManagedKeyThroughSqsAndS3", "Allow");
        PolicyJson.putOneOrMany(kms, "Action", KMS_ACTIONS);
        kms.put("Resource", key.toString());
        PolicyJson.putOneOrMany(kms.putObject("Condition").putObject("StringLike"), "kms:ViaService",
                scope.partition().serviceHost("sqs", scope.region()),
                scope.partition().serviceHost("s3", scope.region()));
        return policy;
    }

    private static final String[] KMS_ACTIONS = {"kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*",
        "kms:Encrypt"};

    /** Every statement except the KMS one, which is what distinguishes the two variants. */
    private static ObjectNode common(EnvironmentScope scope, String sourceBucketName) {
        if (scope == null) {
            throw new IllegalArgumentException("environment scope: (missing); pass the partition, Region, account and "
                    + "name of the environment.");
        }
        String bucket = Arns.s3Bucket(scope.partition(), sourceBucketName);
        String objects = Arns.s3Objects(scope.partition(), sourceBucketName);
        ObjectNode policy = PolicyJson.newPolicy();

        ObjectNode metrics = PolicyJson.addStatement(policy, "PublishEnvironmentHealthMetrics", "Allow");
        metrics.put("Action", "airflow:PublishMetrics");
        metrics.put("Resource", Arns.airflowEnvironment(scope));

        // s3:ListAllMyBuckets acts on no bucket: IAM evaluates it against "*" only, so a statement
        // that names bucket ARNs (as MWAA's sample does) never matches and denies nothing. "*" makes
        // the deny effective, whatever another policy on the role allows.
        ObjectNode denyListAll = PolicyJson.addStatement(policy, "DenyListingAllBuckets", "Deny");
        denyListAll.put("Action", "s3:ListAllMyBuckets");
        denyListAll.put("Resource", "*");

        ObjectNode readBucket = PolicyJson.addStatement(policy, "ReadSourceBucket", "Allow");
        PolicyJson.putOneOrMany(readBucket, "Action", "s3:GetObject*", "s3:GetBucket*", "s3:List*");
        PolicyJson.putOneOrMany(readBucket, "Resource", bucket, objects);

        // Without it CreateEnvironment fails: "Unable to check PublicAccessBlock configuration for
        // the account". The action has no resource type, hence "*".
        ObjectNode publicAccessBlock = PolicyJson.addStatement(policy, "CheckAccountPublicAccessBlock", "Allow");
        publicAccessBlock.put("Action", "s3:GetAccountPublicAccessBlock");
        publicAccessBlock.put("Resource", "*");

        ObjectNode logs = PolicyJson.addStatement(policy, "WriteEnvironmentLogs", "Allow");
        PolicyJson.putOneOrMany(logs, "Action", "logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents",
                "logs:GetLogEvents", "logs:GetLogRecord", "logs:GetLogGroupFields", "logs:GetQueryResults");
        logs.put("Resource", Arns.environmentLogGroups(scope));

        ObjectNode describeLogGroups = PolicyJson.addStatement(policy, "DescribeLogGroups", "Allow");
        describeLogGroups.put("Action", "logs:DescribeLogGroups");
        describeLogGroups.put("Resource", "*");

        ObjectNode putMetrics = PolicyJson.addStatement(policy, "PutCloudWatchMetrics", "Allow");
        putMetrics.put("Action", "cloudwatch:PutMetricData");
        putMetrics.put("Resource", "*");

        // The Celery queues live in an account MWAA owns, hence the account wildcard.
        ObjectNode queues = PolicyJson.addStatement(policy, "UseCeleryQueues", "Allow");
        PolicyJson.putOneOrMany(queues, "Action", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage",
                "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage");
        queues.put("Resource", Arns.celeryQueues(scope.partition(), scope.region()));
        return policy;
    }
}
