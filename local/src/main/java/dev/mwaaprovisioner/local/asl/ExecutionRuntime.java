package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;

/** What every state of one execution shares: clock, Lambda, threads, the execution and its Context Object. */
final class ExecutionRuntime {

    final AslClock clock;
    final LambdaInvoker invoker;
    final ExecutorService pool;
    final Execution execution;
    private final ObjectNode contextBase;

    ExecutionRuntime(AslClock clock, LambdaInvoker invoker, ExecutorService pool, Execution execution) {
        this.clock = clock;
        this.invoker = invoker;
        this.pool = pool;
        this.execution = execution;
        ExecutionRequest request = execution.request();
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        ObjectNode exec = context.putObject("Execution");
        exec.put("Id", request.executionArn());
        exec.set("Input", request.input());
        exec.put("Name", request.name());
        exec.put("RoleArn", request.roleArn());
        exec.put("StartTime", timestamp(execution.startDate()));
        exec.put("RedriveCount", 0);
        ObjectNode machine = context.putObject("StateMachine");
        machine.put("Id", request.stateMachineArn());
        machine.put("Name", request.stateMachineName());
        this.contextBase = context;
    }

    /** The Context Object ({@code $$}) while a state runs. */
    ObjectNode context(String stateName, Instant enteredTime, int retryCount) {
        ObjectNode context = contextBase.deepCopy();
        ObjectNode state = context.putObject("State");
        state.put("EnteredTime", timestamp(enteredTime));
        state.put("Name", stateName);
        state.put("RetryCount", retryCount);
        return context;
    }

    /** Timestamps in the Context Object look like {@code 2019-03-26T20:14:13.192Z}. */
    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    String region() {
        return execution.request().region();
    }

    static JsonNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }
}
