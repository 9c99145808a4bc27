package dev.mwaaprovisioner.functions.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.EnvironmentClaim;
import dev.mwaaprovisioner.common.workflow.EventOrder;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * An execution of the state machine that ended without handing on the Name it held (it timed
 * out, was stopped, or failed before its report could run): an event that waited in that Name's
 * record would wait until the next event for the Name arrived. Step Functions announces every
 * such end ({@code aws.states}, {@code Step Functions Execution Status Change}, status
 * {@code FAILED}, {@code TIMED_OUT} or {@code ABORTED}); for each Name whose record names the
 * ended execution as its holder and holds a waiting event, this starts that event's execution
 * now. It takes the Name over, since its holder no longer runs.
 *
 * <p>The execution is named {@code resume-<20 hex of the ended execution and the event id>}: a
 * repeated delivery of the status change starts nothing new. An execution that reported (even a
 * failure) handed the Name on already, and finds nothing here. Costs one listing of
 * {@code claims/} and one read per Name, only when an execution fails, times out or is stopped.
 */
final class WaitingEventResumption {

    static final String SOURCE = "aws.states";
    static final String STATUS_CHANGE = "Step Functions Execution Status Change";
    static final Set<String> ENDED_WITHOUT_REPORT = Set.of("FAILED", "TIMED_OUT", "ABORTED");

    private final SfnClient stepFunctions;
    private final String stateMachineArn;
    private final S3Client s3;
    private final String configBucket;

    WaitingEventResumption(SfnClient stepFunctions, String stateMachineArn, S3Client s3, String configBucket) {
        this.stepFunctions = stepFunctions;
        this.stateMachineArn = stateMachineArn;
        this.s3 = s3;
        this.configBucket = configBucket;
    }

    static boolean isStatusChange(JsonNode event) {
        return SOURCE.equals(event.path("source").asText()) && STATUS_CHANGE.equals(event.path("detail-type").asText());
    }

    /** Starts the waiting events of the Names the ended execution held; the last one started, or an empty result. */
    DispatchHandler.Result resume(JsonNode event) {
        JsonNode detail = event.path("detail");
        String ended = detail.path("executionArn").asText("");
        String status = detail.path("status").asText("");
        if (!stateMachineArn.equals(detail.path("stateMachineArn").asText()) || !ENDED_WITHOUT_REPORT.contains(status)) {
            throw new IllegalArgumentException("The status change of " + ended + " (" + status + ", state machine "
                    + detail.path("stateMachineArn").asText() + ") is not the end of one of this deployment's executions "
                    + "that may hold a Name (" + ENDED_WITHOUT_REPORT + " of " + stateMachineArn + "); check the "
                    + "HolderEnded rule of the DispatchFunction in template.yaml.");
        }
        if (s3 == null || configBucket == null || configBucket.isEmpty()) {
            throw new IllegalStateException("DispatchFunction has no " + DispatchHandler.CONFIG_BUCKET
                    + " to find the Names execution " + ended + " held.");
        }
        ClaimStore claims = new ClaimStore(s3, configBucket);
        DispatchHandler.Result last = new DispatchHandler.Result(null, null, false);
        for (String name : names()) {
            Optional<EnvironmentClaim> held = claims.read(name).map(ClaimStore.StoredClaim::claim)
                    .filter(c -> c.heldBy(ended) && c.waiting() != null);
            if (held.isPresent()) {
                last = start(ended, name, held.get().waiting());
            }
        }
        if (last.executionArn() == null) {
            DispatchHandler.log("Execution " + ended + " ended " + status + " holding no Name an event waits for: nothing to resume.");
        }
        return last;
    }

    private DispatchHandler.Result start(String ended, String name, JsonNode waiting) {
        String executionName = "resume-" + EnvironmentClaim.sha256Hex(ended + "\n" + EventOrder.id(waiting)).substring(0, 20);
        String input;
        try {
            input = WorkflowJson.MAPPER.writeValueAsString(waiting);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        try {
            String arn = AwsCalls.call("StartExecution " + executionName, () -> stepFunctions.startExecution(r -> r
                    .stateMachineArn(stateMachineArn).name(executionName).input(input))).executionArn();
            DispatchHandler.log("Execution " + ended + " ended holding " + name + ": started " + arn + " for event "
                    + EventOrder.id(waiting) + ", which waited in the Name's record.");
            return new DispatchHandler.Result(executionName, arn, false);
        } catch (ExecutionAlreadyExistsException e) {
            DispatchHandler.log("Duplicate delivery: the waiting event " + EventOrder.id(waiting) + " of " + name
                    + " was already resumed; nothing started.");
            return new DispatchHandler.Result(executionName, null, true);
        }
    }

    /** Every Name with a record ({@code claims/<Name>.json}; the file notes under {@code claims/files/} are not records). */
    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (S3Object object : AwsCalls.call("ListObjectsV2 s3://" + configBucket + "/" + ClaimStore.PREFIX,
                () -> s3.listObjectsV2Paginator(r -> r.bucket(configBucket).prefix(ClaimStore.PREFIX)).contents().stream().toList())) {
            String name = object.key().substring(ClaimStore.PREFIX.length()).replaceFirst("\\.json$", "");
            if (AwsIdentifiers.ENVIRONMENT_NAME.matcher(name).matches()) {
                names.add(name);
            }
        }
        return names;
    }
}
