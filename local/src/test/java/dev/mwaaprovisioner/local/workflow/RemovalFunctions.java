package dev.mwaaprovisioner.local.workflow;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The functions of the removal path (deprovision and rollback), by logical ID. */
final class RemovalFunctions {

    static final Set<String> ALL = Set.of("PlanRemovalFunction", "RemoveEnvironmentFunction",
            "RemoveKeyPolicyStatementFunction", "RemoveExecutionRoleFunction", "RemoveNetworkStackFunction");

    private RemovalFunctions() {
    }

    static List<String> exceptRemoval(Collection<String> functions) {
        return functions.stream().filter(f -> !ALL.contains(f)).toList();
    }
}
