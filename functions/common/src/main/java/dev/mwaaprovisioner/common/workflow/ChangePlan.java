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
 *
 * <p>{@code KeyStatement} (only with a customer-managed key) is how the key policy's "Allow logs
 * access" statement was found before this run wrote anything: a rollback removes the statement
 * only when it was {@value #KEY_STATEMENT_MISSING}, even if the key-policy step itself ended
 * without a result (a timeout after its write).
 */
public record ChangePlan(
        @JsonProperty("Action") String action,
        @JsonProperty("Changed") List<String> changed,
        @JsonProperty("Environment") EnvironmentState environment,
        @JsonProperty("KeyStatement") String keyStatement) {

    public static final String CREATE = "Create";
    public static final String UPDATE = "Update";
    public static final String NONE = "None";

    /** {@code KeyStatement}: the customer-managed key's policy holds the statement as the provisioner writes it. */
    public static final String KEY_STATEMENT_PRESENT = "Present";
    /** {@code KeyStatement}: a statement of that Sid is there, with other content. */
    public static final String KEY_STATEMENT_DIFFERS = "Differs";
    /** {@code KeyStatement}: no statement of that Sid, before anything of this run was written. */
    public static final String KEY_STATEMENT_MISSING = "Missing";

    public ChangePlan {
        changed = changed == null ? List.of() : List.copyOf(changed);
    }
}
