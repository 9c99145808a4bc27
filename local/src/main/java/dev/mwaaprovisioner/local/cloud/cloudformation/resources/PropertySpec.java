package dev.mwaaprovisioner.local.cloud.cloudformation.resources;

/**
 * One property of a resource type.
 *
 * @param replacement whether changing it replaces the resource (a new physical resource) rather
 *     than updating it in place
 * @param supported false for a real property of the type that the local cloud does not emulate: it
 *     is refused with a clear message rather than ignored
 * @param items the schema of each element, for {@link PropertyType#OBJECT_LIST}
 */
public record PropertySpec(String name, PropertyType type, boolean required, boolean replacement, boolean supported,
        ResourceSchema items) {}
