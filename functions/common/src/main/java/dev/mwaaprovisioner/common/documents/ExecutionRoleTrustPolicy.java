package dev.mwaaprovisioner.common.documents;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The trust policy of an environment's execution role: MWAA's two service principals may assume
 * it, and only on behalf of that environment in that account. The {@code aws:SourceArn} and
 * {@code aws:SourceAccount} conditions are MWAA's documented protection against the confused
 * deputy problem (another account's environment cannot be made to use this role).
 */
public final class ExecutionRoleTrustPolicy {

    /** MWAA's service principals; the same names in every partition. */
    public static final String AIRFLOW_PRINCIPAL = "airflow.amazonaws.com";
    public static final String AIRFLOW_ENV_PRINCIPAL = "airflow-env.amazonaws.com";

    private ExecutionRoleTrustPolicy() {
    }

    public static ObjectNode forEnvironment(EnvironmentScope scope) {
        ObjectNode policy = PolicyJson.newPolicy();
        ObjectNode statement = PolicyJson.addStatement(policy, "AllowMwaaToAssumeForThisEnvironment", "Allow");
        PolicyJson.putOneOrMany(statement.putObject("Principal"), "Service", AIRFLOW_PRINCIPAL, AIRFLOW_ENV_PRINCIPAL);
        statement.put("Action", "sts:AssumeRole");
        ObjectNode condition = statement.putObject("Condition");
        condition.putObject("ArnLike").put("aws:SourceArn", Arns.airflowEnvironment(scope));
        condition.putObject("StringEquals").put("aws:SourceAccount", scope.accountId());
        return policy;
    }
}
