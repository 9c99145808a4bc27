package dev.mwaaprovisioner.local.cloud.mwaa;

import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.ServiceContext;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Exception;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Store;
import dev.mwaaprovisioner.local.cloud.ec2.SecurityGroupRule;
import dev.mwaaprovisioner.local.cloud.ec2.SubnetRouting;
import dev.mwaaprovisioner.local.cloud.iam.IamStore;
import dev.mwaaprovisioner.local.cloud.kms.KmsStore;
import dev.mwaaprovisioner.local.cloud.s3.S3Bucket;
import dev.mwaaprovisioner.local.cloud.s3.S3Store;
import java.util.Optional;

/**
 * The resources an environment names, looked up in the local cloud's own IAM, S3, EC2 and KMS stores
 * for one account and Region. The stores are found when a request is handled, as the plug-in
 * contract asks.
 */
final class StoreResources implements CloudResources {

    private static final String SERVICE_LINKED_ROLE_DESCRIPTION =
            "Service-linked role that allows Amazon MWAA to use AWS resources on your behalf";

    private final ServiceContext context;
    private final MwaaScope scope;

    StoreResources(ServiceContext context, MwaaScope scope) {
        this.context = context;
        this.scope = scope;
    }

    @Override
    public Optional<Role> role(String roleArn) {
        return context.service(IamStore.class).findRoleByArn(roleArn)
                .map(role -> new Role(role.arn(), role.assumeRolePolicyDocument()));
    }

    @Override
    public Optional<Bucket> bucket(String bucketName) {
        return context.service(S3Store.class).findBucket(bucketName).map(b -> new Bucket(b.name(), b.region(),
                b.versioningEnabled(), publicAccessBlocked(b)));
    }

    /**
     * All four settings on in the bucket's public access block configuration. A new bucket has them
     * all on (as S3 has since April 2023) until DeletePublicAccessBlock or a PutPublicAccessBlock
     * turns them off; MWAA follows what S3 reports; the account-level block of S3 Control is not emulated.
     */
    private static boolean publicAccessBlocked(S3Bucket bucket) {
        return bucket.publicAccessBlock() != null && bucket.publicAccessBlock().blocksAll();
    }

    @Override
    public Optional<Subnet> subnet(String subnetId) {
        try {
            SubnetRouting routing = ec2().subnetRouting(subnetId);
            return Optional.of(new Subnet(subnetId, routing.vpcId(), routing.availabilityZone(), routing.isPrivate()));
        } catch (Ec2Exception notFound) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<SecurityGroup> securityGroup(String groupId) {
        try {
            var group = ec2().securityGroup(groupId);
            return Optional.of(new SecurityGroup(group.groupId(), group.vpcId(), group.rules(false).stream()
                    .map(StoreResources::ingress).toList()));
        } catch (Ec2Exception notFound) {
            return Optional.empty();
        }
    }

    private static Ingress ingress(SecurityGroupRule rule) {
        return new Ingress(rule.ipProtocol(), rule.fromPort(), rule.toPort(), rule.referencedGroupId());
    }

    @Override
    public Optional<Key> key(String keyIdOrArn) {
        return context.service(KmsStore.class).findKey(scope.region(), keyIdOrArn)
                .map(k -> new Key(k.arn(), k.state(), k.keySpec(), k.multiRegion()));
    }

    @Override
    public String ensureServiceLinkedRole() {
        IamStore iam = context.service(IamStore.class);
        Optional<String> existing = iam.findRole(IamStore.MWAA_SERVICE_LINKED_ROLE).map(r -> r.arn());
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return iam.createServiceLinkedRole(scope.partition(), IamStore.MWAA_SERVICE,
                    SERVICE_LINKED_ROLE_DESCRIPTION, null).arn();
        } catch (CloudException createdMeanwhile) {
            return iam.findRole(IamStore.MWAA_SERVICE_LINKED_ROLE).map(r -> r.arn()).orElseThrow(() -> createdMeanwhile);
        }
    }

    @Override
    public void holdSubnets(String environmentArn, java.util.List<String> subnetIds, java.time.Instant until) {
        ec2().holdSubnets(environmentArn, subnetIds, until);
    }

    private Ec2Store ec2() {
        return context.service(Ec2Regions.class).region(scope.region());
    }
}
