package dev.mwaaprovisioner.local.cloud.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mwaaprovisioner.local.asl.AslInterpreter;
import dev.mwaaprovisioner.local.asl.Execution;
import dev.mwaaprovisioner.local.asl.ExecutionListener;
import dev.mwaaprovisioner.local.asl.ExecutionRequest;
import dev.mwaaprovisioner.local.asl.ExecutionStatus;
import dev.mwaaprovisioner.local.asl.InvalidDefinitionException;
import dev.mwaaprovisioner.local.asl.LambdaInvoker;
import dev.mwaaprovisioner.local.asl.StateMachineDefinition;
import dev.mwaaprovisioner.local.cloud.Arns;
import dev.mwaaprovisioner.local.cloud.CloudClock;
import dev.mwaaprovisioner.local.cloud.CloudException;
import dev.mwaaprovisioner.local.cloud.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The state machines and executions of the local Step Functions, with the rules of the API
 * (names, idempotent creation and starts, ExecutionAlreadyExists, ...). Executions run on the
 * {@link AslInterpreter}, on the cloud's clock, calling Lambda through the given invoker.
 * The Step Functions API, EventBridge targets and the command line all start executions here.
 *
 * <pre>{@code
 * StateMachines machines = cloud.service(StateMachines.class);
 * machines.onExecutionStarted(execution -> execution.addListener((e, event) -> print(event)));
 * Execution execution = machines.startExecution(arn, null, "{\"x\": 1}");
 * }</pre>
 */
public final class StateMachines implements AutoCloseable {

    /** Step Functions' limit on execution input. */
    static final int MAX_INPUT_BYTES = 262_144;
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");

    private final CloudClock clock;
    private final String accountId;
    private final AslInterpreter interpreter;
    private final Map<String, StateMachine> machines = new LinkedHashMap<>();
    /** Executions by ARN, kept after their machine is deleted so they stay describable. */
    private final Map<String, Execution> executions = new LinkedHashMap<>();
    private final List<Consumer<Execution>> startListeners = new CopyOnWriteArrayList<>();
    private final ExecutionStatusEvents statusEvents;

    public StateMachines(CloudClock clock, String accountId, LambdaInvoker lambda) {
        this(clock, accountId, lambda, null);
    }

    /** @param bus where each execution's status changes go ({@link ExecutionStatusEvents}); null: nowhere */
    public StateMachines(CloudClock clock, String accountId, LambdaInvoker lambda, dev.mwaaprovisioner.local.cloud.EventBus bus) {
        this.clock = clock;
        this.accountId = accountId;
        this.statusEvents = bus == null ? null : new ExecutionStatusEvents(bus, accountId);
        this.interpreter = new AslInterpreter(new CloudAslClock(clock), lambda);
    }

    // ------------------------------------------------------------------------------------------
    // State machines

    /**
     * Creates a state machine, or returns the existing one when name, definition, role and type
     * are the same (CreateStateMachine is idempotent).
     */
    public synchronized StateMachine create(String region, String name, String definitionText, String roleArn,
            String type, JsonNode loggingConfiguration, JsonNode tracingConfiguration) {
        if (!Names.isValid(name)) {
            throw new CloudException("InvalidName", 400, "Invalid Name: '" + name + "'");
        }
        checkRole(roleArn);
        String machineType = type == null ? "STANDARD" : type;
        checkType(machineType);
        StateMachineDefinition definition = parse(definitionText);
        String arn = Arns.of(region, "states", region, accountId, "stateMachine:" + name);
        StateMachine existing = machines.get(arn);
        if (existing != null) {
            if (existing.definitionText().equals(definitionText) && existing.roleArn().equals(roleArn)
                    && existing.type().equals(machineType)) {
                return existing;
            }
            throw new CloudException("StateMachineAlreadyExists", 400, "State Machine Already Exists: '" + arn + "'");
        }
        Instant now = clock.now();
        StateMachine machine = new StateMachine(arn, name, definitionText, definition, roleArn, machineType, now, null,
                loggingConfiguration == null ? defaultLogging() : loggingConfiguration,
                tracingConfiguration == null ? Json.object().put("enabled", false) : tracingConfiguration);
        machines.put(arn, machine);
        return machine;
    }

    public synchronized StateMachine describe(String arn) {
        StateMachine machine = machines.get(arn);
        if (machine == null) {
            throw new CloudException("StateMachineDoesNotExist", 400, "State Machine Does Not Exist: '" + arn + "'");
        }
        return machine;
    }

    public synchronized Optional<StateMachine> find(String arn) {
        return Optional.ofNullable(machines.get(arn));
    }

    /** Replaces the definition and/or role; running executions keep what they started with. */
    public synchronized StateMachine update(String arn, String definitionText, String roleArn,
            JsonNode loggingConfiguration, JsonNode tracingConfiguration) {
        StateMachine current = describe(arn);
        if (definitionText == null && roleArn == null && loggingConfiguration == null && tracingConfiguration == null) {
            throw new CloudException("MissingRequiredParameter", 400, "Either the definition, the role ARN, the"
                    + " LoggingConfiguration, or the TracingConfiguration must be specified");
        }
        if (roleArn != null) {
            checkRole(roleArn);
        }
        StateMachineDefinition definition = definitionText == null ? current.definition() : parse(definitionText);
        StateMachine updated = new StateMachine(arn, current.name(),
                definitionText == null ? current.definitionText() : definitionText, definition,
                roleArn == null ? current.roleArn() : roleArn, current.type(), current.creationDate(), clock.now(),
                loggingConfiguration == null ? current.loggingConfiguration() : loggingConfiguration,
                tracingConfiguration == null ? current.tracingConfiguration() : tracingConfiguration);
        machines.put(arn, updated);
        return updated;
    }

    /** Deletes a state machine; its running executions run to their end and stay describable. */
    public synchronized void delete(String arn) {
        machines.remove(arn);
    }

    public synchronized List<StateMachine> list() {
        List<StateMachine> all = new ArrayList<>(machines.values());
        all.sort(Comparator.comparing(StateMachine::name));
        return all;
    }

    /** The diagnostics of a definition, for ValidateStateMachineDefinition (empty when valid). */
    public static List<dev.mwaaprovisioner.local.asl.Diagnostic> validate(String definitionText) {
        try {
            StateMachineDefinition.parse(definitionText);
            return List.of();
        } catch (InvalidDefinitionException e) {
            return e.diagnostics();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Executions

    /**
     * Starts an execution (StartExecution). A null name gets a UUID; a null input is {@code {}}.
     * Starting again with the name and input of a running execution returns that execution;
     * another input, or the name of a closed execution, is ExecutionAlreadyExists.
     */
    public Execution startExecution(String stateMachineArn, String name, String input, ExecutionListener... listeners) {
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        if (!Names.isValid(executionName)) {
            throw new CloudException("InvalidName", 400, "Invalid Name: '" + executionName + "'");
        }
        String inputText = input == null ? "{}" : input;
        JsonNode inputJson = parseInput(inputText);
        Execution execution;
        synchronized (this) {
            StateMachine machine = describe(stateMachineArn);
            String executionArn = executionArn(machine, executionName);
            Execution existing = executions.get(executionArn);
            if (existing != null) {
                if (existing.status() == ExecutionStatus.RUNNING && existing.input().equals(inputJson)) {
                    for (ExecutionListener listener : listeners) {
                        existing.addListener(listener);
                    }
                    return existing;
                }
                throw new CloudException("ExecutionAlreadyExists", 400, "Execution Already Exists: '" + executionArn + "'");
            }
            ExecutionRequest request = new ExecutionRequest(executionArn, executionName, machine.arn(), machine.name(),
                    machine.roleArn(), inputJson);
            List<ExecutionListener> all = new ArrayList<>(List.of(listeners));
            if (statusEvents != null) {
                all.add(statusEvents);
            }
            execution = interpreter.start(machine.definition(), request, all.toArray(ExecutionListener[]::new));
            executions.put(executionArn, execution);
        }
        for (Consumer<Execution> listener : startListeners) {
            try {
                listener.accept(execution);
            } catch (RuntimeException e) {
                System.err.println("local cloud: execution start listener failed: " + e);
            }
        }
        return execution;
    }

    public synchronized Execution execution(String executionArn) {
        Execution execution = executions.get(executionArn);
        if (execution == null) {
            throw new CloudException("ExecutionDoesNotExist", 400, "Execution Does Not Exist: '" + executionArn + "'");
        }
        return execution;
    }

    /** The executions of a state machine, newest first. */
    public synchronized List<Execution> executions(String stateMachineArn) {
        describe(stateMachineArn);
        List<Execution> list = new ArrayList<>();
        for (Execution execution : executions.values()) {
            if (execution.stateMachineArn().equals(stateMachineArn)) {
                list.add(0, execution);
            }
        }
        return list;
    }

    /**
     * Calls {@code listener} with every execution started from now on, however it was started
     * (API, EventBridge rule, in-process), so a command line can follow it live.
     *
     * @return closing it removes the listener
     */
    public AutoCloseable onExecutionStarted(Consumer<Execution> listener) {
        startListeners.add(Objects.requireNonNull(listener));
        return () -> startListeners.remove(listener);
    }

    // ------------------------------------------------------------------------------------------

    private static StateMachineDefinition parse(String definitionText) {
        if (definitionText == null) {
            throw new CloudException("InvalidDefinition", 400, "Invalid State Machine Definition: 'The definition is"
                    + " required'");
        }
        try {
            return StateMachineDefinition.parse(definitionText);
        } catch (InvalidDefinitionException e) {
            throw new CloudException("InvalidDefinition", 400, e.getMessage());
        }
    }

    private static void checkRole(String roleArn) {
        if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
            throw new CloudException("InvalidArn", 400, "Invalid Arn: 'Resource type not valid in this context: "
                    + roleArn + "' (roleArn must be an IAM role ARN, arn:aws:iam::<account>:role/<name>)");
        }
    }

    private static void checkType(String type) {
        if (type.equals("EXPRESS")) {
            throw new CloudException("StateMachineTypeNotSupported", 400,
                    "The local cloud runs STANDARD state machines only; type EXPRESS is not supported");
        }
        if (!type.equals("STANDARD")) {
            throw new CloudException("ValidationException", 400, "1 validation error detected: Value '" + type
                    + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]");
        }
    }

    private static JsonNode parseInput(String input) {
        if (input.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
            throw new CloudException("InvalidExecutionInput", 400, "Invalid State Machine Execution Input: 'The input"
                    + " exceeds the maximum of " + MAX_INPUT_BYTES + " bytes'");
        }
        try {
            JsonNode json = Json.parse(input);
            if (json == null || json.isMissingNode()) {
                throw new IOException("No content to map due to end-of-input");
            }
            return json;
        } catch (IOException e) {
            throw new CloudException("InvalidExecutionInput", 400, "Invalid State Machine Execution Input: '"
                    + Json.describe(e) + "'");
        }
    }

    private String executionArn(StateMachine machine, String executionName) {
        return machine.arn().replace(":stateMachine:", ":execution:") + ":" + executionName;
    }

    private static JsonNode defaultLogging() {
        return Json.object().put("level", "OFF").put("includeExecutionData", false);
    }

    @Override
    public void close() {
        interpreter.close();
    }
}
