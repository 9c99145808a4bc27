package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each intrinsic function, evaluated on a YAML template against fixed stack values. */
class IntrinsicsTest {

    private static final String TEMPLATE = """
            Parameters:
              Env:
                Type: String
                Default: dev
              Cidrs:
                Type: CommaDelimitedList
                Default: 10.0.0.0/24,10.0.1.0/24
              Ports:
                Type: List<Number>
                Default: 80,443
            Mappings:
              Sizes:
                dev:
                  Count: 1
                prod:
                  Count: 3
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
              IsDev: !Not [!Condition IsProd]
              DevInUsEast: !And [!Condition IsDev, !Equals [!Ref 'AWS::Region', us-east-1]]
              ProdOrDev: !Or [!Condition IsProd, !Condition IsDev]
              NumberEqualsString: !Equals [1, '1']
            Resources:
              Vpc:
                Type: AWS::EC2::VPC
                Properties:
                  CidrBlock: 10.0.0.0/16
            Outputs:
              Id:
                Value: !Ref Vpc
            """;

    private final Template template = Template.parse(TEMPLATE);
    private final Map<String, String> exports = new LinkedHashMap<>(Map.of("shared-vpc", "vpc-0123"));
    private final Intrinsics intrinsics = new Intrinsics(template, new ReferenceResolver() {
        private final Map<String, Object> values = Map.of(
                "Env", "dev",
                "Cidrs", List.of("10.0.0.0/24", "10.0.1.0/24"),
                "Ports", List.of("80", "443"),
                "AWS::Region", "us-east-1",
                "AWS::AccountId", "000000000000",
                "AWS::StackName", "demo",
                "AWS::Partition", "aws");

        @Override
        public Object parameter(String name) {
            return values.get(name);
        }

        @Override
        public Object ref(String logicalId) {
            return "vpc-" + logicalId.toLowerCase();
        }

        @Override
        public Object attribute(String logicalId, String attribute) {
            return attribute.equals("CidrBlockAssociations") ? List.of("assoc-1") : logicalId + "." + attribute;
        }

        @Override
        public List<String> availabilityZones(String region) {
            return List.of(region + "a", region + "b", region + "c");
        }

        @Override
        public String importValue(String exportName) {
            String value = exports.get(exportName);
            if (value == null) {
                throw new TemplateException("No export named " + exportName + " found.");
            }
            return value;
        }
    }, "us-east-1");

    private Object eval(String yamlValue) {
        Map<String, Object> document = TemplateReader.read("V: " + yamlValue);
        return intrinsics.evaluate(document.get("V"));
    }

    @Test
    void refReturnsParameterPseudoParameterAndResourceValues() {
        assertThat(eval("!Ref Env")).isEqualTo("dev");
        assertThat(eval("!Ref Cidrs")).isEqualTo(List.of("10.0.0.0/24", "10.0.1.0/24"));
        assertThat(eval("!Ref AWS::Region")).isEqualTo("us-east-1");
        assertThat(eval("!Ref AWS::AccountId")).isEqualTo("000000000000");
        assertThat(eval("{Ref: Vpc}")).isEqualTo("vpc-vpc");
    }

    @Test
    void noValueRemovesThePropertyOrListElement() {
        Object value = eval("{A: !Ref 'AWS::NoValue', B: [x, !Ref 'AWS::NoValue', y], C: !If [IsProd, p, !Ref 'AWS::NoValue']}");
        assertThat(value).isEqualTo(Map.of("B", List.of("x", "y")));
    }

    @Test
    void subReplacesVariablesAttributesAndKeepsEscapedLiterals() {
        assertThat(eval("!Sub '${Env}-${AWS::Region}-${Vpc}-${Vpc.CidrBlock}-${!Literal}'"))
                .isEqualTo("dev-us-east-1-vpc-vpc-Vpc.CidrBlock-${Literal}");
        assertThat(eval("!Sub ['${Name}.${Domain}', {Name: !Ref Env, Domain: example.com}]"))
                .isEqualTo("dev.example.com");
        assertThat(eval("{'Fn::Sub': 'arn:${AWS::Partition}:s3:::bucket'}")).isEqualTo("arn:aws:s3:::bucket");
    }

    @Test
    void subRefusesAListVariable() {
        assertThatThrownBy(() -> eval("!Sub '${Cidrs}'")).isInstanceOf(TemplateException.class)
                .hasMessage("Template error: variable Cidrs in Fn::Sub expression does not resolve to a string");
    }

    @Test
    void getAttTakesDottedAndListForms() {
        assertThat(eval("!GetAtt Vpc.DefaultSecurityGroup")).isEqualTo("Vpc.DefaultSecurityGroup");
        assertThat(eval("{'Fn::GetAtt': [Vpc, CidrBlock]}")).isEqualTo("Vpc.CidrBlock");
        assertThat(eval("!GetAtt Vpc.CidrBlockAssociations")).isEqualTo(List.of("assoc-1"));
        assertThatThrownBy(() -> eval("!GetAtt Nothing.Id")).hasMessage(
                "Template error: instance of Fn::GetAtt references undefined resource Nothing");
    }

    @Test
    void selectAndGetAzs() {
        assertThat(eval("!GetAZs ''")).isEqualTo(List.of("us-east-1a", "us-east-1b", "us-east-1c"));
        assertThat(eval("!GetAZs eu-west-1")).isEqualTo(List.of("eu-west-1a", "eu-west-1b", "eu-west-1c"));
        assertThat(eval("!Select [1, !GetAZs '']")).isEqualTo("us-east-1b");
        assertThat(eval("!Select ['0', !Ref Cidrs]")).isEqualTo("10.0.0.0/24");
        assertThatThrownBy(() -> eval("!Select [5, !GetAZs '']")).isInstanceOf(TemplateException.class)
                .hasMessage("Template error: Fn::Select cannot select nonexistent value at index 5");
    }

    @Test
    void joinAndSplit() {
        assertThat(eval("!Join [',', [a, !Ref Env, !Select [0, !Ref Ports]]]")).isEqualTo("a,dev,80");
        assertThat(eval("!Join ['', !GetAZs '']")).isEqualTo("us-east-1aus-east-1bus-east-1c");
        assertThat(eval("!Split [',', 'a,b,,c']")).isEqualTo(List.of("a", "b", "", "c"));
        assertThat(eval("!Select [2, !Split ['-', !Sub 'x-y-${Env}']]")).isEqualTo("dev");
        assertThatThrownBy(() -> eval("!Join [',', notalist]")).hasMessageStartingWith(
                "Template error: every Fn::Join object requires two parameters");
    }

    @Test
    void ifAndConditionFunctions() {
        assertThat(intrinsics.conditions()).containsExactlyInAnyOrderEntriesOf(Map.of("IsProd", false, "IsDev", true,
                "DevInUsEast", true, "ProdOrDev", true, "NumberEqualsString", true));
        assertThat(eval("!If [IsProd, big, small]")).isEqualTo("small");
        assertThat(eval("!If [DevInUsEast, [a, b], c]")).isEqualTo(List.of("a", "b"));
        assertThatThrownBy(() -> eval("!If [Missing, a, b]")).hasMessage(
                "Template error: unresolved condition dependency Missing in Fn::If");
    }

    @Test
    void findInMapImportValueBase64AndCidr() {
        assertThat(eval("!FindInMap [Sizes, !Ref Env, Count]")).isEqualTo(1);
        assertThatThrownBy(() -> eval("!FindInMap [Sizes, test, Count]"))
                .hasMessage("Template error: Unable to get mapping for Sizes::test::Count");
        assertThat(eval("!ImportValue shared-vpc")).isEqualTo("vpc-0123");
        assertThatThrownBy(() -> eval("!ImportValue missing")).hasMessage("No export named missing found.");
        assertThat(eval("!Base64 {'Fn::Sub': 'env=${Env}'}")).isEqualTo(
                Base64.getEncoder().encodeToString("env=dev".getBytes(StandardCharsets.UTF_8)));
        assertThat(eval("!Cidr [10.0.0.0/16, 3, 8]")).isEqualTo(List.of("10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"));
        assertThatThrownBy(() -> eval("!Cidr [10.0.0.0/24, 4, 7]")).hasMessageContaining("cannot carve 4 blocks");
    }

    @Test
    void unknownFunctionsAreTemplateFormatErrors() {
        assertThatThrownBy(() -> eval("{'Fn::Transmogrify': x}")).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("Template format error: Encountered unsupported function: Fn::Transmogrify");
        assertThatThrownBy(() -> eval("!Length [a, b]")).hasMessageStartingWith(
                "Template format error: Encountered unsupported function: Fn::Length");
    }

    @Test
    void scannerFindsReferencesOfEveryForm() {
        ReferenceScanner scan = ReferenceScanner.scan(TemplateReader.read("""
                V:
                  - !Ref A
                  - !GetAtt B.Attr
                  - !Sub '${C} ${D.Id} ${!Escaped} ${AWS::Region}'
                  - !Sub ['${Local} ${E}', {Local: !Ref F}]
                  - !If [Cond, !Ref G, x]
                """));
        assertThat(scan.names).containsExactlyInAnyOrder("A", "C", "AWS::Region", "E", "F", "G");
        assertThat(scan.attributes).extracting(ReferenceScanner.AttributeReference::resource)
                .containsExactlyInAnyOrder("B", "D");
        assertThat(scan.conditions).isEqualTo(Set.of("Cond"));
    }
}
