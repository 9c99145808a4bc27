package dev.mwaaprovisioner.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared helpers of the interpreter tests: JSON, a fast clock and in-test Lambda functions. */
final class AslFixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String ACCOUNT = "123456789012";
    static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:" + ACCOUNT + ":stateMachine:Test";

    private AslFixtures() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static StateMachineDefinition definition(String json) {
        try {
            return StateMachineDefinition.parse(json);
        } catch (InvalidDefinitionException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static String functionArn(String name) {
        return "arn:aws:lambda:us-east-1:" + ACCOUNT + ":function:" + name;
    }

    static ExecutionRequest request(String name, JsonNode input) {
        return new ExecutionRequest("arn:aws:states:us-east-1:" + ACCOUNT + ":execution:Test:" + name, name,
                STATE_MACHINE_ARN, "Test", "arn:aws:iam::" + ACCOUNT + ":role/StatesRole", input);
    }

    /** Runs a definition to its end on {@code clock} with {@code functions}. */
    static Execution run(String definition, String input, AslClock clock, LambdaInvoker functions) {
        try (AslInterpreter interpreter = new AslInterpreter(clock, functions)) {
            Execution execution = interpreter.start(definition(definition),
                    request(UUID.randomUUID().toString(), json(input)));
            if (!execution.awaitCompletion(Duration.ofSeconds(20))) {
                throw new AssertionError("The execution did not end: " + execution.history());
            }
            return execution;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static Execution run(String definition, String input, LambdaInvoker functions) {
        return run(definition, input, new FastClock(1000), functions);
    }

    static Execution run(String definition, String input) {
        return run(definition, input, new Functions());
    }

    static List<String> types(Execution execution) {
        return execution.history().stream().map(HistoryEvent::type).toList();
    }

    /**
     * A clock that runs {@code scale} times faster than real time: sleeps are real but short,
     * and now() advances accordingly, as the local cloud's --time-scale does.
     */
    static final class FastClock implements AslClock {
        private final double scale;
        private final Instant origin = Instant.parse("2026-01-01T00:00:00Z");
        private final long realStart = System.nanoTime();
        final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        FastClock(double scale) {
            this.scale = scale;
        }

        @Override
        public Instant now() {
            return origin.plusNanos((long) ((System.nanoTime() - realStart) * scale));
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            sleeps.add(duration);
            long nanos = (long) (duration.toNanos() / scale);
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }

    /** A function error with a chosen errorType, as a handler in another runtime may report it. */
    static final class FunctionError extends Exception {
        final String errorType;

        FunctionError(String errorType) {
            super(errorType + " happened");
            this.errorType = errorType;
        }
    }

    /** A function body: takes the event, returns the result, or throws as a Java handler would. */
    @FunctionalInterface
    interface Handler {
        JsonNode handle(JsonNode event) throws Exception;
    }

    /**
     * Lambda functions for the tests, answering as the Invoke API does: a thrown exception becomes
     * an Unhandled function error whose document carries the exception's class name as errorType.
     */
    static final class Functions implements LambdaInvoker {
        final Map<String, Handler> handlers = new ConcurrentHashMap<>();
        final List<LambdaRequest> calls = new CopyOnWriteArrayList<>();

        Functions with(String name, Handler handler) {
            handlers.put(name, handler);
            return this;
        }

        @Override
        public LambdaResponse invoke(LambdaRequest request) throws LambdaServiceException, InterruptedException {
            calls.add(request);
            String name = request.functionName().substring(request.functionName().lastIndexOf(':') + 1);
            if (request.functionName().matches(".*:function:[^:]+:[^:]+")) {
                String[] parts = request.functionName().split(":");
                name = parts[6];
            }
            Handler handler = handlers.get(name);
            if (handler == null) {
                throw new LambdaServiceException("ResourceNotFoundException", 404,
                        "Function not found: " + functionArn(name));
            }
            String requestId = UUID.randomUUID().toString();
            try {
                return new LambdaResponse(200, "$LATEST", null, handler.handle(request.payload()), requestId);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                ObjectNode error = MAPPER.createObjectNode();
                error.put("errorMessage", e.getMessage());
                error.put("errorType", e instanceof FunctionError named ? named.errorType : e.getClass().getName());
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                error.putArray("stackTrace").add(trace.toString().lines().skip(1).findFirst().orElse("").trim());
                return new LambdaResponse(200, "$LATEST", "Unhandled", error, requestId);
            }
        }
    }
}
