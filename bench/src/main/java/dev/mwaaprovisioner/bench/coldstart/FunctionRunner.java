package dev.mwaaprovisioner.bench.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the Lambda runtime does on a cold start, in a fresh JVM whose class path is a function's
 * artifact: load the handler class (static initialisation), construct it, then invoke it once on
 * an event. With {@code --prime} it first runs the handler's SnapStart hook (org.crac
 * {@code beforeCheckpoint}) as Lambda does before taking the snapshot, so the invocation shows
 * what a restored snapshot's first call costs.
 *
 * <p>It prints one line, {@code COLDSTART main=<epoch ms> initNs=... primeNs=... invokeNs=...
 * end=<epoch ms> hwmKb=... ok=...}, which {@link ColdStartBenchmark} reads. It uses only the JDK
 * and the Lambda runtime interfaces (which every artifact carries), so it adds nothing else to
 * the class path it measures.
 */
public final class FunctionRunner {

    private FunctionRunner() {
    }

    public static void main(String[] args) throws Exception {
        long mainAt = System.currentTimeMillis();
        String handlerClass = args[0];
        Path event = Path.of(args[1]);
        boolean prime = args.length > 2 && args[2].equals("--prime");

        long t0 = System.nanoTime();
        Class<?> type = Class.forName(handlerClass, true, FunctionRunner.class.getClassLoader());
        RequestStreamHandler handler = (RequestStreamHandler) type.getDeclaredConstructor().newInstance();
        long t1 = System.nanoTime();
        long primeNs = 0;
        if (prime) {
            Class<?> resource = Class.forName("org.crac.Resource");
            if (!resource.isInstance(handler)) {
                throw new IllegalStateException(handlerClass + " registers no org.crac.Resource to prime");
            }
            resource.getMethod("beforeCheckpoint", Class.forName("org.crac.Context")).invoke(handler, (Object) null);
            primeNs = System.nanoTime() - t1;
        }

        byte[] input = Files.readAllBytes(event);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        boolean ok = true;
        String error = "";
        long t2 = System.nanoTime();
        try (InputStream in = new java.io.ByteArrayInputStream(input)) {
            handler.handleRequest(in, output, new RunnerContext(handlerClass));
        } catch (Throwable e) {
            ok = false;
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            error = trace.toString();
        }
        long t3 = System.nanoTime();
        long endAt = System.currentTimeMillis();
        System.out.println("COLDSTART main=" + mainAt + " initNs=" + (t1 - t0) + " primeNs=" + primeNs
                + " invokeNs=" + (t3 - t2) + " end=" + endAt + " hwmKb=" + peakRssKb() + " ok=" + ok);
        if (ok) {
            System.out.println("OUTPUT " + output.toString(StandardCharsets.UTF_8));
        } else {
            System.out.println("ERROR " + error.replace('\n', '\u001f'));
        }
        System.out.flush();
    }

    /** VmHWM: the peak resident set of this process so far. */
    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** The context a handler gets; ours read none of it. */
    private record RunnerContext(String function) implements Context {
        @Override
        public String getAwsRequestId() {
            return "00000000-0000-0000-0000-000000000000";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + function;
        }

        @Override
        public String getLogStreamName() {
            return "cold-start";
        }

        @Override
        public String getFunctionName() {
            return function;
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:" + function;
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
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
