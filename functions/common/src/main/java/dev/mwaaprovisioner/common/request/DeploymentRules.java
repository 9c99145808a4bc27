package dev.mwaaprovisioner.common.request;

import dev.mwaaprovisioner.common.documents.KmsKeyArn;
import dev.mwaaprovisioner.common.documents.Partition;
import java.util.ArrayList;
import java.util.List;

/**
 * What a request file cannot know but the deployment that provisions it decides — its Region,
 * its partition and the roles it may pass to MWAA — checked without calling AWS. The workflow's
 * first step and {@code mwaa-local validate} run these same rules, after {@link RequestParser}.
 */
public final class DeploymentRules {

    /**
     * Roles the deployed functions may pass to MWAA (template.yaml, PassExecutionRolesToMwaa): the
     * ones the workflow creates, and those under this path for requests that bring their own.
     */
    public static final String PROVIDED_ROLE_PATH = "/mwaa-provisioner/";

    private DeploymentRules() {
    }

    /**
     * The problems of a valid request for a deployment in this Region and partition; empty when
     * there are none.
     */
    public static List<Problem> problems(ProvisioningRequest request, String region, Partition partition) {
        List<Problem> problems = new ArrayList<>();
        if (request.kmsKey() != null && request.kmsKey().startsWith("arn:")) {
            KmsKeyArn key = KmsKeyArn.parse(request.kmsKey());
            if (!key.region().equals(region)) {
                problems.add(new Problem("KmsKey", "the key is in " + key.region() + ", but the environment is created"
                        + " in " + region + "; MWAA needs a key of its own Region."));
            }
        }
        String role = request.executionRoleArn();
        if (role != null) {
            String resource = role.substring(role.indexOf(":role/") + ":role".length());
            if (!resource.startsWith(PROVIDED_ROLE_PATH) && !resource.matches("/mwaa-[^/]+-execution")) {
                problems.add(new Problem("ExecutionRoleArn", "the provisioner may pass to MWAA only roles under the"
                        + " path " + PROVIDED_ROLE_PATH + " (or the mwaa-<name>-execution roles it creates); create the"
                        + " role with --path " + PROVIDED_ROLE_PATH + ", or leave ExecutionRoleArn out to have one"
                        + " created."));
            }
        }
        if (!request.sourceBucketArn().startsWith("arn:" + partition.id() + ":")) {
            problems.add(new Problem("SourceBucketArn", "the bucket ARN is not in this account's partition "
                    + partition.id() + "."));
        }
        return problems;
    }
}
