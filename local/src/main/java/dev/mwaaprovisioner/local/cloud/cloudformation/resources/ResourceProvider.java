package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

import java.util.Map;

/**
 * Creates, updates and deletes the physical resources of one CloudFormation resource type. Register
 * a provider in {@link ResourceProviderRegistry} to make its type usable in templates.
 *
 * <p>Properties arrive validated and normalised by the provider's {@link #schema()} (booleans as
 * Boolean, integers as Integer, strings as String). Failures are thrown: a service exception (e.g.
 * an EC2 error) or a {@link ResourcePropertiesException}; either fails the resource with its message.
 */
public interface ResourceProvider {

    ResourceSchema schema();

    ProvisionedResource create(ResourceContext context, Map<String, Object> properties);

    /**
     * Applies changes of properties that do not require replacement. Called only when no
     * replacement property changed. May return a new physical ID when the service does so.
     */
    ProvisionedResource update(ResourceContext context, ProvisionedResource current, Map<String, Object> oldProperties,
            Map<String, Object> newProperties);

    /** Deletes the physical resource; a resource already gone is not an error. */
    void delete(ResourceContext context, ProvisionedResource resource, Map<String, Object> properties);
}
