package dev.mwaaprovisioner.local.functions;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The {@link Context} of one in-process invocation; remaining time counts down in real time. */
final class LocalContext implements Context {

    private final String requestId;
    private final FunctionSettings function;
    private final String invokedArn;
    private final long deadlineNanos;
    private final LambdaLogger logger;

    LocalContext(String requestId, FunctionSettings function, String invokedArn, PrintStream log) {
        this.requestId = requestId;
        this.function = function;
        this.invokedArn = invokedArn;
        this.deadlineNanos = System.nanoTime() + function.timeoutSeconds() * 1_000_000_000L;
        this.logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                log.print(message);
            }

            @Override
            public void log(byte[] message) {
                log.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return function.logGroupName();
    }

    @Override
    public String getLogStreamName() {
        return "local/" + function.functionName();
    }

    @Override
    public String getFunctionName() {
        return function.functionName();
    }

    @Override
    public String getFunctionVersion() {
        return function.version();
    }

    @Override
    public String getInvokedFunctionArn() {
        return invokedArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override
    public int getMemoryLimitInMB() {
        return function.memorySize();
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
