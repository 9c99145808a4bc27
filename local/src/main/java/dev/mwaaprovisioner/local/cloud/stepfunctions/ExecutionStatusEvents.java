package dev.mwaaprovisioner.local.cloud.stepfunctions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionListener;
import dev.mwaaprovisioner.local.asl.HistoryEvent;
import dev.mwaaprovisioner.local.cloud.CloudEvent;
import dev.mwaaprovisioner.local.cloud.EventBus;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.util.List;
import java.util.Map;

/**
 * What Step Functions puts on the account's default event bus for every Standard execution:
 * {@code source: aws.states}, {@code detail-type: Step Functions Execution Status Change}, when
 * it starts ({@code RUNNING}) and when it ends ({@code SUCCEEDED}, {@code FAILED},
 * {@code TIMED_OUT}, {@code ABORTED}). The detail has {@code executionArn},
 * {@code stateMachineArn}, {@code name}, {@code status}, {@code startDate} and {@code stopDate}
 * (epoch milliseconds), {@code input} and {@code output} as JSON text, and {@code error} and
 * {@code cause} of a failed execution.
 */
final class ExecutionStatusEvents implements ExecutionListener {

    static final String SOURCE = "aws.states";
    static final String DETAIL_TYPE = "Step Functions Execution Status Change";

    /** History event type → the status the event announces. */
    private static final Map<String, String> STATUS = Map.of(
            "ExecutionStarted", "RUNNING",
            "ExecutionSucceeded", "SUCCEEDED",
            "ExecutionFailed", "FAILED",
            "ExecutionTimedOut", "TIMED_OUT",
            "ExecutionAborted", "ABORTED");

    private final EventBus bus;
    private final String accountId;

    ExecutionStatusEvents(EventBus bus, String accountId) {
        this.bus = bus;
        this.accountId = accountId;
    }

    @Override
    public void onEvent(Execution execution, HistoryEvent event) {
        String status = STATUS.get(event.type());
        if (status == null) {
            return;
        }
        ObjectNode detail = Json.object();
        detail.put("executionArn", execution.executionArn());
        detail.put("stateMachineArn", execution.stateMachineArn());
        detail.put("name", execution.name());
        detail.put("status", status);
        detail.put("startDate", execution.startDate().toEpochMilli());
        boolean ended = !"RUNNING".equals(status);
        if (ended) {
            detail.put("stopDate", event.timestamp().toEpochMilli());
        } else {
            detail.putNull("stopDate");
        }
        detail.put("input", execution.input().toString());
        detail.putObject("inputDetails").put("included", true);
        String output = "SUCCEEDED".equals(status) ? event.detail("output").map(o -> o.asText()).orElse(null) : null;
        detail.put("output", output);
        if (output != null) {
            detail.putObject("outputDetails").put("included", true);
        } else {
            detail.putNull("outputDetails");
        }
        detail.put("error", ended ? event.detail("error").map(e -> e.asText()).orElse(null) : null);
        detail.put("cause", ended ? event.detail("cause").map(c -> c.asText()).orElse(null) : null);
        String region = execution.executionArn().split(":")[3];
        bus.putEvent(CloudEvent.of(SOURCE, DETAIL_TYPE, detail, List.of(execution.executionArn()), event.timestamp(),
                region, accountId));
    }
}
