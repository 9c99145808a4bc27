package dev.mwaaprovisioner.functions.teardown;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.documents.NetworkTemplate;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.RemovalState.Item;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Step "RemoveExecutionRole": deletes the execution role the provisioner created
 * ({@code mwaa-<Name>-execution}) with its inline policies. Only a role tagged
 * {@code mwaa-provisioner:environment = <Name>} is touched; a role someone else made, or one
 * older than a failed run that rolls back, is kept. A managed policy someone attached to the role
 * is not the provisioner's to detach: the step stops and says so.
 *
 * <p>Input {@code {"Removal": <$.Removal>}}; output the updated {@link RemovalState}.
 */
public final class RemoveExecutionRoleHandler extends WorkflowStep<RemoveExecutionRoleHandler.Input, RemovalState> {

    public static final String FUNCTION = "RemoveExecutionRoleFunction";

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Removal") RemovalState removal) {
    }

    private final IamClient iam;

    /** Lambda's entry: clients built once per container from the process environment. */
    public RemoveExecutionRoleHandler() {
        this(FromProcessEnvironment.IAM);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public RemoveExecutionRoleHandler(Map<String, String> environment) {
        this(iam(new FunctionClients(FUNCTION, environment)));
    }

    public RemoveExecutionRoleHandler(IamClient iam) {
        super(FUNCTION, Input.class);
        this.iam = iam;
    }

    private static IamClient iam(FunctionClients clients) {
        return clients.create(IamClient.builder(), AwsService.IAM);
    }

    private static final class FromProcessEnvironment {
        static final IamClient IAM = iam(new FunctionClients(FUNCTION, System.getenv()));
    }

    /**
     * The priming: returns the handler's output on the sample event (the resource is not there).
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(404, "priming/no-such-role.xml", "Content-Type", "text/xml")));
    }

    @Override
    public RemovalState handle(Input input) {
        RemovalState removal = input.removal();
        List<Item> items = new ArrayList<>();
        for (Item item : removal.items()) {
            boolean mine = item.kind().equals(RemovalState.EXECUTION_ROLE) && item.open();
            items.add(mine ? remove(item, removal.name()) : item);
        }
        return removal.with(items, null);
    }

    private Item remove(Item item, String environmentName) {
        String roleName = item.name();
        Optional<Role> found = find(roleName);
        if (found.isEmpty()) {
            return item.with(RemovalState.ABSENT, "no role " + roleName);
        }
        Role role = found.get();
        String owner = role.tags().stream().filter(t -> t.key().equals(NetworkTemplate.ENVIRONMENT_TAG_KEY))
                .map(Tag::value).findFirst().orElse(null);
        if (!environmentName.equals(owner)) {
            return item.with(RemovalState.KEPT, "its tag " + NetworkTemplate.ENVIRONMENT_TAG_KEY + " is "
                    + (owner == null ? "missing" : "'" + owner + "'") + ": the provisioner did not create it for "
                    + environmentName);
        }
        if (Removals.existedBefore(item, role.createDate())) {
            return Removals.keptAsOlder(item, role.createDate());
        }
        List<AttachedPolicy> attached = AwsCalls.call("ListAttachedRolePolicies " + roleName,
                () -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().stream().toList());
        if (!attached.isEmpty()) {
            throw new RemovalFailedException("Role " + roleName + " has managed policies attached that the provisioner "
                    + "did not attach: " + attached.stream().map(AttachedPolicy::policyArn).toList()
                    + ". Detach them (aws iam detach-role-policy), then send the removal again.");
        }
        List<String> inline = AwsCalls.call("ListRolePolicies " + roleName,
                () -> iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames().stream().toList());
        for (String policy : inline) {
            try {
                AwsCalls.run("DeleteRolePolicy " + roleName + "/" + policy,
                        () -> iam.deleteRolePolicy(r -> r.roleName(roleName).policyName(policy)));
            } catch (NoSuchEntityException alreadyGone) {
                // A repeated removal (after a retried invocation) finds it deleted.
            }
        }
        try {
            AwsCalls.run("DeleteRole " + roleName, () -> iam.deleteRole(r -> r.roleName(roleName)));
        } catch (NoSuchEntityException alreadyGone) {
            // Deleted meanwhile by a repeated invocation: the outcome is the same.
        } catch (AwsServiceException refused) {
            if (inline.isEmpty()) {
                throw refused;
            }
            // Half removed: the status must not show the role as untouched while its policies are gone.
            throw new RemovalFailedException("Role " + roleName + " stays without its inline policies " + inline
                    + ", which were deleted; DeleteRole failed: " + refused.getMessage()
                    + " Send the removal again once the role can be deleted.");
        }
        return item.with(RemovalState.REMOVED, null);
    }

    private Optional<Role> find(String roleName) {
        return AwsCalls.call("GetRole " + roleName, () -> {
            try {
                return Optional.of(iam.getRole(r -> r.roleName(roleName)).role());
            } catch (NoSuchEntityException e) {
                return Optional.empty();
            }
        });
    }
}
