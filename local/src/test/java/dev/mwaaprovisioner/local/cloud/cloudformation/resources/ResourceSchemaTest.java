package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ec2.Ec2ResourceProviders;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Regions;
import dev.mwaaprovisioner.local.cloud.ec2.Ec2Settings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Property validation of the EC2 resource types, worded as CloudFormation's schema validation. */
class ResourceSchemaTest {

    private final ResourceProviderRegistry registry = Ec2ResourceProviders.registerAll(new ResourceProviderRegistry(),
            new Ec2Regions("000000000000", () -> Instant.EPOCH, Ec2Settings.defaults()));

    private ResourceSchema schema(String type) {
        return registry.provider(type).orElseThrow().schema();
    }

    @Test
    void registersExactlyTheNetworkTemplatesTypes() {
        assertThat(registry.types()).containsExactlyInAnyOrder("AWS::EC2::VPC", "AWS::EC2::Subnet",
                "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::EIP",
                "AWS::EC2::NatGateway", "AWS::EC2::RouteTable", "AWS::EC2::Route",
                "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::SecurityGroup",
                "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress");
        assertThat(registry.hasAttribute("AWS::EC2::EIP", "AllocationId")).isTrue();
        assertThat(registry.hasAttribute("AWS::EC2::VPC", "DefaultSecurityGroup")).isTrue();
        assertThat(registry.hasAttribute("AWS::EC2::SecurityGroup", "VpcId")).isTrue();
        assertThat(registry.hasAttribute("AWS::EC2::Subnet", "AvailabilityZone")).isTrue();
        assertThat(registry.hasAttribute("AWS::EC2::VPC", "Arn")).isFalse();
    }

    @Test
    void normalisesTypesAsCloudFormationCoercesThem() {
        Map<String, Object> vpc = schema("AWS::EC2::VPC").validate("Vpc", Map.of("CidrBlock", "10.0.0.0/16",
                "EnableDnsSupport", "true", "EnableDnsHostnames", false,
                "Tags", List.of(Map.of("Key", "Name", "Value", 7))));
        assertThat(vpc).containsEntry("EnableDnsSupport", true).containsEntry("EnableDnsHostnames", false)
                .containsEntry("Tags", List.of(Map.of("Key", "Name", "Value", "7")));
        Map<String, Object> rule = schema("AWS::EC2::SecurityGroupIngress").validate("Rule", Map.of("GroupId", "sg-1",
                "IpProtocol", "tcp", "FromPort", "443", "ToPort", 443, "CidrIp", "0.0.0.0/0"));
        assertThat(rule).containsEntry("FromPort", 443).containsEntry("ToPort", 443);
    }

    @Test
    void extraneousMissingAndMistypedPropertiesFailTheResource() {
        assertThatThrownBy(() -> schema("AWS::EC2::Subnet").validate("PrivateSubnet1", Map.of("VpcId", "vpc-1",
                "CidrBlock", "10.0.0.0/24", "AvailabiltyZone", "us-east-1a")))
                .isInstanceOf(ResourcePropertiesException.class)
                .hasMessage("Properties validation failed for resource PrivateSubnet1 with message: [#: extraneous key"
                        + " [AvailabiltyZone] is not permitted]");
        assertThatThrownBy(() -> schema("AWS::EC2::Subnet").validate("PrivateSubnet1", Map.of("CidrBlock",
                "10.0.0.0/24"))).hasMessage("Properties validation failed for resource PrivateSubnet1 with message:"
                + " [#: required key [VpcId] not found]");
        assertThatThrownBy(() -> schema("AWS::EC2::VPC").validate("Vpc", Map.of("CidrBlock", "10.0.0.0/16",
                "EnableDnsSupport", "yes"))).hasMessage("Properties validation failed for resource Vpc with message:"
                + " [#/EnableDnsSupport: expected type: Boolean, found: String]");
        assertThatThrownBy(() -> schema("AWS::EC2::SecurityGroup").validate("Sg", Map.of("GroupDescription", "d",
                "SecurityGroupIngress", List.of(Map.of("CidrIp", "0.0.0.0/0"))))).hasMessage("Properties validation"
                + " failed for resource Sg with message: [#/SecurityGroupIngress/0: required key [IpProtocol] not"
                + " found]");
        assertThatThrownBy(() -> schema("AWS::EC2::VPC").validate("Vpc", Map.of("CidrBlock", "10.0.0.0/16",
                "Tags", List.of(Map.of("Key", "aws:owner", "Value", "x"))))).hasMessageContaining(
                "#/Tags/0/Key: tag keys starting with aws: are reserved");
    }

    @Test
    void realButNotEmulatedPropertiesAreRefusedNotIgnored() {
        assertThatThrownBy(() -> schema("AWS::EC2::VPC").validate("Vpc", Map.of("Ipv4IpamPoolId", "ipam-pool-1",
                "CidrBlock", "10.0.0.0/16"))).isInstanceOf(ResourcePropertiesException.class).hasMessage(
                "Properties [Ipv4IpamPoolId] of AWS::EC2::VPC (resource Vpc) are not supported by the local cloud;"
                        + " remove them or deploy to AWS.");
    }

    @Test
    void replacementPropertiesDecideHowAnUpdateIsApplied() {
        ResourceSchema subnet = schema("AWS::EC2::Subnet");
        Map<String, Object> before = Map.of("VpcId", "vpc-1", "CidrBlock", "10.0.0.0/24");
        assertThat(subnet.requiresReplacement(before, Map.of("VpcId", "vpc-1", "CidrBlock", "10.0.1.0/24"))).isTrue();
        assertThat(subnet.requiresReplacement(before, Map.of("VpcId", "vpc-1", "CidrBlock", "10.0.0.0/24",
                "MapPublicIpOnLaunch", true))).isFalse();
    }
}
