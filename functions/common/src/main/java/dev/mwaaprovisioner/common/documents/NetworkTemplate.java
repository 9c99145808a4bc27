package dev.mwaaprovisioner.common.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CloudFormation template of an environment's network (resource
 * {@value #RESOURCE_PATH}): a VPC with two public and two private subnets over two Availability
 * Zones, a NAT gateway per zone and a security group MWAA can use. This class hands out its body,
 * the parameters for one environment and the names of its outputs.
 */
public final class NetworkTemplate {

    /** Class-path location of the template. */
    public static final String RESOURCE_PATH = "cloudformation/mwaa-network.yaml";

    public static final String PARAM_ENVIRONMENT_NAME = "EnvironmentName";
    public static final String PARAM_VPC_CIDR = "VpcCIDR";
    public static final String PARAM_PUBLIC_SUBNET_1_CIDR = "PublicSubnet1CIDR";
    public static final String PARAM_PUBLIC_SUBNET_2_CIDR = "PublicSubnet2CIDR";
    public static final String PARAM_PRIVATE_SUBNET_1_CIDR = "PrivateSubnet1CIDR";
    public static final String PARAM_PRIVATE_SUBNET_2_CIDR = "PrivateSubnet2CIDR";

    public static final String OUTPUT_VPC_ID = "VpcId";
    /** The two private subnet IDs, comma-separated. */
    public static final String OUTPUT_PRIVATE_SUBNET_IDS = "PrivateSubnetIds";
    public static final String OUTPUT_PRIVATE_SUBNET_1 = "PrivateSubnet1";
    public static final String OUTPUT_PRIVATE_SUBNET_2 = "PrivateSubnet2";
    public static final String OUTPUT_PUBLIC_SUBNET_1 = "PublicSubnet1";
    public static final String OUTPUT_PUBLIC_SUBNET_2 = "PublicSubnet2";
    public static final String OUTPUT_SECURITY_GROUP_ID = "SecurityGroupId";

    /** Tag on every taggable resource of the stack; its value is the environment name. */
    public static final String ENVIRONMENT_TAG_KEY = "mwaa-provisioner:environment";

    /** The form of an IPv4 CIDR block with a prefix from /16 to /28 (the sizes VPCs and subnets allow). */
    public static final Pattern CIDR = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
                    + "/(1[6-9]|2[0-8])");

    private static volatile String body;

    private NetworkTemplate() {
    }

    /** The template text, exactly as CloudFormation receives it. */
    public static String body() {
        String text = body;
        if (text == null) {
            text = readResource();
            body = text;
        }
        return text;
    }

    /** The stack name for an environment; see {@link DerivedNames#networkStackName(String)}. */
    public static String stackName(String environmentName) {
        return DerivedNames.networkStackName(environmentName);
    }

    /** The stack parameters for an environment, in the template's order. */
    public static Map<String, String> parameters(String environmentName, NetworkCidrs cidrs) {
        AwsIdentifiers.requireEnvironmentName(environmentName);
        if (cidrs == null) {
            throw new IllegalArgumentException("network CIDRs: (missing); give the VPC and the four subnet CIDR blocks.");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(PARAM_ENVIRONMENT_NAME, environmentName);
        parameters.put(PARAM_VPC_CIDR, cidrs.vpcCidr());
        parameters.put(PARAM_PUBLIC_SUBNET_1_CIDR, cidrs.publicSubnet1Cidr());
        parameters.put(PARAM_PUBLIC_SUBNET_2_CIDR, cidrs.publicSubnet2Cidr());
        parameters.put(PARAM_PRIVATE_SUBNET_1_CIDR, cidrs.privateSubnet1Cidr());
        parameters.put(PARAM_PRIVATE_SUBNET_2_CIDR, cidrs.privateSubnet2Cidr());
        return parameters;
    }

    static String requireCidr(String parameter, String value) {
        if (value == null || !CIDR.matcher(value).matches()) {
            throw new IllegalArgumentException(parameter + ": " + AwsIdentifiers.quote(value) + " is not an IPv4 CIDR "
                    + "block from /16 to /28; write it like 10.192.0.0/16.");
        }
        return value;
    }

    private static String readResource() {
        try (InputStream in = NetworkTemplate.class.getClassLoader().getResourceAsStream(RESOURCE_PATH)) {
            if (in == null) {
                throw new IllegalStateException("The network template " + RESOURCE_PATH + " is missing from the class "
                        + "path; rebuild functions/common.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the network template " + RESOURCE_PATH, e);
        }
    }
}
