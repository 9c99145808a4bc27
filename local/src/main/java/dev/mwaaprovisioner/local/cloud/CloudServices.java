package dev.mwaaprovisioner.local.cloud;

import dev.mwaaprovisioner.local.cloud.cloudformation.CloudFormationService;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Service;
import dev.mwaaprovisioner.local.cloud.sts.StsService;
import java.util.List;
import java.util.function.Function;

/**
 * The services the local cloud serves. To add one, add its constructor reference (taking a
 * {@link ServiceContext}) on a line of its own — the order is the creation order.
 */
public final class CloudServices {

    private CloudServices() {}

    /** Factories of every service, in creation order. */
    public static List<Function<ServiceContext, CloudService>> all() {
        return List.of(
                StsService::new,
                Ec2Service::new,
                CloudFormationService::new);
    }
}
