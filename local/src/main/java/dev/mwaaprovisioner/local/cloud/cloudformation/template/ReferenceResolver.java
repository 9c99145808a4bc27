package dev.mwaaprovisioner.local.cloud.cloudformation.template;

import java.util.List;

/**
 * What intrinsic functions read from the stack: parameter and pseudo-parameter values, the
 * {@code Ref} values and attributes of resources, the Region's Availability Zones and exports.
 */
public interface ReferenceResolver {

    /** A parameter or pseudo parameter's value (a String, or a List of Strings), or null if the name is neither. */
    Object parameter(String name);

    /** The {@code Ref} value of a resource (usually its physical ID). */
    Object ref(String logicalId);

    /** A {@code Fn::GetAtt} attribute of a resource. */
    Object attribute(String logicalId, String attribute);

    /** {@code Fn::GetAZs}: the Availability Zone names of a Region. */
    List<String> availabilityZones(String region);

    /** {@code Fn::ImportValue}: the value exported under the name in this Region. */
    String importValue(String exportName);
}
