package dev.mwaaprovisioner.local.cloud.cloudformation.template;

/** One entry of the template's {@code Outputs} section, as written (intrinsics unevaluated). */
public record OutputDeclaration(String name, Object value, Object description, Object exportName, String condition) {}
