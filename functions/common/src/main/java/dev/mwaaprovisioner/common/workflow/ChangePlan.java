package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code $.Changes} of the state document: what the request asks of an environment that may
 * already exist, decided by comparing the request with what exists (the environment, its network
 * stack, its execution role's policy). The state machine routes on {@code Action}:
 * <ul>
 *   <li>{@value #CREATE}: no environment of that name yet (or one still being created): the
 *       provisioning path, which finds or creates every resource;</li>
 *   <li>{@value #UPDATE}: the environment exists and something MWAA can change in place differs:
 *       {@code Changed} says what, one line per field, old and new value (never the value of an
 *       Airflow configuration option, which is sensitive);</li>
 *   <li>{@value #NONE}: everything already is as the request asks: nothing is written, and
 *       {@code Environment} is the environment as it is, for the report.</li>
 * </ul>
 * What cannot change in place never gets here: the planning step refuses it
 * ({@link ImmutableChangeException}).
 */
public record ChangePlan(
        @JsonProperty("Action") String action,
        @JsonProperty("Changed") List<String> changed,
        @JsonProperty("Environment") EnvironmentState environment) {

    public static final String CREATE = "Create";
    public static final String UPDATE = "Update";
    public static final String NONE = "None";

    public ChangePlan {
        changed = changed == null ? List.of() : List.copyOf(changed);
    }
}
