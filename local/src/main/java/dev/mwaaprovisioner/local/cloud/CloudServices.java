package dev.mwaaprovisioner.local.cloud;

import dev.mwaaprovisioner.local.cloud.cloudformation.CloudFormationService;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Service;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Settings;
import dev.mwaaprovisioner.local.cloud.events.EventBridgeService;
import dev.mwaaprovisioner.local.cloud.iam.IamService;
import dev.mwaaprovisioner.local.cloud.kms.KmsService;
import dev.mwaaprovisioner.local.cloud.lambda.LambdaService;
import dev.mwaaprovisioner.local.cloud.logs.LogsService;
import dev.mwaaprovisioner.local.cloud.mwaa.MwaaService;
import dev.mwaaprovisioner.local.cloud.s3.S3Service;
import dev.mwaaprovisioner.local.cloud.sqs.SqsService;
import dev.mwaaprovisioner.local.cloud.stepfunctions.StepFunctionsService;
import dev.mwaaprovisioner.local.cloud.sts.StsService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The services the local cloud serves. To add one, add {@code all.add(YourService::new);} (a
 * constructor taking a {@link ServiceContext}) on a line of its own; the order is the creation order.
 */
public final class CloudServices {

    private CloudServices() {}

    /** Factories of every service, in creation order. */
    public static List<Function<ServiceContext, CloudService>> all() {
        return all(Ec2Settings.defaults());
    }

    /** Factories of every service, EC2 with the given settings (e.g. raised quotas). */
    public static List<Function<ServiceContext, CloudService>> all(Ec2Settings ec2) {
        List<Function<ServiceContext, CloudService>> all = new ArrayList<>();
        all.add(StsService::new);
        all.add(IamService::new);
        all.add(KmsService::new);
        all.add(S3Service::new);
        all.add(LogsService::new);
        all.add(SqsService::new);
        all.add(context -> new Ec2Service(context, ec2));
        all.add(CloudFormationService::new);
        all.add(MwaaService::new);
        all.add(LambdaService::new);
        all.add(StepFunctionsService::new);
        all.add(EventBridgeService::new);
        return List.copyOf(all);
    }
}
