package dev.mwaaprovisioner.local.cloud.mwaa;

import java.util.Optional;

/**
 * The failures that can be planted in the local MWAA so every failure path of a client can be tested.
 * Each query consumes what it returns.
 */
public interface MwaaFaults {

    /**
     * Whether this CreateEnvironment call should see the execution role as not yet assumable, as AWS
     * does for a while after a role is created (IAM is eventually consistent).
     */
    boolean roleNotYetAssumable(String roleArn);

    /** A failure to end this environment's creation with (CREATE_FAILED), if one was planted. */
    Optional<LastUpdate.Failure> creationFailure(String environmentName);

    /** A failure to end this environment's next update with (UPDATE_FAILED), if one was planted. */
    Optional<LastUpdate.Failure> updateFailure(String environmentName);

    /**
     * Whether this CreateEnvironment call should find the execution role without the permissions its
     * policy grants, as MWAA's dry run can for a while after PutRolePolicy (IAM is eventually consistent).
     */
    default boolean rolePermissionsNotYetEffective(String roleArn) {
        return false;
    }

    /**
     * How long this environment's network interfaces outlive its deletion, if a delay was planted
     * (on AWS, interface endpoints and their network interfaces can take minutes to go).
     */
    default Optional<java.time.Duration> networkInterfacesLinger(String environmentName) {
        return Optional.empty();
    }

    /** No faults. */
    static MwaaFaults none() {
        return new MwaaFaults() {
            @Override
            public boolean roleNotYetAssumable(String roleArn) {
                return false;
            }

            @Override
            public Optional<LastUpdate.Failure> creationFailure(String environmentName) {
                return Optional.empty();
            }

            @Override
            public Optional<LastUpdate.Failure> updateFailure(String environmentName) {
                return Optional.empty();
            }
        };
    }
}
