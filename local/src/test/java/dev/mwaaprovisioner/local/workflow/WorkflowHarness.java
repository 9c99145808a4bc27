package dev.mwaaprovisioner.local.workflow;

import static dev.mwaaprovisioner.local.workflow.RepositoryFiles.map;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mwaaprovisioner.common.workflow.WorkflowJson;
import dev.mwaaprovisioner.local.asl.AslClock;
import dev.mwaaprovisioner.local.asl.AslInterpreter;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionRequest;
import dev.mwaaprovisioner.local.asl.LambdaInvoker;
import dev.mwaaprovisioner.local.asl.StateMachineDefinition;
import dev.mwaaprovisioner.local.cloud.FaultInjector;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs statemachine/provision.asl.json on the local ASL interpreter, on the local cloud's
 * accelerated clock, with the real handlers of template.yaml registered in-process under their
 * logical IDs and built with the environment a deployed function would have. Function errors
 * reach the state machine as Lambda reports them: errorType (the exception's class name),
 * errorMessage, stackTrace.
 */
final class WorkflowHarness implements AutoCloseable {

    static final String STATE_MACHINE_ARN =
            "arn:aws:states:us-east-1:000000000000:stateMachine:mwaa-provisioner-provisioning";

    final WorkflowCloud cloud;
    private final Map<String, RequestStreamHandler> functions = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> invocations = new LinkedHashMap<>();
    private final StateMachineDefinition definition;
    private final AslInterpreter interpreter;

    /** A harness on a clock 1000 times faster than real time: a 25-minute environment takes 1.5 s. */
    WorkflowHarness() throws Exception {
        this(1000);
    }

    /**
     * @param timeScale simulated seconds per real second: the functions' real run time (seconds for
     *                  a cold JVM's first calls) counts as simulated time too, so the scale bounds
     *                  how exactly the polling schedule can be observed
     */
    WorkflowHarness(double timeScale) throws Exception {
        cloud = new WorkflowCloud(timeScale, 50, 100);
        Map<String, String> environment = cloud.environment();
        String text = RepositoryFiles.read(RepositoryFiles.STATE_MACHINE);
        for (var entry : RepositoryFiles.resources("AWS::Serverless::Function").entrySet()) {
            String handler = String.valueOf(map(entry.getValue().get("Properties")).get("Handler")).split("::")[0];
            functions.put(entry.getKey(), (RequestStreamHandler) Class.forName(handler)
                    .getConstructor(Map.class).newInstance(environment));
            invocations.put(entry.getKey(), new AtomicInteger());
            text = text.replace("${" + entry.getKey() + "Arn}", functionArn(entry.getKey()));
        }
        definition = StateMachineDefinition.parse(text);
        var clock = cloud.cloud.clock();
        interpreter = new AslInterpreter(new AslClock() {
            @Override
            public Instant now() {
                return clock.now();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                clock.sleep(duration);
            }
        }, this::invoke);
    }

    static String functionArn(String logicalId) {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + logicalId + ":live";
    }

    /** Runs one execution to its end (a minute of real time at most). */
    Execution run(JsonNode input) throws InterruptedException {
        String name = UUID.randomUUID().toString();
        ExecutionRequest request = new ExecutionRequest(
                "arn:aws:states:us-east-1:000000000000:execution:mwaa-provisioner-provisioning:" + name, name,
                STATE_MACHINE_ARN, "mwaa-provisioner-provisioning", null, input);
        return interpreter.run(definition, request, Duration.ofMinutes(1));
    }

    Map<String, AtomicInteger> invocations() {
        return invocations;
    }

    private LambdaInvoker.LambdaResponse invoke(LambdaInvoker.LambdaRequest request) {
        String[] arn = request.functionName().split(":");
        String name = arn.length >= 7 ? arn[6] : request.functionName();
        RequestStreamHandler handler = functions.get(name);
        if (handler == null) {
            return new LambdaInvoker.LambdaResponse(404, null, "Unhandled",
                    error("ResourceNotFoundException", "Function not found: " + request.functionName()), null);
        }
        invocations.get(name).incrementAndGet();
        // A lambda:function fault fails the invocation as Lambda reports it; with the detail
        // "when": "AfterRun" the handler runs first (its AWS calls take effect), as when a
        // function times out after its work, before it could answer.
        Optional<FaultInjector.ResourceFault> fault = cloud.cloud.faults().takeResourceFault("lambda:function", name);
        try {
            byte[] payload = WorkflowJson.MAPPER.writeValueAsBytes(request.payload());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (fault.isEmpty() || fault.get().detail("when", "BeforeRun").equals("AfterRun")) {
                handler.handleRequest(new ByteArrayInputStream(payload), out, null);
            }
            if (fault.isPresent()) {
                return new LambdaInvoker.LambdaResponse(200, "1", "Unhandled", error(
                        fault.get().detail("errorType", "InjectedFault"),
                        fault.get().detail("errorMessage", "Fault injected into function " + name)), null);
            }
            return new LambdaInvoker.LambdaResponse(200, "1", null, WorkflowJson.MAPPER.readTree(out.toByteArray()), null);
        } catch (Exception | Error e) {
            return new LambdaInvoker.LambdaResponse(200, "1", "Unhandled",
                    error(e.getClass().getName(), String.valueOf(e.getMessage())), null);
        }
    }

    private static JsonNode error(String type, String message) {
        ObjectNode error = WorkflowJson.MAPPER.createObjectNode();
        error.put("errorMessage", message);
        error.put("errorType", type);
        error.set("stackTrace", WorkflowJson.MAPPER.valueToTree(List.of()));
        return error;
    }

    @Override
    public void close() {
        interpreter.close();
        cloud.close();
    }
}
