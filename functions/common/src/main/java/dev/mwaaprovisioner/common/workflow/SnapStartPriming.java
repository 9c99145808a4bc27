package dev.mwaaprovisioner.common.workflow;

import dev.mwaaprovisioner.common.aws.PrimingHttpClient;
import dev.mwaaprovisioner.common.aws.PrimingHttpClient.CannedResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SnapStart priming: before Lambda snapshots a function's initialised JVM (org.crac
 * {@code beforeCheckpoint}), the handler runs once on its sample event from {@code events/}
 * (bundled in the function's jar) with every AWS call answered by a canned response of the
 * function's {@code priming/} resources. The classes of the whole call path -- Jackson reading the
 * input and writing the output, the SDK's marshallers, endpoint rules, signer and response
 * parsers -- are then loaded and initialised in the snapshot, so the first invocation after a
 * restore does not pay for them. Nothing is sent: priming has no side effect.
 */
public final class SnapStartPriming {

    private SnapStartPriming() {
    }

    /** A handler's stream entry point (RequestStreamHandler.handleRequest without the context). */
    @FunctionalInterface
    public interface StreamHandler {
        void handle(InputStream input, OutputStream output) throws IOException;
    }

    /**
     * A canned answer: the HTTP status, the body from a resource of the function's jar, and
     * headers as name-value pairs.
     */
    public static CannedResponse answer(int status, String resource, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        return new CannedResponse(status, map, resource == null ? new byte[0] : bytes(resource));
    }

    /** A sample event of {@code events/<function>/}, as bundled in the function's jar. */
    public static byte[] sampleEvent(String function, String file) {
        return bytes("events/" + function + "/" + file);
    }

    /**
     * Runs the handler on the event with the given answers.
     *
     * @return the handler's output
     * @throws IllegalStateException when the handler fails or its calls do not match the answers
     */
    public static String prime(String function, byte[] event, StreamHandler handler, List<CannedResponse> answers) {
        try {
            return PrimingHttpClient.answering(answers, () -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (InputStream in = new java.io.ByteArrayInputStream(event)) {
                    handler.handle(in, out);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return out.toString(java.nio.charset.StandardCharsets.UTF_8);
            });
        } catch (RuntimeException e) {
            throw new IllegalStateException("SnapStart priming of " + function + " failed: " + e, e);
        }
    }

    /**
     * For {@code beforeCheckpoint}: a priming failure is reported as one WARN line on standard
     * error (the function's log; there is no invocation to log through) and never stops the
     * snapshot, which works unprimed, only slower. A priming that works writes nothing.
     */
    public static void quietly(Runnable priming) {
        try {
            priming.run();
        } catch (RuntimeException e) {
            System.err.println(StepLog.standalone("WARN", e.getMessage()));
        }
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = SnapStartPriming.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Priming resource " + resource + " is missing from the function's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
