package dev.mwaaprovisioner.common.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code status/<Name>.json} while a run works: {@code State: IN_PROGRESS}, the execution, the
 * step and, at a long wait, when the next check is due. Written once validation has passed (the
 * run owns the Name then: a run that lost the race fails validation and never gets here, so the
 * owner's status is never overwritten) and at each check of the environment; the report replaces
 * it with the outcome. Identifiers only, never a request value.
 *
 * <p>A progress note is no reason to fail provisioning: a write AWS refuses is a WARN note of the
 * step's log line. Outside an execution (SnapStart priming, a step called directly) nothing is
 * written.
 */
public final class ProgressStatus {

    public static final String IN_PROGRESS = "IN_PROGRESS";
    static final String CONFIG_BUCKET = "CONFIG_BUCKET";

    private final S3Client s3;
    private final String bucket;

    /** Writes to the bucket; a null client or bucket writes nothing. */
    public ProgressStatus(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * The function's config bucket ({@code CONFIG_BUCKET}; none set writes nothing) through the
     * step's S3 client: built by the function module, with the one HTTP client its artifact has.
     */
    public static ProgressStatus of(FunctionClients clients, S3Client s3) {
        return new ProgressStatus(s3, clients.variable(CONFIG_BUCKET));
    }

    /**
     * Before a wait for the environment (the state says when to check next): where it stands and
     * when the next check is due, on the workflow's clock. No wait, nothing written.
     */
    public void waitingFor(EnvironmentState state, Instant now) {
        if (state != null && state.nextCheckSeconds() != null) {
            write(state.name(), "WaitForEnvironment: " + state.status(), now.plusSeconds(state.nextCheckSeconds()));
        }
    }

    /**
     * Records that the run for {@code name} is at {@code step}.
     *
     * @param nextCheckAt when the next check is due, or null
     */
    public void write(String name, String step, Instant nextCheckAt) {
        String execution = StepLog.execution();
        if (s3 == null || bucket == null || execution == null || name == null) {
            return;
        }
        ObjectNode status = WorkflowJson.MAPPER.createObjectNode();
        status.put("Name", name);
        status.put("State", IN_PROGRESS);
        status.put("ExecutionArn", execution);
        status.put("Step", step);
        status.put("UpdatedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (nextCheckAt != null) {
            status.put("NextCheckAt", nextCheckAt.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        byte[] body;
        try {
            body = WorkflowJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(status);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        String key = DerivedNames.STATUS_PREFIX + name + ".json";
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            StepLog.warn("Status s3://" + bucket + "/" + key + " not updated: " + e.getClass().getSimpleName());
        }
    }
}
