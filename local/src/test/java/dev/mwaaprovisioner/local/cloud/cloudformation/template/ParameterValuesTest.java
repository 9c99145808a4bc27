package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parameter types and constraints, with CloudFormation's messages. */
class ParameterValuesTest {

    private static final Template TEMPLATE = Template.parse("""
            Parameters:
              Env:
                Type: String
                AllowedValues: [dev, prod]
                Default: dev
              Name:
                Type: String
                MinLength: 3
                MaxLength: 8
                AllowedPattern: '[a-z]+'
              Cidr:
                Type: String
                Default: 10.0.0.0/16
                AllowedPattern: '\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+'
                ConstraintDescription: must be an IPv4 CIDR block
              Count:
                Type: Number
                MinValue: 1
                MaxValue: 5
                Default: 2
              Ports:
                Type: List<Number>
                Default: '80, 443'
              Zones:
                Type: CommaDelimitedList
                Default: a,b
              VpcId:
                Type: AWS::EC2::VPC::Id
                Default: vpc-0123
              Subnets:
                Type: List<AWS::EC2::Subnet::Id>
                Default: subnet-1,subnet-2
              Secret:
                Type: String
                NoEcho: true
                Default: hush
            Resources:
              V: {Type: T}
            """);

    private static ParameterValues resolve(Map<String, String> given) {
        return ParameterValues.resolve(TEMPLATE, given, Set.of(), Map.of());
    }

    @Test
    void defaultsAndGivenValuesWithListTypesAsLists() {
        ParameterValues values = resolve(Map.of("Name", "abc", "Env", "prod"));
        assertThat(values.values()).containsEntry("Env", "prod").containsEntry("Name", "abc")
                .containsEntry("Count", "2").containsEntry("Ports", List.of("80", "443"))
                .containsEntry("Zones", List.of("a", "b")).containsEntry("VpcId", "vpc-0123")
                .containsEntry("Subnets", List.of("subnet-1", "subnet-2"));
        assertThat(values.raw()).containsEntry("Ports", "80, 443");
        assertThat(TEMPLATE.parameters().get("Secret").noEcho()).isTrue();
    }

    @Test
    void constraintsWithCloudFormationMessages() {
        assertThatThrownBy(() -> resolve(Map.of("Name", "abc", "Env", "test")))
                .hasMessage("Parameter 'Env' must be one of AllowedValues");
        assertThatThrownBy(() -> resolve(Map.of("Name", "ab"))).hasMessage(
                "Parameter 'Name' must contain at least 3 characters");
        assertThatThrownBy(() -> resolve(Map.of("Name", "abcdefghi"))).hasMessage(
                "Parameter 'Name' must contain at most 8 characters");
        assertThatThrownBy(() -> resolve(Map.of("Name", "ab1d"))).hasMessage(
                "Parameter 'Name' must match pattern [a-z]+");
        assertThatThrownBy(() -> resolve(Map.of("Name", "abc", "Cidr", "10.0.0/16"))).hasMessage(
                "Parameter Cidr failed to satisfy constraint: must be an IPv4 CIDR block");
        assertThatThrownBy(() -> resolve(Map.of("Name", "abc", "Count", "two"))).hasMessage(
                "Parameter 'Count' must be a number");
        assertThatThrownBy(() -> resolve(Map.of("Name", "abc", "Count", "9"))).hasMessage(
                "Parameter 'Count' must be a number not greater than 5");
        assertThatThrownBy(() -> resolve(Map.of("Name", "abc", "Ports", "80,http"))).hasMessage(
                "Parameter 'Ports' must be a number");
    }

    @Test
    void missingAndUnknownParameters() {
        assertThatThrownBy(() -> resolve(Map.of())).hasMessage("Parameters: [Name] must have values");
        assertThatThrownBy(() -> resolve(Map.of("Name", "abc", "Nmae", "x"))).hasMessage(
                "Parameters: [Nmae] do not exist in the template");
        Template none = Template.parse("Resources: {V: {Type: T}}\n");
        assertThatThrownBy(() -> ParameterValues.resolve(none, Map.of("A", "b"), Set.of(), Map.of()))
                .hasMessage("Parameter values specified for a template which does not require them.");
    }

    @Test
    void usePreviousValueKeepsTheStacksValue() {
        ParameterValues values = ParameterValues.resolve(TEMPLATE, Map.of(), Set.of("Name"), Map.of("Name", "old"));
        assertThat(values.values()).containsEntry("Name", "old");
        assertThatThrownBy(() -> ParameterValues.resolve(TEMPLATE, Map.of(), Set.of("Name"), Map.of()))
                .hasMessageContaining("Cannot specify usePreviousValue as true");
    }
}
