package dev.mwaaprovisioner.common.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationYamlTest {

    @Test
    void shortFormTagsBecomeLongFormIntrinsics() {
        Map<String, Object> template = CloudFormationYaml.parseTemplate("""
                Resources:
                  R:
                    Type: AWS::EC2::Subnet
                    Properties:
                      VpcId: !Ref VPC
                      AvailabilityZone: !Select [1, !GetAZs '']
                      Name: !Sub '${AWS::StackName}-x'
                      Other: !Sub ['${A}-${B}', {A: !Ref P, B: !GetAtt E.AllocationId}]
                      Joined: !Join [',', [!Ref A, !Ref B]]
                      Att: !GetAtt [Sg, GroupId]
                      Nested: !GetAtt Res.Attr.Sub
                      Chosen: !If [IsProd, !Ref AWS::NoValue, !Base64 text]
                      Map: !FindInMap [M, !Ref AWS::Region, Key]
                      Cond: !Condition IsProd
                      Eq: !Not [!Equals [!Ref P, '']]
                      Both: !And [!Condition A, !Or [!Condition B, !Condition C]]
                      Imported: !ImportValue shared-vpc
                      Parts: !Split [',', !Ref L]
                      Blocks: !Cidr [!GetAtt VPC.CidrBlock, 2, 8]
                """);

        @SuppressWarnings("unchecked")
        Map<String, Object> props = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                template.get("Resources")).get("R")).get("Properties");
        assertThat(props.get("VpcId")).isEqualTo(Map.of("Ref", "VPC"));
        assertThat(props.get("AvailabilityZone")).isEqualTo(Map.of("Fn::Select", List.of(1, Map.of("Fn::GetAZs", ""))));
        assertThat(props.get("Name")).isEqualTo(Map.of("Fn::Sub", "${AWS::StackName}-x"));
        assertThat(props.get("Other")).isEqualTo(Map.of("Fn::Sub", List.of("${A}-${B}",
                Map.of("A", Map.of("Ref", "P"), "B", Map.of("Fn::GetAtt", List.of("E", "AllocationId"))))));
        assertThat(props.get("Joined")).isEqualTo(Map.of("Fn::Join", List.of(",",
                List.of(Map.of("Ref", "A"), Map.of("Ref", "B")))));
        assertThat(props.get("Att")).isEqualTo(Map.of("Fn::GetAtt", List.of("Sg", "GroupId")));
        assertThat(props.get("Nested")).isEqualTo(Map.of("Fn::GetAtt", List.of("Res", "Attr.Sub")));
        assertThat(props.get("Chosen")).isEqualTo(Map.of("Fn::If", List.of("IsProd", Map.of("Ref", "AWS::NoValue"),
                Map.of("Fn::Base64", "text"))));
        assertThat(props.get("Map")).isEqualTo(Map.of("Fn::FindInMap", List.of("M", Map.of("Ref", "AWS::Region"), "Key")));
        assertThat(props.get("Cond")).isEqualTo(Map.of("Condition", "IsProd"));
        assertThat(props.get("Eq")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals",
                List.of(Map.of("Ref", "P"), "")))));
        assertThat(props.get("Both")).isEqualTo(Map.of("Fn::And", List.of(Map.of("Condition", "A"),
                Map.of("Fn::Or", List.of(Map.of("Condition", "B"), Map.of("Condition", "C"))))));
        assertThat(props.get("Imported")).isEqualTo(Map.of("Fn::ImportValue", "shared-vpc"));
        assertThat(props.get("Parts")).isEqualTo(Map.of("Fn::Split", List.of(",", Map.of("Ref", "L"))));
        assertThat(props.get("Blocks")).isEqualTo(Map.of("Fn::Cidr",
                List.of(Map.of("Fn::GetAtt", List.of("VPC", "CidrBlock")), 2, 8)));
    }

    @Test
    void shortFormLongFormAndJsonReadTheSame() {
        Object shortForm = CloudFormationYaml.parse("""
                Outputs:
                  Ids: {Value: !Join [',', [!Ref A, !GetAtt B.Id]]}
                """);
        Object longForm = CloudFormationYaml.parse("""
                Outputs:
                  Ids:
                    Value:
                      Fn::Join:
                        - ','
                        - - Ref: A
                          - Fn::GetAtt: [B, Id]
                """);
        Object json = CloudFormationYaml.parse("""
                {"Outputs": {"Ids": {"Value": {"Fn::Join": [",", [{"Ref": "A"}, {"Fn::GetAtt": ["B", "Id"]}]]}}}}
                """);
        assertThat(shortForm).isEqualTo(longForm).isEqualTo(json);
    }

    @Test
    void keepsMappingOrder() {
        Map<String, Object> template = CloudFormationYaml.parseTemplate("""
                Resources:
                  Zeta: {Type: A}
                  Alpha: {Type: B}
                  Mid: {Type: C}
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        assertThat(resources.keySet()).containsExactly("Zeta", "Alpha", "Mid");
    }

    @Test
    void unquotedDatesAndYesNoOnOffStayStringsAndOtherScalarsKeepTheirTypes() {
        Map<String, Object> template = CloudFormationYaml.parseTemplate("""
                AWSTemplateFormatVersion: 2010-09-09
                Flags: {On: true, Yes: no, Country: NO, Count: 3, Ratio: 0.5, Nothing: null}
                """);
        assertThat(template.get("AWSTemplateFormatVersion")).isEqualTo("2010-09-09");
        @SuppressWarnings("unchecked")
        Map<String, Object> flags = (Map<String, Object>) template.get("Flags");
        assertThat(flags).containsEntry("On", true).containsEntry("Yes", "no").containsEntry("Country", "NO")
                .containsEntry("Count", 3).containsEntry("Ratio", 0.5).containsEntry("Nothing", null);
    }

    @Test
    void aRootFlowMappingIsYamlToo() {
        assertThat(CloudFormationYaml.parseTemplate("{Resources: {A: {Type: !Ref T}}}"))
                .isEqualTo(Map.of("Resources", Map.of("A", Map.of("Type", Map.of("Ref", "T")))));
    }

    @Test
    void refusesAliasesWithTheirPosition() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("""
                A: &shared
                  x: 1
                B: *shared
                """))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("alias")
                .hasMessageContaining("line 3")
                .satisfies(e -> assertThat(((CloudFormationYamlException) e).line()).isEqualTo(3));
    }

    @Test
    void refusesDuplicateKeys() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("""
                Resources:
                  A: {Type: X}
                  A: {Type: Y}
                """))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("duplicate key A");
        assertThatThrownBy(() -> CloudFormationYaml.parse("{\"A\": 1, \"A\": 2}"))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("Duplicate field 'A'");
    }

    @Test
    void refusesUnknownTagsAndTagsCloudFormationDoesNotSupport() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("A: !Reference X"))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("!Reference")
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> CloudFormationYaml.parse("A: !!binary aGVsbG8="))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("not supported by CloudFormation");
        assertThatThrownBy(() -> CloudFormationYaml.parse("A: !!set {x, y}"))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("not supported by CloudFormation");
        assertThatThrownBy(() -> CloudFormationYaml.parse("A: !!timestamp 2020-01-01"))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("not supported by CloudFormation");
    }

    @Test
    void refusesMalformedIntrinsics() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("A: !Ref [X, Y]"))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("!Ref takes a single name");
        assertThatThrownBy(() -> CloudFormationYaml.parse("A: !GetAtt NoDot"))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("LogicalId.Attribute")
                .hasMessageContaining("NoDot");
    }

    @Test
    void reportsBrokenIndentationWithLineAndColumn() {
        // The indentation defect of the original reference template.
        String broken = """
                Resources:
                  VPC:
                    Type: AWS::EC2::VPC
                    Properties:
                      CidrBlock: !Ref VpcCIDR
                      Tags:
                    - Key: Name
                          Value: !Ref EnvironmentName
                """;
        assertThatThrownBy(() -> CloudFormationYaml.parse(broken))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("not valid CloudFormation YAML at line")
                .satisfies(e -> assertThat(((CloudFormationYamlException) e).line()).isBetween(6, 8));
    }

    @Test
    void refusesDocumentsThatAreNotTemplates() {
        assertThatThrownBy(() -> CloudFormationYaml.parseTemplate("- a\n- b\n"))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("must be a mapping")
                .hasMessageContaining("a list");
        assertThatThrownBy(() -> CloudFormationYaml.parseTemplate("just text"))
                .hasMessageContaining("the scalar 'just text'");
        assertThatThrownBy(() -> CloudFormationYaml.parse("  \n# only a comment\n"))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> CloudFormationYaml.parse(null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> CloudFormationYaml.parse("{\"Resources\": [1, 2,]]"))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("not valid JSON at line 1");
    }

    @Test
    void refusesTemplatesLargerThanCloudFormationAccepts() {
        String big = "Description: '" + "x".repeat(CloudFormationYaml.MAX_CODE_POINTS) + "'";
        assertThatThrownBy(() -> CloudFormationYaml.parse(big))
                .isInstanceOf(CloudFormationYamlException.class)
                .hasMessageContaining("larger than CloudFormation accepts");
    }

    @Test
    void readsAByteOrderMarkedStream() throws Exception {
        byte[] bytes = "\uFEFFResources: {A: {Type: X}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(CloudFormationYaml.parseTemplate(new java.io.ByteArrayInputStream(bytes)))
                .isEqualTo(Map.of("Resources", Map.of("A", Map.of("Type", "X"))));
    }
}
