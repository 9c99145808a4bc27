package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.math.BigDecimal;
import java.util.List;

/** One entry of the template's {@code Parameters} section with its constraints. */
public record ParameterDeclaration(
        String name,
        String type,
        String defaultValue,
        List<String> allowedValues,
        String allowedPattern,
        Integer minLength,
        Integer maxLength,
        BigDecimal minValue,
        BigDecimal maxValue,
        boolean noEcho,
        String description,
        String constraintDescription) {

    /** The AWS-specific parameter types CloudFormation knows; their values are IDs or names, kept as strings. */
    static final List<String> AWS_TYPES = List.of(
            "AWS::EC2::AvailabilityZone::Name", "AWS::EC2::Image::Id", "AWS::EC2::Instance::Id",
            "AWS::EC2::KeyPair::KeyName", "AWS::EC2::SecurityGroup::GroupName", "AWS::EC2::SecurityGroup::Id",
            "AWS::EC2::Subnet::Id", "AWS::EC2::Volume::Id", "AWS::EC2::VPC::Id", "AWS::Route53::HostedZone::Id");

    public ParameterDeclaration {
        allowedValues = allowedValues == null ? null : List.copyOf(allowedValues);
    }

    /** True for list types, whose value is a list of strings ({@code CommaDelimitedList}, {@code List<...>}). */
    public boolean isList() {
        return "CommaDelimitedList".equals(type) || type.startsWith("List<");
    }

    /** True for {@code Number} and {@code List<Number>}, whose elements must be numbers. */
    public boolean isNumber() {
        return "Number".equals(type) || "List<Number>".equals(type);
    }

    static boolean isKnownType(String type) {
        if ("String".equals(type) || "Number".equals(type) || "List<Number>".equals(type)
                || "CommaDelimitedList".equals(type) || AWS_TYPES.contains(type)) {
            return true;
        }
        return type.startsWith("List<") && type.endsWith(">")
                && AWS_TYPES.contains(type.substring(5, type.length() - 1));
    }
}
