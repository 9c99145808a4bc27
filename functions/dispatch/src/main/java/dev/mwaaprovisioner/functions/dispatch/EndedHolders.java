package dev.mwaaprovisioner.functions.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.common.documents.AwsIdentifiers;
import dev.mwaaprovisioner.common.documents.DerivedNames;
import dev.mwaaprovisioner.common.workflow.AwsCalls;
import dev.mwaaprovisioner.common.workflow.ClaimStore;
import dev.mwaaprovisioner.common.workflow.EnvironmentClaim;
import dev.mwaaprovisioner.common.workflow.EventOrder;
import dev.mwaaprovisioner.common.workflow.ProgressStatus;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * An execution of the state machine that ended without handing on the Name it held (it timed
 * out, was stopped, or failed before its report could run). Step Functions announces every such
 * end ({@code aws.states}, {@code Step Functions Execution Status Change}, status
 * {@code FAILED}, {@code TIMED_OUT} or {@code ABORTED}); for each Name whose record names the
 * ended execution as its holder:
 * <ul>
 *   <li>an event waits in the record: its execution is started now
 *       ({@code resume-<20 hex of the ended execution and the event id>}, so a repeated delivery
 *       starts nothing new); it takes the Name over, since its holder no longer runs;</li>
 *   <li>nothing waits: {@code status/<Name>.json}, which still says {@code IN_PROGRESS} for that
 *       execution, says {@code FAILED} with how it ended (a conditional write: a newer status is
 *       never replaced). The next event for the Name takes it over.</li>
 * </ul>
 * An execution that reported (even a failure) handed the Name on already, and finds nothing here.
 * Costs one listing of {@code claims/} and one read per Name, only when an execution fails, times
 * out or is stopped.
 */
final class EndedHolders {

    static final String SOURCE = "aws.states";
    static final String STATUS_CHANGE = "Step Functions Execution Status Change";
    static final Set<String> ENDED_WITHOUT_REPORT = Set.of("FAILED", "TIMED_OUT", "ABORTED");

    private final SfnClient stepFunctions;
    private final String stateMachineArn;
    private final S3Client s3;
    private final String configBucket;

    EndedHolders(SfnClient stepFunctions, String stateMachineArn, S3Client s3, String configBucket) {
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
                    .filter(c -> c.heldBy(ended));
            if (held.isPresent() && held.get().waiting() != null) {
                last = start(ended, name, held.get().waiting());
            } else if (held.isPresent()) {
                reportEnded(name, ended, status, detail);
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

    /**
     * {@code status/<Name>.json} of a run that ended unreported: {@code FAILED}, with the end Step
     * Functions reports, if it still shows that run in progress.
     */
    private void reportEnded(String name, String ended, String status, JsonNode detail) {
        String key = DerivedNames.statusKey(name);
        ResponseBytes<GetObjectResponse> current;
        try {
            current = AwsCalls.call("GetObject s3://" + configBucket + "/" + key,
                    () -> s3.getObjectAsBytes(r -> r.bucket(configBucket).key(key)));
        } catch (NoSuchKeyException none) {
            return;
        }
        JsonNode shown;
        try {
            shown = WorkflowJson.MAPPER.readTree(current.asByteArray());
        } catch (java.io.IOException notJson) {
            return;
        }
        if (!ProgressStatus.IN_PROGRESS.equals(shown.path("State").asText()) || !ended.equals(shown.path("ExecutionArn").asText())) {
            return;
        }
        String error = switch (status) {
            case "TIMED_OUT" -> "States.Timeout";
            case "ABORTED" -> "ExecutionAborted";
            default -> detail.path("error").asText("States.Runtime");
        };
        String cause = "Execution " + ended + " ended " + status + " before it could report"
                + (detail.hasNonNull("cause") && !detail.path("cause").asText().isEmpty()
                        ? ": " + detail.path("cause").asText() : "")
                + ". What it created is on the Name's record; send the request again (or delete it) to go on.";
        ObjectNode failed = WorkflowJson.MAPPER.createObjectNode();
        failed.put("Name", name);
        failed.put("State", "FAILED");
        if (detail.hasNonNull("startDate")) {
            failed.put("StartedAt", Instant.ofEpochMilli(detail.path("startDate").asLong()).toString());
        }
        failed.put("FinishedAt", detail.hasNonNull("stopDate")
                ? Instant.ofEpochMilli(detail.path("stopDate").asLong()).toString() : Instant.now().toString());
        failed.put("ExecutionArn", ended);
        failed.putObject("Error").put("Error", error).put("Cause", cause);
        byte[] body;
        try {
            body = WorkflowJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(failed);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        try {
            AwsCalls.run("PutObject s3://" + configBucket + "/" + key, () -> s3.putObject(r -> r.bucket(configBucket)
                    .key(key).contentType("application/json").ifMatch(current.response().eTag()), RequestBody.fromBytes(body)));
            DispatchHandler.log("Execution " + ended + " ended " + status + " holding " + name + " with nothing waiting: "
                    + "its status says FAILED.");
        } catch (S3Exception changed) {
            if (changed.statusCode() != 412 && changed.statusCode() != 409) {
                throw changed;
            }
            // A newer status was written meanwhile: it stays.
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
