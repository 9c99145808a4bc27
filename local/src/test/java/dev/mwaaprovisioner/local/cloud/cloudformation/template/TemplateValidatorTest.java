package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checks CloudFormation makes on a template before creating anything, with its messages. */
class TemplateValidatorTest {

    /** Supports AWS::EC2::VPC (attributes CidrBlock, VpcId) and AWS::EC2::Subnet (SubnetId). */
    private static final ResourceTypeCatalog CATALOG = new ResourceTypeCatalog() {
        private final Map<String, Set<String>> types = Map.of(
                "AWS::EC2::VPC", Set.of("CidrBlock", "VpcId"),
                "AWS::EC2::Subnet", Set.of("SubnetId"));

        @Override
        public boolean supports(String resourceType) {
            return types.containsKey(resourceType);
        }

        @Override
        public boolean hasAttribute(String resourceType, String attribute) {
            return types.getOrDefault(resourceType, Set.of()).contains(attribute);
        }
    };

    private static void validate(String yaml) {
        TemplateValidator.validate(Template.parse(yaml), CATALOG);
    }

    @Test
    void acceptsAWellFormedTemplateInYamlAndJson() {
        validate("""
                AWSTemplateFormatVersion: 2010-09-09
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
                  Subnet:
                    Type: AWS::EC2::Subnet
                    Properties: {VpcId: !Ref Vpc, CidrBlock: !GetAtt Vpc.CidrBlock}
                """);
        validate("{\"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\"}}}");
    }

    @Test
    void unrecognizedResourceTypes() {
        assertThatThrownBy(() -> validate("""
                Resources:
                  Bucket: {Type: AWS::S3::Bucket}
                  Vpc: {Type: AWS::EC2::VPC}
                  Queue: {Type: AWS::SQS::Queue}
                """)).isInstanceOf(TemplateException.class)
                .hasMessage("Template format error: Unrecognized resource types: [AWS::S3::Bucket, AWS::SQS::Queue]");
    }

    @Test
    void unresolvedReferencesInResourcesAndOutputs() {
        assertThatThrownBy(() -> validate("""
                Resources:
                  Subnet:
                    Type: AWS::EC2::Subnet
                    DependsOn: Gateway
                    Properties: {VpcId: !Ref Vpc, CidrBlock: !Sub '${Prefix}.0/24'}
                """)).hasMessage("Template format error: Unresolved resource dependencies [Vpc, Prefix, Gateway] in the"
                + " Resources block of the template");
        assertThatThrownBy(() -> validate("""
                Resources:
                  Vpc: {Type: AWS::EC2::VPC}
                Outputs:
                  Id: {Value: !Ref Missing}
                """)).hasMessage("Template format error: Unresolved resource dependencies [Missing] in the Outputs"
                + " block of the template");
    }

    @Test
    void getAttOfAnUndefinedResourceOrAttribute() {
        assertThatThrownBy(() -> validate("""
                Resources:
                  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !GetAtt Vpc.VpcId}}
                """)).hasMessage("Template error: instance of Fn::GetAtt references undefined resource Vpc");
        assertThatThrownBy(() -> validate("""
                Resources:
                  Vpc: {Type: AWS::EC2::VPC}
                  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !GetAtt Vpc.Arn}}
                """)).hasMessage("Template error: resource Vpc does not support attribute type Arn in Fn::GetAtt");
    }

    @Test
    void circularDependencyNamesTheResourcesInTheCycle() {
        assertThatThrownBy(() -> validate("""
                Resources:
                  Vpc: {Type: AWS::EC2::VPC}
                  A: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref B}}
                  B: {Type: AWS::EC2::Subnet, DependsOn: C, Properties: {VpcId: !Ref Vpc}}
                  C: {Type: AWS::EC2::Subnet, Properties: {VpcId: !GetAtt A.SubnetId}}
                """)).hasMessage("Circular dependency between resources: [A, B, C]");
        assertThatThrownBy(() -> validate("""
                Resources:
                  Self: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Sub '${Self}'}}
                """)).hasMessage("Circular dependency between resources: [Self]");
    }

    @Test
    void conditionsCannotReferToResourcesOrMissingNames() {
        assertThatThrownBy(() -> validate("""
                Conditions:
                  HasVpc: !Equals [!Ref Vpc, x]
                Resources:
                  Vpc: {Type: AWS::EC2::VPC}
                """)).hasMessage("Template format error: Unresolved dependencies [Vpc]. Cannot reference resources in"
                + " the Conditions block of the template");
        assertThatThrownBy(() -> validate("""
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Condition: Nope}
                """)).hasMessage("Template format error: Unresolved condition dependencies [Nope] in the Resources"
                + " block of the template");
        assertThatThrownBy(() -> validate("""
                Resources:
                  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !If [Nope, a, b]}}
                """)).hasMessage("Template error: unresolved condition dependency Nope in Fn::If");
    }

    @Test
    void structuralErrors() {
        assertThatThrownBy(() -> Template.parse("Parameters: {}\n")).hasMessage(
                "Template format error: At least one Resources member must be defined.");
        assertThatThrownBy(() -> Template.parse("Resources: {Vpc: {Type: AWS::EC2::VPC}}\nResorces: {}\n"))
                .hasMessage("Template format error: Invalid template property or properties [Resorces]");
        assertThatThrownBy(() -> Template.parse("Resources: {Vpc: {Type: AWS::EC2::VPC, Propertes: {}}}\n"))
                .hasMessage("Template format error: Invalid template resource property 'Propertes'");
        assertThatThrownBy(() -> Template.parse("Resources: {Vpc: {Properties: {}}}\n")).hasMessage(
                "Template format error: [/Resources/Vpc] Every Resources object must contain a Type member.");
        assertThatThrownBy(() -> Template.parse("Parameters: {P: {Default: x}}\nResources: {V: {Type: T}}\n"))
                .hasMessage("Template format error: Every Parameters object must contain a Type member.");
        assertThatThrownBy(() -> Template.parse("Parameters: {P: {Type: Strin}}\nResources: {V: {Type: T}}\n"))
                .hasMessage("Template format error: Unrecognized parameter type: Strin");
        assertThatThrownBy(() -> Template.parse("Resources: {V: {Type: T}}\nOutputs: {O: {Description: x}}\n"))
                .hasMessage("Template format error: Every Outputs member must contain a Value object");
        assertThatThrownBy(() -> Template.parse("Transform: AWS::Serverless-2016-10-31\nResources: {V: {Type: T}}\n"))
                .hasMessageContaining("is not supported by the local cloud");
    }

    @Test
    void unreadableBodiesAreNotWellFormed() {
        assertThatThrownBy(() -> Template.parse("Resources:\n  Vpc: [unclosed\n")).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Template format error: YAML not well-formed. (line ");
        assertThatThrownBy(() -> Template.parse("{\"Resources\": {\"Vpc\": }")).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Template format error: JSON not well-formed. (line 1");
    }

    @Test
    void shortAndLongFormsParseToTheSameTemplate() {
        Template yaml = Template.parse("Resources: {S: {Type: AWS::EC2::Subnet, Properties: {VpcId: !GetAtt V.VpcId}}"
                + ", V: {Type: AWS::EC2::VPC}}\n");
        Template json = Template.parse("{\"Resources\": {\"S\": {\"Type\": \"AWS::EC2::Subnet\", \"Properties\":"
                + " {\"VpcId\": {\"Fn::GetAtt\": [\"V\", \"VpcId\"]}}}, \"V\": {\"Type\": \"AWS::EC2::VPC\"}}}");
        assertThat(yaml.resources().get("S").properties()).isEqualTo(json.resources().get("S").properties());
    }
}
