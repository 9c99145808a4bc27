package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.events.RuleProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.iam.RoleProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.lambda.AliasProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.lambda.FunctionProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.lambda.EventInvokeConfigProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.lambda.PermissionProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.sqs.QueuePolicyProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.sqs.QueueProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.lambda.VersionProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.logs.LogGroupProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.s3.BucketPolicyProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.s3.BucketProvider;
import dev.mwaaprovisioner.local.cloud.cloudformation.resources.stepfunctions.StateMachineProvider;

/**
 * Registers the resource types of the application template (template.yaml after the SAM
 * transform): S3 buckets and their policies, log groups, IAM roles, Lambda functions with
 * versions, aliases and permissions, Step Functions state machines and EventBridge rules. Each provider looks
 * up the store of its service when it runs, so a type whose service the cloud does not serve
 * fails that resource with a clear message rather than the whole stack engine.
 */
public final class ServiceResourceProviders {

    private ServiceResourceProviders() {
    }

    public static ResourceProviderRegistry registerAll(ResourceProviderRegistry registry, ServiceContext cloud) {
        ClassLoader handlers = ServiceResourceProviders.class.getClassLoader();
        return registry
                .register(new BucketProvider(cloud))
                .register(new BucketPolicyProvider(cloud))
                .register(new LogGroupProvider(cloud))
                .register(new RoleProvider(cloud))
                .register(new FunctionProvider(cloud, handlers))
                .register(new VersionProvider(cloud))
                .register(new AliasProvider(cloud))
                .register(new PermissionProvider(cloud))
                .register(new EventInvokeConfigProvider(cloud))
                .register(new QueueProvider(cloud))
                .register(new QueuePolicyProvider(cloud))
                .register(new StateMachineProvider(cloud))
                .register(new RuleProvider(cloud));
    }
}
