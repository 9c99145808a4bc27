package dev.mwaaprovisioner.local.cloud.mwaa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks MWAA makes, when an environment is created or updated, of the resources it refers to:
 * the execution role exists and trusts {@code airflow-env.amazonaws.com}; the source bucket exists
 * in the Region with versioning and Block Public Access on; the two subnets exist, are private and
 * sit in different Availability Zones of one VPC; the security groups exist in that VPC; the KMS key
 * exists and is enabled.
 */
final class ReferenceChecks {

    static final String AIRFLOW_ENV_PRINCIPAL = "airflow-env.amazonaws.com";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReferenceChecks() {}

    /** The message AWS answers with while a role is missing, not trusted, or not yet propagated. */
    static MwaaException roleNotAssumable(String roleArn) {
        return MwaaException.validation("Failed to assume role " + roleArn + ". This could be due to the role's"
                + " trust policy. Please ensure your role is assumable by '" + AIRFLOW_ENV_PRINCIPAL
                + "' Service Principal and try again.");
    }

    static void checkRole(CloudResources resources, String roleArn) {
        CloudResources.Role role = resources.role(roleArn).orElseThrow(() -> roleNotAssumable(roleArn));
        if (!trustsAirflowEnv(role.trustPolicy())) {
            throw roleNotAssumable(roleArn);
        }
    }

    /**
     * Whether a trust policy lets {@code airflow-env.amazonaws.com} call {@code sts:AssumeRole}: an Allow
     * statement whose Principal names the service (or is {@code *}) and whose Action covers the call.
     * Conditions are not evaluated: the usual ones (aws:SourceAccount, aws:SourceArn) hold for MWAA.
     */
    static boolean trustsAirflowEnv(String trustPolicy) {
        if (trustPolicy == null) {
            return false;
        }
        JsonNode policy;
        try {
            policy = JSON.readTree(trustPolicy);
        } catch (IOException e) {
            return false;
        }
        for (JsonNode statement : asList(policy.get("Statement"))) {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                continue;
            }
            boolean action = asList(statement.get("Action")).stream().map(JsonNode::asText)
                    .anyMatch(a -> a.equalsIgnoreCase("sts:AssumeRole") || a.equals("sts:*") || a.equals("*"));
            JsonNode principal = statement.get("Principal");
            boolean service = principal != null && (principal.isTextual() && principal.asText().equals("*")
                    || asList(principal.get("Service")).stream().map(JsonNode::asText)
                            .anyMatch(AIRFLOW_ENV_PRINCIPAL::equals));
            if (action && service) {
                return true;
            }
        }
        return false;
    }

    static void checkBucket(CloudResources resources, String bucketArn, String region) {
        String bucketName = bucketArn.substring(bucketArn.indexOf(":::") + 3);
        CloudResources.Bucket bucket = resources.bucket(bucketName).orElseThrow(() -> MwaaException.validation(
                "Unable to access bucket " + bucketName + " (SourceBucketArn " + bucketArn + "): it does not exist."
                        + " Create it in " + region + " with versioning and Block Public Access on."));
        if (bucket.region() != null && !bucket.region().equals(region)) {
            throw MwaaException.validation("Bucket " + bucketName + " is in Region " + bucket.region()
                    + ", but the source bucket must be in the environment's Region " + region + ".");
        }
        if (!bucket.versioningEnabled()) {
            throw MwaaException.validation("Provided bucket does not have versioning enabled for s3 bucket "
                    + bucketName + ". Turn versioning on (PutBucketVersioning, Status Enabled).");
        }
        if (!bucket.publicAccessBlocked()) {
            throw MwaaException.validation("Provided bucket does not have BlockPublicAccess set for s3 bucket "
                    + bucketName + ". Turn on all four Block Public Access settings (PutPublicAccessBlock).");
        }
    }

    /** Checks the two subnets and the security groups; returns the VPC they share. */
    static String checkNetwork(CloudResources resources, List<String> subnetIds, List<String> securityGroupIds) {
        List<CloudResources.Subnet> subnets = new ArrayList<>();
        for (String id : subnetIds) {
            subnets.add(resources.subnet(id).orElseThrow(() -> MwaaException.validation(
                    "The subnet ID '" + id + "' does not exist. Give two existing private subnets.")));
        }
        CloudResources.Subnet first = subnets.get(0);
        CloudResources.Subnet second = subnets.get(1);
        if (!first.vpcId().equals(second.vpcId())) {
            throw MwaaException.validation("The subnets " + first.id() + " (" + first.vpcId() + ") and "
                    + second.id() + " (" + second.vpcId() + ") are in different VPCs: both must be in the same VPC.");
        }
        if (first.availabilityZone().equals(second.availabilityZone())) {
            throw MwaaException.validation("The subnets " + first.id() + " and " + second.id()
                    + " are both in Availability Zone " + first.availabilityZone()
                    + ": MWAA needs two private subnets in different Availability Zones.");
        }
        for (CloudResources.Subnet subnet : subnets) {
            if (!subnet.isPrivate()) {
                throw MwaaException.validation("Subnet " + subnet.id() + " is public: its route table sends"
                        + " traffic to an internet gateway. MWAA needs private subnets, routed through a NAT"
                        + " gateway (or served by VPC endpoints).");
            }
        }
        checkSecurityGroups(resources, securityGroupIds, first.vpcId());
        return first.vpcId();
    }

    /** The VPC of an environment's subnets, for checking the security groups an update gives. */
    static String vpcOf(CloudResources resources, List<String> subnetIds) {
        return resources.subnet(subnetIds.get(0)).map(CloudResources.Subnet::vpcId).orElseThrow(() ->
                MwaaException.validation("The environment's subnet " + subnetIds.get(0) + " no longer exists,"
                        + " so its security groups cannot be changed."));
    }

    static void checkSecurityGroups(CloudResources resources, List<String> groupIds, String vpcId) {
        for (String id : groupIds) {
            CloudResources.SecurityGroup group = resources.securityGroup(id).orElseThrow(() ->
                    MwaaException.validation("The security group '" + id + "' does not exist."
                            + " Give 1 to 5 security groups of VPC " + vpcId + "."));
            if (!group.vpcId().equals(vpcId)) {
                throw MwaaException.validation("Security group " + id + " is in VPC " + group.vpcId()
                        + ", not in the environment's VPC " + vpcId + ".");
            }
        }
    }

    /** The reason MWAA gives when an environment cannot reach its own components. */
    static final LastUpdate.Failure NETWORK_BLOCKS_ENVIRONMENT = new LastUpdate.Failure("INCORRECT_CONFIGURATION",
            "You may need to check the execution role permissions policy for your environment, and that each of"
                    + " the VPC networking components required by the environment are configured to allow traffic."
                    + " Troubleshooting: https://docs.aws.amazon.com/mwaa/latest/userguide/troubleshooting.html");

    /**
     * Whether the environment's security groups let its components reach each other: an inbound rule
     * of one of the groups admits traffic from one of the groups, for all traffic or for both HTTPS (443)
     * and PostgreSQL (5432). Without it MWAA stays CREATING for hours and then fails.
     */
    static boolean allowsTrafficWithinEnvironment(CloudResources resources, List<String> groupIds) {
        boolean https = false;
        boolean postgres = false;
        for (String id : groupIds) {
            for (CloudResources.Ingress rule : resources.securityGroup(id).map(CloudResources.SecurityGroup::ingress)
                    .orElse(List.of())) {
                if (rule.sourceGroupId() == null || !groupIds.contains(rule.sourceGroupId())) {
                    continue;
                }
                if ("-1".equals(rule.protocol()) || rule.fromPort() == null) {
                    return true;
                }
                if ("tcp".equalsIgnoreCase(rule.protocol()) || "6".equals(rule.protocol())) {
                    https |= rule.fromPort() <= 443 && 443 <= rule.toPort();
                    postgres |= rule.fromPort() <= 5432 && 5432 <= rule.toPort();
                }
            }
        }
        return https && postgres;
    }

    static void checkKey(CloudResources resources, String keyIdOrArn) {
        CloudResources.Key key = resources.key(keyIdOrArn).orElseThrow(() -> MwaaException.validation(
                "KMS key " + keyIdOrArn + " does not exist in this account and Region."
                        + " Give the ID or ARN of an existing customer managed key."));
        if (!"Enabled".equals(key.keyState())) {
            throw MwaaException.validation("KMS key " + key.arn() + " is " + key.keyState()
                    + "; MWAA needs an enabled key.");
        }
        if (key.multiRegion()) {
            throw MwaaException.validation("KMS key " + key.arn() + " is a multi-Region key; MWAA does not support"
                    + " multi-Region keys. Use a single-Region customer managed key.");
        }
        if (!"SYMMETRIC_DEFAULT".equals(key.keySpec())) {
            throw MwaaException.validation("KMS key " + key.arn() + " has key spec " + key.keySpec()
                    + "; MWAA needs a symmetric encryption key (SYMMETRIC_DEFAULT).");
        }
    }

    private static List<JsonNode> asList(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node == null || node.isNull()) {
            return list;
        }
        if (node.isArray()) {
            node.forEach(list::add);
        } else {
            list.add(node);
        }
        return list;
    }
}
