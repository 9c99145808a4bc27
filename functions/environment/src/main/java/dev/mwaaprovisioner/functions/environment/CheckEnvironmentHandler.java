package dev.mwaaprovisioner.functions.environment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.mwaaprovisioner.common.workflow.EnvironmentState;
import dev.mwaaprovisioner.common.workflow.FunctionClients;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.mwaa.MwaaClient;

/**
 * Step "CheckEnvironment": reads the environment's status. AVAILABLE: its webserver URL. Still
 * creating: when to check next (PollingSchedule). CREATE_FAILED: at once
 * {@link EnvironmentCreationFailedException} with MWAA's LastUpdate.Error; past the 3-hour
 * deadline: {@link EnvironmentCreationTimedOutException}.
 *
 * <p>Input {@code {"Environment": <$.Environment>, "Now": "<state entered time>"}}; output the
 * updated {@link EnvironmentState}.
 */
public final class CheckEnvironmentHandler implements RequestStreamHandler {

    public static final String FUNCTION = "CheckEnvironmentFunction";

    /** The function's input as the state machine passes it. */
    public record Input(@JsonProperty("Environment") EnvironmentState environment, @JsonProperty("Now") String now) {
    }

    private final Environments environments;

    /** Lambda's entry: clients built once per container from the process environment. */
    public CheckEnvironmentHandler() {
        this(FromProcessEnvironment.MWAA);
    }

    /** The same handler on the given environment (endpoint, region, credentials). */
    public CheckEnvironmentHandler(Map<String, String> environment) {
        this(Environments.client(new FunctionClients(FUNCTION, environment)));
    }

    public CheckEnvironmentHandler(MwaaClient mwaa) {
        this.environments = new Environments(mwaa);
    }

    private static final class FromProcessEnvironment {
        static final MwaaClient MWAA = Environments.client(new FunctionClients(FUNCTION, System.getenv()));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        WorkflowJson.write(output, handle(WorkflowJson.read(input, Input.class)));
    }

    public EnvironmentState handle(Input input) {
        EnvironmentState known = input.environment();
        return environments.find(known.name())
                .map(e -> environments.state(e, Boolean.TRUE.equals(known.createdByThisExecution()),
                        Instant.parse(known.startedAt()), Instant.parse(input.now())))
                .orElseThrow(() -> new EnvironmentCreationFailedException("Environment " + known.name()
                        + " no longer exists; someone deleted it while it was being created. Send the request again."));
    }
}
