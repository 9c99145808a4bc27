package dev.mwaaprovisioner.local.cloud.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** The {@link Context} a handler gets: request id, function, deadline on the cloud's clock, a logger. */
final class LocalLambdaContext implements Context {

    private final String requestId;
    private final LambdaFunction function;
    private final Instant deadline;
    private final long realDeadlineNanos;
    private final Supplier<Instant> now;
    private final StringBuilder log = new StringBuilder();
    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            synchronized (log) {
                log.append(message);
            }
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

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
