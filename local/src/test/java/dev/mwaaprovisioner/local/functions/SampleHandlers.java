package dev.mwaaprovisioner.local.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Handlers shaped as the project's are, to drive {@link JavaHandler} and {@link InProcessFunction}. */
public final class SampleHandlers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleHandlers() {
    }

    /** A stream handler answering with a variable of its environment and what it was given. */
    public static final class Echo {
        private final Map<String, String> environment;

        public Echo(Map<String, String> environment) {
            this.environment = environment;
        }

        public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
            byte[] input = in.readAllBytes();
            ObjectNode answer = JSON.createObjectNode();
            answer.put("greeting", environment.get("GREETING"));
            answer.set("input", input.length == 0 ? null : JSON.readTree(input));
            answer.put("function", context.getFunctionName());
            answer.put("instance", System.identityHashCode(this));
            JSON.writeValue(out, answer);
        }
    }

    /** A typed handler: Jackson reads its input and writes its output. */
    public static final class Typed {
        public record Input(String name) {
        }

        public record Output(String message) {
        }

        public Typed(Map<String, String> environment) {
        }

        public Output greet(Input input, Context context) {
            if (input.name() == null) {
                throw new IllegalArgumentException("name is missing", new IllegalStateException("root cause"));
            }
            return new Output("hello " + input.name());
        }
    }

    /** Waits until released, to overrun its timeout or to hold a container busy. */
    public static final class Slow {
        public static volatile CountDownLatch release = new CountDownLatch(1);

        public Slow(Map<String, String> environment) {
        }

        public void handleRequest(InputStream in, OutputStream out) throws InterruptedException, IOException {
            release.await(10, TimeUnit.SECONDS);
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Lambda's way only: reads System.getenv() in its no-argument constructor. */
    public static final class ProcessEnvironmentOnly {
        public ProcessEnvironmentOnly() {
        }

        public void handleRequest(InputStream in, OutputStream out, Context context) {
        }
    }

    /** A constructor that fails, as a handler missing a required variable does. */
    public static final class FailingInit {
        public FailingInit(Map<String, String> environment) {
            throw new IllegalStateException("CONFIG_BUCKET is not set in the environment");
        }

        public void handleRequest(InputStream in, OutputStream out, Context context) {
        }
    }
}
