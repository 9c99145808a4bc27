package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

import dev.mwaaprovisioner.local.cloud.cloudformation.template.ResourceTypeCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The resource types stacks can hold, each with its provider. A template with any other type is
 * refused at CreateStack ("Unrecognized resource types"), never half-deployed.
 */
public final class ResourceProviderRegistry implements ResourceTypeCatalog {

    private final Map<String, ResourceProvider> providers = new LinkedHashMap<>();

    public ResourceProviderRegistry register(ResourceProvider provider) {
        String type = provider.schema().typeName();
        if (providers.putIfAbsent(type, provider) != null) {
            throw new IllegalStateException("A provider for " + type + " is already registered");
        }
        return this;
    }

    public Optional<ResourceProvider> provider(String type) {
        return Optional.ofNullable(providers.get(type));
    }

    public Set<String> types() {
        return providers.keySet();
    }

    @Override
    public boolean supports(String resourceType) {
        return providers.containsKey(resourceType);
    }

    @Override
    public boolean hasAttribute(String resourceType, String attribute) {
        ResourceProvider provider = providers.get(resourceType);
        return provider != null && provider.schema().attributes().contains(attribute);
    }
}
