package dev.mwaaprovisioner.local.cloud.cloudformation;

import dev.mwaaprovisioner.local.cloud.cloudformation.resources.ResourceProviderRegistry;
import java.util.List;
import java.util.Optional;

/** What stack operations need from outside the stack store. */
interface StackServices {

    ResourceProviderRegistry providers();

    CloudFormationSettings settings();

    /** {@code Fn::GetAZs}: the Availability Zones of a Region. */
    List<String> availabilityZones(String region);

    /**
     * An injected failure for a resource of a stack about to end in the outcome (CREATE_FAILED,
     * UPDATE_FAILED, DELETE_FAILED): the reason it must fail with, or empty. Uses the fault up when
     * it applies.
     */
    Optional<String> injectedFailure(String stackName, String logicalId, String outcome);
}
