package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

import java.time.Instant;
import java.util.Map;

/**
 * A physical resource a provider created.
 *
 * @param physicalId the physical ID, also the resource's {@code Ref} value
 * @param attributes its {@code Fn::GetAtt} attributes
 * @param readyAt when it becomes usable (a NAT gateway leaves {@code pending}); null if at once
 */
public record ProvisionedResource(String physicalId, Map<String, Object> attributes, Instant readyAt) {

    public ProvisionedResource {
        attributes = Map.copyOf(attributes);
    }

    public static ProvisionedResource of(String physicalId, Map<String, Object> attributes) {
        return new ProvisionedResource(physicalId, attributes, null);
    }
}
