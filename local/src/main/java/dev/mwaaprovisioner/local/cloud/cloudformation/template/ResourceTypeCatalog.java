package dev.mwaaprovisioner.local.cloud.cloudformation.template;

/** The resource types a stack can hold and their {@code Fn::GetAtt} attributes. */
public interface ResourceTypeCatalog {

    boolean supports(String resourceType);

    boolean hasAttribute(String resourceType, String attribute);
}
