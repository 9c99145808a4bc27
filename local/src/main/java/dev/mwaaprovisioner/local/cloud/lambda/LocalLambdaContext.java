package dev.mwaaprovisioner.local.cloud.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/** The {@link Context} a handler gets: request id, function, deadline on the cloud's clock, a logger. */
final class LocalLambdaContext implements Context {

    private final String requestId;
    private final LambdaFunction function;
    private final Instant deadline;
    private final long realDeadlineNanos;
    private final Supplier<Instant> now;
    private final StringBuilder log = new StringBuilder();
    /**
     * As the Java runtime's logger with {@code LoggingConfig: LogFormat: JSON} (the template's
     * format): each message becomes one line {@code {"timestamp", "level", "message",
     * "AWSRequestId"}}, with the runtime's field names and timestamp format.
     */
    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            log(message, LogLevel.UNDEFINED);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            ObjectNode line = JSON.createObjectNode();
            line.put("timestamp", TIMESTAMP.format(Instant.now()));
            line.put("level", level == null || level == LogLevel.UNDEFINED ? null : level.name());
            line.put("message", message);
            line.put("AWSRequestId", requestId);
            String text;
            try {
                text = JSON.writeValueAsString(line);
            } catch (JsonProcessingException e) {
                text = String.valueOf(message);
            }
            synchronized (log) {
                log.append(text).append('\n');
            }
        }

        @Override
        public void log(byte[] message, LogLevel level) {
            log(new String(message, StandardCharsets.UTF_8), level);
        }
    };
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    LocalLambdaContext(String requestId, LambdaFunction function, Instant deadline, Supplier<Instant> now) {
        this.requestId = requestId;
        this.function = function;
        this.deadline = deadline;
        this.realDeadlineNanos = System.nanoTime() + function.timeout().toNanos();
        this.now = now;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + function.name();
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + requestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return function.name();
    }

    @Override
    public String getFunctionVersion() {
        return LambdaFunction.LATEST;
    }

    @Override
    public String getInvokedFunctionArn() {
        return function.arn();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    /**
     * Milliseconds left before the function times out: the timeout fires once it has passed on
     * the clock and in real time, so this is the larger of the two remainders.
     */
    @Override
    public int getRemainingTimeInMillis() {
        long simulated = Duration.between(now.get(), deadline).toMillis();
        long real = (realDeadlineNanos - System.nanoTime()) / 1_000_000;
        long left = Math.max(simulated, real);
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int getMemoryLimitInMB() {
        return function.memoryMb();
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /** What the handler logged during this invocation. */
    String logOutput() {
        synchronized (log) {
            return log.toString();
        }
    }
}
