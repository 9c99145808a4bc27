package dev.mwaaprovisioner.local.cloud.mwaa;

import dev.mwaaprovisioner.local.cloud.LocalCloud;
import dev.mwaaprovisioner.local.cloud.TestClients;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What an MWAA environment refers to, made in the local cloud's IAM, S3, KMS and EC2 through the
 * AWS SDK v2, as a user makes them.
 */
final class CloudFixtures implements AutoCloseable {

    static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
             "Principal":{"Service":["airflow.amazonaws.com","airflow-env.amazonaws.com"]},
             "Action":"sts:AssumeRole"}]}""";

    /** A VPC with two private subnets (zones a and b), a public one (zone b), and a security group open to itself. */
    record Network(String vpcId, String privateSubnet1, String privateSubnet2, String publicSubnet,
            String securityGroup) {}

    final IamClient iam;
    final S3Client s3;
    final KmsClient kms;
    final Ec2Client ec2;

    CloudFixtures(LocalCloud cloud) {
        iam = TestClients.client(IamClient.builder(), cloud);
        s3 = TestClients.client(S3Client.builder().forcePathStyle(true), cloud);
        kms = TestClients.client(KmsClient.builder(), cloud);
        ec2 = TestClients.client(Ec2Client.builder(), cloud);
    }

    String role(String name, String trustPolicy) {
        return iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trustPolicy)).role().arn();
    }

    /** A bucket, with versioning and all four Block Public Access settings as asked. */
    String bucket(String name, boolean versioned, boolean publicAccessBlocked) {
        s3.createBucket(r -> r.bucket(name));
        if (versioned) {
            s3.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status("Enabled")));
        }
        if (!publicAccessBlocked) {
            // A new bucket blocks public access; opening it takes a deliberate DeletePublicAccessBlock.
            s3.deletePublicAccessBlock(r -> r.bucket(name));
        }
        return "arn:aws:s3:::" + name;
    }

    String key() {
        return kms.createKey(r -> r.description("mwaa")).keyMetadata().arn();
    }

    /** A network in 10.{secondOctet}.0.0/16. */
    Network network(int secondOctet) {
        String prefix = "10." + secondOctet + ".";
        String vpc = ec2.createVpc(r -> r.cidrBlock(prefix + "0.0/16")).vpc().vpcId();
        String private1 = subnet(vpc, prefix + "1.0/24", "us-east-1a");
        String private2 = subnet(vpc, prefix + "2.0/24", "us-east-1b");
        String publicSubnet = subnet(vpc, prefix + "3.0/24", "us-east-1b");
        String igw = ec2.createInternetGateway(r -> { }).internetGateway().internetGatewayId();
        ec2.attachInternetGateway(r -> r.internetGatewayId(igw).vpcId(vpc));
        String publicRoutes = ec2.createRouteTable(r -> r.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(r -> r.routeTableId(publicRoutes).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        ec2.associateRouteTable(r -> r.routeTableId(publicRoutes).subnetId(publicSubnet));
        String group = securityGroup(vpc, "mwaa-" + secondOctet, true);
        return new Network(vpc, private1, private2, publicSubnet, group);
    }

    /** A security group; with {@code selfReferencing}, it admits all traffic from itself. */
    String securityGroup(String vpcId, String name, boolean selfReferencing) {
        String group = ec2.createSecurityGroup(r -> r.vpcId(vpcId).groupName(name).description(name)).groupId();
        if (selfReferencing) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("-1")
                    .userIdGroupPairs(g -> g.groupId(group))));
        }
        return group;
    }

    private String subnet(String vpcId, String cidr, String zone) {
        return ec2.createSubnet(r -> r.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId();
    }

    @Override
    public void close() {
        iam.close();
        s3.close();
        kms.close();
        ec2.close();
    }
}
