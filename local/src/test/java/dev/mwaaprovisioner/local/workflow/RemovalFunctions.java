package dev.mwaaprovisioner.local.workflow;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The functions of the removal path (deprovision and rollback), by logical ID. */
final class RemovalFunctions {

    static final Set<String> ALL = Set.of("PlanRemovalFunction", "RemoveEnvironmentFunction",
            "RemoveKeyPolicyStatementFunction", "RemoveExecutionRoleFunction", "RemoveNetworkStackFunction");

    /**
     * Actions of provisioning functions that only a removal and what follows it need: the report
     * releases the Name's claim, and a file that comes back under another Name reads the claim
     * of its old Name, which is gone (404 only with s3:ListBucket). RemovalWorkflowTest uses them.
     */
    static final Set<String> USED_AFTER_REMOVAL = Set.of("ReportFunction: s3:DeleteObject",
            "ValidateRequestFunction: s3:ListBucket");

    /**
     * Actions the dispatch needs only when an execution ends holding a Name (it finds the event
     * waiting for it among the records): OneWriterStepBoundaryEndToEndTest stops such an execution.
     */
    static final Set<String> USED_WHEN_A_HOLDER_ENDS = Set.of("DispatchFunction: s3:GetObject",
            "DispatchFunction: s3:ListBucket");

    private RemovalFunctions() {
    }

    static List<String> exceptRemoval(Collection<String> functions) {
        return functions.stream().filter(f -> !ALL.contains(f)).toList();
    }
}
