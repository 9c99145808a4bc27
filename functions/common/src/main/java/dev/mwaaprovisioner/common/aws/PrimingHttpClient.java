package dev.mwaaprovisioner.common.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The HTTP client every factory-built AWS client sends through: it passes each request to the
 * real client, except on a thread that is priming (SnapStart's {@code beforeCheckpoint}), where it
 * answers from a list of canned responses and sends nothing. Priming so runs a handler's whole
 * call path (request marshalling, endpoint rules, signing, response parsing) with no side
 * effect and no network, before Lambda snapshots the JVM.
 */
public final class PrimingHttpClient implements SdkHttpClient {

    /** A canned HTTP response. */
    public record CannedResponse(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private static final ThreadLocal<Deque<CannedResponse>> CANNED = new ThreadLocal<>();

    private final SdkHttpClient delegate;

    private PrimingHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** The client wrapped (once) so that it can prime. */
    public static SdkHttpClient wrap(SdkHttpClient client) {
        return client instanceof PrimingHttpClient ? client : new PrimingHttpClient(client);
    }

    /**
     * Runs {@code work} with every HTTP request of this thread answered by the next of
     * {@code responses}, in order.
     *
     * @throws IllegalStateException if the work made more or fewer requests than responses given:
     *     the handler's call path changed, and so must its priming
     */
    public static <T> T answering(List<CannedResponse> responses, Supplier<T> work) {
        if (CANNED.get() != null) {
            throw new IllegalStateException("Already priming on this thread");
        }
        Deque<CannedResponse> queue = new ArrayDeque<>(responses);
        CANNED.set(queue);
        T result;
        try {
            result = work.get();
        } finally {
            CANNED.remove();
        }
        if (!queue.isEmpty()) {
            throw new IllegalStateException("Priming made " + (responses.size() - queue.size()) + " AWS calls, not "
                    + responses.size() + "; the handler's calls changed, so must its canned responses");
        }
        return result;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        Deque<CannedResponse> queue = CANNED.get();
        if (queue == null) {
            return delegate.prepareRequest(request);
        }
        CannedResponse canned = queue.poll();
        if (canned == null) {
            throw new IllegalStateException("Priming made an AWS call it has no canned response for: "
                    + request.httpRequest().method() + " " + request.httpRequest().getUri());
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                // Read the request body as the real client would: its marshalling and checksums run too.
                request.contentStreamProvider().ifPresent(provider -> {
                    try (InputStream body = provider.newStream()) {
                        body.transferTo(OutputStreamSink.INSTANCE);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(canned.status());
                canned.headers().forEach(response::putHeader);
                response.putHeader("Content-Length", Integer.toString(canned.body().length));
                return HttpExecuteResponse.builder()
                        .response(response.build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(canned.body())))
                        .build();
            }

            @Override
            public void abort() {
                // Nothing in flight.
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** Where a primed request body goes. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
