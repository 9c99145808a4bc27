package dev.mwaaprovisioner.functions.teardown;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.aws.AwsService;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.RemovalState.Item;
import dev.mwaaprovisioner.common.workflow.RemovalState;
import dev.mwaaprovisioner.common.workflow.Required;
import dev.mwaaprovisioner.common.workflow.SnapStartPriming;
import dev.mwaaprovisioner.common.workflow.WorkflowStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.mwaa.MwaaClient;
import software.amazon.awssdk.services.mwaa.model.Environment;
import software.amazon.awssdk.services.mwaa.model.EnvironmentStatus;
import software.amazon.awssdk.services.mwaa.model.ResourceNotFoundException;
import software.amazon.awssdk.services.mwaa.model.ValidationException;

/**
 * Step "RemoveEnvironment": deletes the MWAA environment of the removal and waits until it is
 * gone. Each call looks once: gone (removed), DELETING (wait), busy creating or updating (wait,
 * MWAA refuses to delete it then), anything else (DeleteEnvironment, then wait). A rollback item
 * with {@code CreatedAfter} keeps an environment that is older than the failed run.
 *
 * <p>Input {@code {"Removal": <$.Removal>, "Now": "<state entered time>"}}; output the updated
 * {@link RemovalState}.
 */
public final class RemoveEnvironmentHandler extends WorkflowStep<RemoveEnvironmentHandler.Input, RemovalState> {

    public static final String FUNCTION = "RemoveEnvironmentFunction";

    /** Statuses MWAA will not delete from: wait until they end. */
    static final Set<EnvironmentStatus> BUSY = Set.of(EnvironmentStatus.CREATING, EnvironmentStatus.UPDATING,
            EnvironmentStatus.CREATING_SNAPSHOT, EnvironmentStatus.ROLLING_BACK, EnvironmentStatus.MAINTENANCE);

    /** The function's input as the state machine passes it. */
    public record Input(@Required @JsonProperty("Removal") RemovalState removal, @Required @JsonProperty("Now") String now) {
    }

    private final MwaaClient mwaa;

    /** Lambda's entry: clients built once per container from the process environment. */
    public RemoveEnvironmentHandler() {
        this(FromProcessEnvironment.MWAA);
        primeBeforeSnapshot();
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public RemoveEnvironmentHandler(Map<String, String> environment) {
        this(mwaa(new FunctionClients(FUNCTION, environment)));
    }

    public RemoveEnvironmentHandler(MwaaClient mwaa) {
        super(FUNCTION, Input.class);
        this.mwaa = mwaa;
    }

    static MwaaClient mwaa(FunctionClients clients) {
        // GetEnvironment and DeleteEnvironment are GET and DELETE: the URL-connection client sends both.
        return clients.create(MwaaClient.builder(), AwsService.MWAA);
    }

    private static final class FromProcessEnvironment {
        static final MwaaClient MWAA = mwaa(new FunctionClients(FUNCTION, System.getenv()));
    }

    /**
     * The priming: returns the handler's output on the sample event (the resource is not there).
     *
     * @throws IllegalStateException if the handler's AWS calls no longer match the canned answers
     */
    @Override
    public String prime() {
        return prime("input.json", List.of(
                SnapStartPriming.answer(404, "priming/environment-not-found.json", "Content-Type", "application/json",
                        "x-amzn-ErrorType", "ResourceNotFoundException")));
    }

    @Override
    public RemovalState handle(Input input) {
        RemovalState removal = input.removal();
        Instant now = Instant.parse(input.now());
        List<Item> items = new ArrayList<>();
        Long wait = null;
        for (Item item : removal.items()) {
            if (!item.kind().equals(RemovalState.ENVIRONMENT) || !item.open()) {
                items.add(item);
                continue;
            }
            Item next = look(item, now);
            if (RemovalState.REMOVING.equals(next.status())) {
                long seconds = Removals.nextCheck(Removals.ENVIRONMENT_DELETION, next, now);
                wait = wait == null ? seconds : Math.min(wait, seconds);
            }
            items.add(next);
        }
        return removal.with(items, wait);
    }

    private Item look(Item item, Instant now) {
        String name = item.name();
        Optional<Environment> found = find(name);
        if (found.isEmpty()) {
            return item.with(RemovalState.REMOVING.equals(item.status()) ? RemovalState.REMOVED : RemovalState.ABSENT,
                    RemovalState.REMOVING.equals(item.status()) ? null : "no environment " + name);
        }
        Environment environment = found.get();
        if (RemovalState.PENDING.equals(item.status()) && Removals.existedBefore(item, environment.createdAt())) {
            return Removals.keptAsOlder(item, environment.createdAt());
        }
        EnvironmentStatus status = environment.status();
        if (status == EnvironmentStatus.DELETED) {
            return item.with(RemovalState.REMOVED, null);
        }
        if (status != EnvironmentStatus.DELETING && !BUSY.contains(status)) {
            try {
                AwsCalls.run("DeleteEnvironment " + name, () -> mwaa.deleteEnvironment(r -> r.name(name)));
            } catch (ResourceNotFoundException gone) {
                return item.with(RemovalState.REMOVED, null);
            } catch (ValidationException busy) {
                // Its status changed between the look and the delete (an update started): look again later.
            }
        }
        return item.removing(now.toString());
    }

    private Optional<Environment> find(String name) {
        return AwsCalls.call("GetEnvironment " + name, () -> {
            try {
                return Optional.of(mwaa.getEnvironment(r -> r.name(name)).environment());
            } catch (ResourceNotFoundException e) {
                return Optional.empty();
            }
        });
    }
}
