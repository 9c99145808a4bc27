package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.util.List;
import java.util.Map;

/** One entry of the template's {@code Resources} section, as written (intrinsics unevaluated). */
public record ResourceDeclaration(
        String logicalId,
        String type,
        Map<String, Object> properties,
        List<String> dependsOn,
        String condition,
        String deletionPolicy,
        Object metadata) {

    public ResourceDeclaration {
        properties = properties == null ? Map.of() : properties;
        dependsOn = List.copyOf(dependsOn);
    }

    public boolean retainOnDelete() {
        return "Retain".equals(deletionPolicy) || "RetainExceptOnCreate".equals(deletionPolicy);
    }
}
