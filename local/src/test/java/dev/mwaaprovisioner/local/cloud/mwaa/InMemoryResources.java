package dev.mwaaprovisioner.local.cloud.mwaa;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A hand-filled {@link CloudResources} for testing the MWAA rules on their own; the tests through the
 * AWS SDK use the local cloud's real IAM, S3, EC2 and KMS stores instead.
 */
final class InMemoryResources implements CloudResources {

    static final String ACCOUNT = "000000000000";
    static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
             "Principal":{"Service":["airflow.amazonaws.com","airflow-env.amazonaws.com"]},
             "Action":"sts:AssumeRole"}]}""";

    final Map<String, Role> roles = new HashMap<>();
    final Map<String, Bucket> buckets = new HashMap<>();
    final Map<String, Subnet> subnets = new HashMap<>();
    final Map<String, SecurityGroup> groups = new HashMap<>();
    final Map<String, Key> keys = new HashMap<>();
    int serviceLinkedRoleCalls;

    /**
     * A role, a good bucket, two private subnets in two AZs and a self-referencing security group,
     * all in us-east-1.
     */
    static InMemoryResources complete() {
        InMemoryResources r = new InMemoryResources();
        r.roles.put(roleArn("mwaa-exec"), new Role(roleArn("mwaa-exec"), TRUST));
        r.buckets.put("dags-bucket", new Bucket("dags-bucket", "us-east-1", true, true));
        r.subnets.put("subnet-a", new Subnet("subnet-a", "vpc-1", "us-east-1a", true));
        r.subnets.put("subnet-b", new Subnet("subnet-b", "vpc-1", "us-east-1b", true));
        r.groups.put("sg-1", new SecurityGroup("sg-1", "vpc-1", java.util.List.of(new Ingress("-1", null, null, "sg-1"))));
        return r;
    }

    static String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    @Override
    public Optional<Role> role(String roleArn) {
        return Optional.ofNullable(roles.get(roleArn));
    }

    @Override
    public Optional<Bucket> bucket(String bucketName) {
        return Optional.ofNullable(buckets.get(bucketName));
    }

    @Override
    public Optional<Subnet> subnet(String subnetId) {
        return Optional.ofNullable(subnets.get(subnetId));
    }

    @Override
    public Optional<SecurityGroup> securityGroup(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    @Override
    public Optional<Key> key(String keyIdOrArn) {
        return Optional.ofNullable(keys.get(keyIdOrArn));
    }

    @Override
    public String ensureServiceLinkedRole() {
        serviceLinkedRoleCalls++;
        return "arn:aws:iam::" + ACCOUNT + ":role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA";
    }
}
