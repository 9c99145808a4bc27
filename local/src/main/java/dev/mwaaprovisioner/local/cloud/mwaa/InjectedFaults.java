package dev.mwaaprovisioner.local.cloud.mwaa;

import dev.mwaaprovisioner.local.cloud.FaultInjector;
import java.util.Optional;

/**
 * The local cloud's resource faults, as MWAA consults them:
 * <ul>
 *   <li>{@code mwaa:environment} / name / {@code CREATE_FAILED} or {@code UPDATE_FAILED}, details
 *       {@code ErrorCode}, {@code ErrorMessage}: the environment's next create or update ends failed
 *       with that {@code LastUpdate.Error};
 *   <li>{@code mwaa:execution-role} / role name or ARN / {@code NOT_ASSUMABLE}, times N: the next N
 *       CreateEnvironment calls naming that role fail with the ValidationException AWS answers while a
 *       new role has not yet propagated through IAM;
 *   <li>{@code mwaa:execution-role} / role name or ARN / {@code PERMISSIONS_NOT_EFFECTIVE}, times N: the
 *       next N CreateEnvironment calls naming that role fail with the permissions ValidationException
 *       MWAA answers while a policy just put on the role has not yet propagated;
 *   <li>{@code mwaa:environment} / name / {@code NETWORK_INTERFACES_LINGER}, detail {@code seconds}
 *       (simulated): the environment's network interfaces stay in its subnets that long after its
 *       deletion ends, so deleting the subnets fails with DependencyViolation meanwhile.
 * </ul>
 */
final class InjectedFaults implements MwaaFaults {

    static final String ENVIRONMENT = "mwaa:environment";
    static final String EXECUTION_ROLE = "mwaa:execution-role";

    private final FaultInjector faults;

    InjectedFaults(FaultInjector faults) {
        this.faults = faults;
    }

    @Override
    public boolean roleNotYetAssumable(String roleArn) {
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return take(EXECUTION_ROLE, roleArn, "NOT_ASSUMABLE").isPresent()
                || take(EXECUTION_ROLE, roleName, "NOT_ASSUMABLE").isPresent();
    }

    @Override
    public Optional<LastUpdate.Failure> creationFailure(String environmentName) {
        return take(ENVIRONMENT, environmentName, "CREATE_FAILED").map(f -> failure(f, "Creation failed"));
    }

    @Override
    public Optional<LastUpdate.Failure> updateFailure(String environmentName) {
        return take(ENVIRONMENT, environmentName, "UPDATE_FAILED").map(f -> failure(f, "Update failed"));
    }

    @Override
    public boolean rolePermissionsNotYetEffective(String roleArn) {
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        return take(EXECUTION_ROLE, roleArn, "PERMISSIONS_NOT_EFFECTIVE").isPresent()
                || take(EXECUTION_ROLE, roleName, "PERMISSIONS_NOT_EFFECTIVE").isPresent();
    }

    @Override
    public Optional<java.time.Duration> networkInterfacesLinger(String environmentName) {
        return take(ENVIRONMENT, environmentName, "NETWORK_INTERFACES_LINGER")
                .map(f -> java.time.Duration.ofSeconds(Long.parseLong(f.detail("seconds", "600"))));
    }

    /** Takes a fault of that kind, name and outcome only: a fault for another outcome stays in place. */
    private Optional<FaultInjector.ResourceFault> take(String kind, String name, String outcome) {
        Optional<FaultInjector.ResourceFault> next = faults.peekResourceFault(kind, name);
        if (next.isEmpty() || !next.get().outcome().equalsIgnoreCase(outcome)) {
            return Optional.empty();
        }
        return faults.takeResourceFault(kind, name);
    }

    private static LastUpdate.Failure failure(FaultInjector.ResourceFault fault, String defaultMessage) {
        return new LastUpdate.Failure(fault.detail("ErrorCode", "INCORRECT_CONFIGURATION"),
                fault.detail("ErrorMessage", defaultMessage + " (fault injected into the local cloud)."));
    }
}
